import rule from '../../src/audit/rules/seccomp-unconfined.js';
import { ruleTester } from './helpers.js';

ruleTester(rule, {
  valid: [
    'services:\n  a:\n    security_opt: ["seccomp:./profile.json"]\n',
    'services:\n  a:\n    security_opt: "seccomp:unconfined"\n',
  ],
  invalid: [
    {
      code: 'services:\n  a:\n    security_opt:\n      - no-new-privileges:true\n      - seccomp:unconfined\n  b:\n    security_opt: ["seccomp=unconfined"]\n',
      errors: [
        { line: 5, column: 9, path: 'services.a.security_opt[1]' },
        { line: 7, column: 20 },
      ],
    },
  ],
});
