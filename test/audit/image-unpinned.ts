import rule from '../../src/audit/rules/image-unpinned.js';
import { ruleTester } from './helpers.js';

ruleTester(rule, {
  valid: [
    'services:\n  a:\n    image: postgres:16.4\n  b:\n    image: nginx@sha256:0123456789abcdef\n  c:\n    image: localhost:5000/app:1.2\n  d:\n    build: .\n  e:\n    image: nginx:latest@sha256:abc\n',
  ],
  invalid: [
    {
      code: 'services:\n  a:\n    image: grafana/grafana\n  b:\n    image: prom/prometheus:latest\n  c:\n    image: localhost:5000/app\n  d:\n    image: pytorch/pytorch:latest-gpu\n  e:\n    image: 42\n',
      errors: [
        { line: 3, column: 5, message: /no tag/ },
        { line: 5, column: 5, message: /floating tag "latest"/ },
        { line: 7, column: 5, message: /no tag/ },
        { line: 9, column: 5, message: /latest-gpu/ },
        { line: 11, column: 5 },
      ],
    },
  ],
});
