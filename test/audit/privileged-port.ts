import rule from '../../src/audit/rules/privileged-port.js';
import { ruleTester } from './helpers.js';

ruleTester(rule, {
  valid: ['services:\n  a:\n    ports: ["8080:80", "80", "127.0.0.1:8443:443"]\n'],
  invalid: [
    {
      code: 'services:\n  a:\n    ports:\n      - "80:80"\n      - target: 443\n        published: "443"\n',
      errors: [
        { line: 4, column: 9, severity: 'info' },
        { line: 5, column: 9 },
      ],
    },
  ],
});
