import rule from '../../src/audit/rules/default-network-only.js';
import { ruleTester, y } from './helpers.js';

ruleTester(rule, {
  valid: [
    'services:\n  a:\n    networks: [backend]\n',
    'services:\n  a:\n    networks:\n      backend:\n        aliases: [db]\n      default: null\n',
    'services:\n  a:\n    network_mode: "service:b"\n',
    { role: 'development', code: 'services:\n  a:\n    image: x:1\n' },
  ],
  invalid: [
    {
      name: 'canonical form: networks {default: null}',
      code: y`
      services:
        a:
          image: x:1
          networks:
            default: null
        b:
          image: x:1
    `,
      errors: [
        { line: 4, column: 5, severity: 'info' },
        { line: 6, column: 3 },
      ],
    },
  ],
});
