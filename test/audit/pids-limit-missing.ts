import rule from '../../src/audit/rules/pids-limit-missing.js';
import { ruleTester } from './helpers.js';

ruleTester(rule, {
  valid: [
    'services:\n  a:\n    pids_limit: 100\n',
    'services:\n  a:\n    deploy:\n      resources:\n        limits:\n          pids: 50\n',
  ],
  invalid: [
    {
      code: 'services:\n  a:\n    pids_limit: -1\n  b:\n    image: x:1\n',
      errors: [
        { line: 3, column: 5 },
        { line: 4, column: 3 },
      ],
    },
  ],
});
