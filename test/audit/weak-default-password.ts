import rule from '../../src/audit/rules/weak-default-password.js';
import { ruleTester, y } from './helpers.js';

ruleTester(rule, {
  valid: [
    'services:\n  db:\n    environment:\n      POSTGRES_PASSWORD: Xk2-pq9_LmZ4\n      POSTGRES_USER: app\n      ADMIN_USER: admin\n',
    {
      name: 'empty, a path, a reference, a switch: nothing to judge (docker-elk .env, *_FILE paths)',
      code: y`
        services:
          a:
            environment:
              METRICBEAT_INTERNAL_PASSWORD: ""
              DATABASE_PASSWORD: /run/secrets/db-password
              REDIS_PASSWORD: $$REDIS_PASSWORD
              REQUIRE_PASSWORD: "true"
              PASSWORD_MIN_LENGTH: "8"
      `,
    },
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
    {
      name: 'short passwords (frappe dev container MYSQL_ROOT_PASSWORD: 123, example.env DB_PASSWORD=123)',
      code: y`
        services:
          mariadb:
            environment:
              MYSQL_ROOT_PASSWORD: 123
              MARIADB_AUTO_UPGRADE: 1
          db:
            environment:
              MYSQL_ROOT_PASSWORD: "1234567"
              MYSQL_PASSWORD: "k3#Lp9!q"
      `,
      errors: [
        { line: 4, column: 7, message: /MYSQL_ROOT_PASSWORD of service "mariadb" is only 3 characters long/ },
        { line: 8, column: 7, message: /only 7 characters/ },
      ],
    },
    {
      name: 'a secret word without a separator (pi-hole WEBPASSWORD from .env)',
      code: 'services:\n  pihole:\n    environment:\n      - WEBPASSWORD=changeit\n      - DBPASSWD=changeme\n',
      errors: [
        { line: 4, column: 9, message: /WEBPASSWORD .* well-known default/ },
        { line: 5, column: 9 },
      ],
    },
  ],
});
