import rule from '../../src/audit/rules/develop-section-in-production.js';
import { ruleTester } from './helpers.js';

ruleTester(rule, {
  valid: ['services:\n  a:\n    image: x:1\n'],
  invalid: [
    {
      code: 'services:\n  a:\n    develop:\n      watch:\n        - action: sync\n          path: ./src\n          target: /app/src\n',
      errors: [{ line: 3, column: 5, severity: 'info' }],
    },
  ],
});
