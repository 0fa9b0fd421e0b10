import rule from '../../src/audit/rules/runs-as-root.js';
import { ruleTester } from './helpers.js';

ruleTester(rule, {
  valid: [
    'services:\n  a:\n    user: "10001:10001"\n',
    'services:\n  a:\n    user: node\n',
    'services:\n  a:\n    user: 1000\n',
  ],
  invalid: [
    { code: 'services:\n  a:\n    image: x:1\n', errors: [{ line: 2, column: 3, message: /sets no user/ }] },
    {
      code: 'services:\n  a:\n    user: root\n  b:\n    user: "0:0"\n  c:\n    user: 0\n',
      errors: [
        { line: 3, column: 5 },
        { line: 5, column: 5 },
        { line: 7, column: 5, message: /user: 0/ },
      ],
    },
  ],
});
