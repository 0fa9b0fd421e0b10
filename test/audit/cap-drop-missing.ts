import rule from '../../src/audit/rules/cap-drop-missing.js';
import { ruleTester, y } from './helpers.js';

ruleTester(rule, {
  valid: [
    y`
      services:
        web:
          image: nginx:1.27
          cap_drop: [all]
    `,
    y`
      services:
        web:
          cap_drop: [CAP_ALL]
    `,
    { name: 'development role', role: 'development', code: 'services:\n  web:\n    image: nginx:1.27\n' },
  ],
  invalid: [
    {
      name: 'absent: points at the service',
      code: 'services:\n  web:\n    image: nginx:1.27\n',
      errors: [{ line: 2, column: 3, message: /no cap_drop/, path: 'services.web.cap_drop' }],
    },
    { code: 'services:\n  web:\n    cap_drop: [NET_RAW]\n', errors: [{ line: 3, column: 5, message: /not ALL/ }] },
  ],
});
