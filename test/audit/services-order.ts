import rule from '../../src/audit/rules/services-order.js';
import { ruleTester } from './helpers.js';

ruleTester(rule, {
  valid: ['services:\n  api:\n    image: x:1\n  db:\n    image: x:1\n'],
  invalid: [
    {
      code: 'services:\n  web:\n    image: x:1\n  api:\n    image: x:1\n  db:\n    image: x:1\n',
      errors: [
        { line: 4, column: 3, message: /"api" should come before "web"/ },
        { line: 6, column: 3 },
      ],
    },
  ],
});
