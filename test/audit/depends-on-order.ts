import rule from '../../src/audit/rules/depends-on-order.js';
import { ruleTester } from './helpers.js';

ruleTester(rule, {
  valid: [
    'services:\n  a:\n    depends_on: [b, c]\n',
    'services:\n  a:\n    depends_on:\n      b: {condition: service_started}\n      c: {condition: service_started}\n',
  ],
  invalid: [
    {
      code: 'services:\n  a:\n    depends_on:\n      - c\n      - b\n',
      errors: [{ line: 5, column: 9, message: /"b" .* before "c"/ }],
    },
    {
      code: 'services:\n  a:\n    depends_on:\n      c: {condition: service_started}\n      b: {condition: service_started}\n',
      errors: [{ line: 5, column: 7 }],
    },
  ],
});
