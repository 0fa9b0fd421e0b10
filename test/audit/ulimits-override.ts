import rule from '../../src/audit/rules/ulimits-override.js';
import { ruleTester, y } from './helpers.js';

ruleTester(rule, {
  valid: [
    'services:\n  a:\n    ulimits:\n      nproc: 65535\n      nofile:\n        soft: 20000\n        hard: 40000\n',
  ],
  invalid: [
    {
      code: y`
        services:
          es:
            ulimits:
              memlock:
                soft: -1
                hard: -1
              nofile: 2000000
              core: unlimited
      `,
      errors: [
        { line: 4, column: 7, severity: 'info', message: /memlock to -1\/-1/ },
        { line: 7, column: 7 },
        { line: 8, column: 7 },
      ],
    },
  ],
});
