import rule from '../../src/audit/rules/ports-unquoted.js';
import { ruleTester } from './helpers.js';

ruleTester(rule, {
  valid: [
    'services:\n  a:\n    ports:\n      - "22:22"\n      - \'8080:80\'\n      - 3000\n      - target: 80\n        published: "8080"\n',
  ],
  invalid: [
    {
      code: 'services:\n  a:\n    ports:\n      - 22:22\n      - 127.0.0.1:8080:80/tcp\n',
      errors: [
        { line: 4, column: 9, message: /22:22/ },
        { line: 5, column: 9 },
      ],
    },
  ],
});
