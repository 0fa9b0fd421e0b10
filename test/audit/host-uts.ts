import rule from '../../src/audit/rules/host-uts.js';
import { ruleTester } from './helpers.js';

ruleTester(rule, {
  valid: ['services:\n  a:\n    image: x:1\n', 'services:\n  a:\n    uts: "service:b"\n  b:\n    image: x:1\n'],
  invalid: [
    {
      role: 'development',
      code: 'services:\n  a:\n    image: x:1\n    uts: host\n',
      errors: [{ line: 4, column: 5, path: 'services.a.uts', message: /uts: host/ }],
    },
  ],
});
