import rule from '../../src/audit/rules/image-no-digest.js';
import { ruleTester } from './helpers.js';

ruleTester(rule, {
  valid: [
    'services:\n  a:\n    image: nginx:1.27@sha256:abc\n  b:\n    image: me/app:1\n    build: .\n',
    { role: 'development', code: 'services:\n  a:\n    image: nginx:1.27\n' },
  ],
  invalid: [{ code: 'services:\n  a:\n    image: nginx:1.27\n', errors: [{ line: 3, column: 5, severity: 'info' }] }],
});
