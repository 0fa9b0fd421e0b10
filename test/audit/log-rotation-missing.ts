import rule from '../../src/audit/rules/log-rotation-missing.js';
import { ruleTester } from './helpers.js';

ruleTester(rule, {
  valid: [
    'services:\n  a:\n    logging:\n      driver: json-file\n      options:\n        max-size: 10m\n',
    'services:\n  a:\n    logging:\n      driver: local\n',
    'services:\n  a:\n    logging:\n      driver: syslog\n',
  ],
  invalid: [
    { code: 'services:\n  a:\n    image: x:1\n', errors: [{ line: 2, column: 3, message: /no logging/ }] },
    {
      code: 'services:\n  a:\n    logging:\n      driver: json-file\n      options:\n        max-file: "3"\n',
      errors: [{ line: 5, column: 7, message: /without max-size/ }],
    },
  ],
});
