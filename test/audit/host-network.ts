import rule from '../../src/audit/rules/host-network.js';
import { ruleTester } from './helpers.js';

ruleTester(rule, {
  valid: [
    'services:\n  a:\n    image: x:1\n',
    'services:\n  a:\n    network_mode: "service:b"\n  b:\n    image: x:1\n',
  ],
  invalid: [
    {
      role: 'development',
      code: 'services:\n  a:\n    image: x:1\n    network_mode: host\n',
      errors: [{ line: 4, column: 5, path: 'services.a.network_mode', message: /network_mode: host/ }],
    },
  ],
});
