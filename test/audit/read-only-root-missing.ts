import rule from '../../src/audit/rules/read-only-root-missing.js';
import { ruleTester } from './helpers.js';

ruleTester(rule, {
  valid: ['services:\n  a:\n    read_only: true\n', { role: 'development', code: 'services:\n  a:\n    image: x:1\n' }],
  invalid: [
    {
      code: 'services:\n  a:\n    image: x:1\n  b:\n    read_only: false\n',
      errors: [
        { line: 2, column: 3 },
        { line: 5, column: 5 },
      ],
    },
  ],
});
