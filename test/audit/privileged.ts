import rule from '../../src/audit/rules/privileged.js';
import { ruleTester, y } from './helpers.js';

ruleTester(rule, {
  valid: [
    y`
      services:
        web:
          image: nginx:1.27
    `,
    y`
      services:
        web:
          image: nginx:1.27
          privileged: false
    `,
    'services:\n  broken: null\n',
    'services: 42\n',
  ],
  invalid: [
    {
      code: y`
        services:
          web:
            image: nginx:1.27
            privileged: true
      `,
      errors: [{ line: 4, column: 5, severity: 'error', path: 'services.web.privileged', message: /runs privileged/ }],
    },
  ],
});
