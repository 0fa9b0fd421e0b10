import rule from '../../src/audit/rules/top-level-order.js';
import { ruleTester } from './helpers.js';

ruleTester(rule, {
  valid: ['x-common: &c {}\nname: p\nservices: {}\nnetworks: {}\nvolumes: {}\n'],
  invalid: [
    {
      code: 'services: {}\nname: p\nvolumes: {}\nnetworks: {}\n',
      errors: [
        { line: 2, column: 1 },
        { line: 4, column: 1 },
      ],
    },
  ],
});
