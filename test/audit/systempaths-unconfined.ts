import rule from '../../src/audit/rules/systempaths-unconfined.js';
import { ruleTester } from './helpers.js';

ruleTester(rule, {
  valid: ['services:\n  a:\n    security_opt: ["no-new-privileges:true", "label=type:container_t"]\n'],
  invalid: [
    {
      code: 'services:\n  a:\n    security_opt:\n      - no-new-privileges:true\n      - systempaths=unconfined\n',
      errors: [{ line: 5, column: 9, path: 'services.a.security_opt[1]', message: /systempaths=unconfined/ }],
    },
  ],
});
