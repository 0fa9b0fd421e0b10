import rule from '../../src/audit/rules/credentials-in-url.js';
import { ruleTester, y } from './helpers.js';

ruleTester(rule, {
  valid: [
    'services:\n  api:\n    environment:\n      DATABASE_URL: postgres://app@db:5432/app\n      CACHE: redis://redis:6379\n      X: "http://user:$${PASSWORD}@host"\n',
    {
      name: 'password interpolated into the URL',
      code: 'services:\n  api:\n    environment:\n      DATABASE_URL: postgres://app:s3cret@db/app\n',
      files: {
        'compose.yaml':
          'services:\n  api:\n    environment:\n      DATABASE_URL: postgres://app:${DB_PASSWORD}@db/app\n',
      },
    },
  ],
  invalid: [
    {
      code: y`
        services:
          api:
            environment:
              - DATABASE_URL=postgres://app:s3cret@db:5432/app
            command: ["worker", "--broker", "amqp://guest:guest@rabbit//"]
            labels:
              backup.target: "s3://AKIA:secretpart@bucket/path"
            healthcheck:
              test: curl -f http://admin:pw@localhost/health
      `,
      errors: [
        { line: 4, column: 9, message: /postgres:\/\/ URL with the password of user "app"/ },
        { line: 5, column: 37, path: 'services.api.command[2]' },
        { line: 7, column: 7 },
        { line: 9, column: 7 },
      ],
    },
  ],
});
