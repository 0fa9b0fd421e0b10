import rule from '../../src/audit/rules/apparmor-unconfined.js';
import { ruleTester } from './helpers.js';

ruleTester(rule, {
  valid: ['services:\n  a:\n    security_opt: ["apparmor:my-profile"]\n'],
  invalid: [
    {
      code: 'services:\n  a:\n    security_opt: ["apparmor:unconfined"]\n  b:\n    security_opt: ["apparmor=unconfined"]\n',
      errors: [
        { line: 3, column: 20 },
        { line: 5, column: 20 },
      ],
    },
  ],
});
