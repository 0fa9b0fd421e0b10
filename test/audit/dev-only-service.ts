import rule from '../../src/audit/rules/dev-only-service.js';
import { ruleTester } from './helpers.js';

const development =
  'services:\n  api:\n    image: a:1\n    depends_on: [mailhog, db]\n  mailhog:\n    image: mailhog/mailhog:v1\n  db:\n    image: postgres:16\n';

ruleTester(rule, {
  valid: [
    {
      development,
      code: 'services:\n  api:\n    image: a:1\n  db:\n    image: postgres:16\n  mailhog:\n    image: m:1\n',
    },
  ],
  invalid: [
    {
      development,
      code: 'services:\n  api:\n    image: a:1\n    environment:\n      SMTP_HOST: mailhog\n      SMTP_URL: smtp://mailhog:1025\n  db:\n    image: postgres:16\n',
      errors: [
        { line: 2, column: 3, message: /depends on "mailhog"/ },
        { line: 5, column: 7 },
        { line: 6, column: 7 },
      ],
    },
  ],
});
