import rule from '../../src/audit/rules/weak-default-password.js';
import { ruleTester, y } from './helpers.js';

ruleTester(rule, {
  valid: [
    'services:\n  db:\n    environment:\n      POSTGRES_PASSWORD: Xk2-pq9_LmZ4\n      POSTGRES_USER: app\n      ADMIN_USER: admin\n',
  ],
  invalid: [
    {
      code: y`
        services:
          grafana:
            environment:
              GF_SECURITY_ADMIN_PASSWORD: admin
          db:
            environment:
              - POSTGRES_USER=keycloak
              - POSTGRES_PASSWORD=keycloak
              - MYSQL_ROOT_PASSWORD=ChangeMe
      `,
      errors: [
        { line: 4, column: 7, message: /well-known default/ },
        { line: 8, column: 9, message: /user name/ },
        { line: 9, column: 9 },
      ],
    },
    {
      name: 'also when interpolated: the default is what deploys',
      code: 'services:\n  a:\n    environment:\n      RABBITMQ_DEFAULT_PASS: guest\n',
      files: {
        'compose.yaml': 'services:\n  a:\n    environment:\n      RABBITMQ_DEFAULT_PASS: ${RABBIT_PASS:-guest}\n',
      },
      errors: [{ line: 4, column: 7 }],
    },
  ],
});
