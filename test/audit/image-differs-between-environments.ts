import rule from '../../src/audit/rules/image-differs-between-environments.js';
import { ruleTester } from './helpers.js';

const development = 'services:\n  api:\n    image: shop/api:1.4\n  db:\n    image: postgres:16\n';

ruleTester(rule, {
  valid: [
    { development, code: 'services:\n  api:\n    image: shop/api:1.4\n  db:\n    image: postgres:16\n' },
    { name: 'no development model', code: 'services:\n  api:\n    image: shop/api:2\n' },
  ],
  invalid: [
    {
      development,
      code: 'services:\n  api:\n    image: shop/api:1.3\n  db:\n    image: postgres:15-alpine\n',
      errors: [
        { line: 3, column: 5, message: /different tag/ },
        { line: 5, column: 5 },
      ],
    },
  ],
});
