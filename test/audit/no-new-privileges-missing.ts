import rule from '../../src/audit/rules/no-new-privileges-missing.js';
import { ruleTester } from './helpers.js';

ruleTester(rule, {
  valid: [
    'services:\n  a:\n    security_opt: ["no-new-privileges:true"]\n',
    'services:\n  a:\n    security_opt: [no-new-privileges]\n',
    'services:\n  a:\n    security_opt: ["no-new-privileges=true"]\n',
    { role: 'other', code: 'services:\n  a:\n    image: x:1\n' },
  ],
  invalid: [
    { code: 'services:\n  a:\n    image: x:1\n', errors: [{ line: 2, column: 3, message: /no security_opt/ }] },
    {
      code: 'services:\n  a:\n    security_opt: ["no-new-privileges:false", "label:type:x"]\n',
      errors: [{ line: 3, column: 5 }],
    },
  ],
});
