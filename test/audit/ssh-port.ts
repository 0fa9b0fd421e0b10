import rule from '../../src/audit/rules/ssh-port.js';
import { ruleTester } from './helpers.js';

ruleTester(rule, {
  valid: ['services:\n  a:\n    ports: ["2222:8022"]\n'],
  invalid: [
    {
      code: 'services:\n  a:\n    ports: ["49100:22"]\n  b:\n    ports:\n      - target: 22\n',
      errors: [
        { line: 3, column: 13 },
        { line: 6, column: 9 },
      ],
    },
  ],
});
