import rule from '../../src/audit/rules/credentials-in-url.js';
import { ruleTester, y } from './helpers.js';

ruleTester(rule, {
  valid: [
    {
      name: 'an Oracle password interpolated',
      code: 'services:\n  api:\n    environment:\n      ORACLE_CONNECTION: scott/tiger@db:1521/XE\n',
      files: {
        'compose.yaml': 'services:\n  api:\n    environment:\n      ORACLE_CONNECTION: scott/${ORACLE_PW}@db:1521/XE\n',
      },
    },
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
      name: 'Oracle connect strings',
      code: y`
        services:
          api:
            environment:
              ORACLE_CONNECTION: scott/tiger@db:1521/XE
              JDBC_URL: jdbc:oracle:thin:app/s3cret@//db:1521/FREEPDB1
              ACTION: actions/checkout@v4
              IMAGE: repo/img@sha256:0123abcdef
      `,
      errors: [
        {
          line: 4,
          column: 7,
          message: /ORACLE_CONNECTION .* an Oracle connect string with the password of user "scott"/,
        },
        { line: 5, column: 7, message: /JDBC_URL .* user "app"/ },
      ],
    },
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
