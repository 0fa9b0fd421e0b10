import rule from '../../src/audit/rules/ports-order.js';
import { ruleTester } from './helpers.js';

ruleTester(rule, {
  valid: ['services:\n  a:\n    ports: ["80:80", "443:443", "8080:8080"]\n'],
  invalid: [
    {
      code: 'services:\n  a:\n    ports:\n      - "8080:80"\n      - target: 443\n        published: "443"\n',
      errors: [{ line: 5, column: 9, message: /443 .* before 8080/ }],
    },
  ],
});
