import rule from '../../src/audit/rules/restart-unbounded.js';
import { ruleTester } from './helpers.js';

ruleTester(rule, {
  valid: [
    'services:\n  a:\n    restart: on-failure:5\n',
    'services:\n  a:\n    deploy:\n      restart_policy:\n        max_attempts: 3\n',
  ],
  invalid: [
    {
      code: 'services:\n  a:\n    restart: always\n  b:\n    deploy:\n      restart_policy:\n        condition: any\n',
      errors: [
        { line: 3, column: 5, severity: 'info' },
        { line: 6, column: 7 },
      ],
    },
  ],
});
