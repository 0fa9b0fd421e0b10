import rule from '../../src/audit/rules/cap-add-dangerous.js';
import { ruleTester, y } from './helpers.js';

ruleTester(rule, {
  valid: [
    y`
      services:
        web:
          image: nginx:1.27
          cap_add: [NET_BIND_SERVICE, CHOWN]
    `,
    'services:\n  web:\n    cap_add: 7\n',
  ],
  invalid: [
    {
      name: 'any case, with or without CAP_',
      code: y`
        services:
          vpn:
            image: wg:1
            cap_add:
              - NET_ADMIN
              - cap_sys_module
              - CHOWN
              - all
      `,
      errors: [
        { line: 5, column: 9, message: /NET_ADMIN/, path: 'services.vpn.cap_add[0]' },
        { line: 6, column: 9, message: /SYS_MODULE/ },
        { line: 8, column: 9, message: /ALL \(every capability\)/ },
      ],
    },
  ],
});
