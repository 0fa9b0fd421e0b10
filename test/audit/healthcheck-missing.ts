import rule from '../../src/audit/rules/healthcheck-missing.js';
import { ruleTester, y } from './helpers.js';

ruleTester(rule, {
  valid: [
    'services:\n  a:\n    healthcheck:\n      test: ["CMD", "true"]\n',
    'services:\n  a:\n    healthcheck:\n      test: curl -f http://localhost\n',
  ],
  invalid: [
    {
      role: 'development',
      code: y`
        services:
          a:
            image: x:1
          b:
            healthcheck:
              disable: true
          c:
            healthcheck:
              test: ["NONE"]
      `,
      errors: [
        { line: 2, column: 3, message: /no healthcheck/ },
        { line: 6, column: 7, message: /disables/ },
        { line: 9, column: 7 },
      ],
    },
  ],
});
