import rule from '../../src/audit/rules/selinux-disabled.js';
import { ruleTester } from './helpers.js';

ruleTester(rule, {
  valid: ['services:\n  a:\n    security_opt: ["label:type:svirt_apache_t"]\n'],
  invalid: [
    {
      code: 'services:\n  a:\n    security_opt: ["label:disable"]\n  b:\n    security_opt: ["label=disable"]\n',
      errors: [
        { line: 3, column: 20, severity: 'warning' },
        { line: 5, column: 20 },
      ],
    },
  ],
});
