import rule from '../../src/audit/rules/userns-host.js';
import { ruleTester } from './helpers.js';

ruleTester(rule, {
  valid: ['services:\n  a:\n    image: x:1\n', 'services:\n  a:\n    userns_mode: "private"\n'],
  invalid: [
    {
      role: 'development',
      code: 'services:\n  a:\n    userns_mode: host\n',
      errors: [{ line: 3, column: 5, severity: 'error' }],
    },
  ],
});
