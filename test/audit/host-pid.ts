import rule from '../../src/audit/rules/host-pid.js';
import { ruleTester } from './helpers.js';

ruleTester(rule, {
  valid: ['services:\n  a:\n    image: x:1\n', 'services:\n  a:\n    pid: "service:b"\n  b:\n    image: x:1\n'],
  invalid: [
    {
      role: 'development',
      code: 'services:\n  a:\n    image: x:1\n    pid: host\n',
      errors: [{ line: 4, column: 5, path: 'services.a.pid', message: /pid: host/ }],
    },
  ],
});
