import rule from '../../src/audit/rules/secret-in-command.js';
import { ruleTester, y } from './helpers.js';

ruleTester(rule, {
  valid: [
    {
      name: 'options that say where a secret comes from, and key files (found by an attack run)',
      code: y`
        services:
          login:
            command: sh -c 'echo "$$REG_PASS" | docker login --username ci --password-stdin registry.example.com'
          web:
            command: ["npx", "http-server", "-S", "--cert", "cert.pem", "--key", "key.pem"]
          api:
            command: ["app", "--token-audience", "api", "--secret-store", "vault", "--db-password-env", "DB_PASSWORD"]
      `,
    },
    {
      name: 'no password, a prompt, a reference the shell or the client resolves',
      code: y`
        services:
          db:
            command: ["mysqld", "--port", "3306", "-p3306"]
            healthcheck:
              test: ["CMD", "mysqladmin", "ping", "-h", "localhost", "-p", "--silent"]
          db2:
            healthcheck:
              test: ["CMD-SHELL", "mysqladmin ping -p$MYSQL_ROOT_PASSWORD && mysql -p\\"$(cat /run/secrets/db)\\" -e 'select 1'"]
          db3:
            healthcheck:
              test: ["CMD-SHELL", "mysqladmin ping -h 127.0.0.1 --password=\\"$(cat /run/secrets/db-password)\\" --silent"]
          db4:
            command: ["sh", "-c", "mysqldump -uroot -p\${MYSQL_ROOT_PASSWORD} app > /backup/app.sql"]
      `,
    },
    {
      name: '-p is a port, not a password, outside the MySQL clients',
      code: 'services:\n  a:\n    command: ["iperf3", "-s", "-p5201"]\n  b:\n    command: ["sh", "-c", "nc -l -p8080"]\n',
    },
    {
      name: '`--password DB`: the next word is no password for the MySQL and PostgreSQL clients',
      code: 'services:\n  a:\n    command: ["mysql", "--password", "appdb"]\n  b:\n    command: ["psql", "-U", "app", "--password", "appdb"]\n  c:\n    command: ["pg_dump", "--no-password", "appdb"]\n',
    },
    {
      name: 'the password interpolated into the command',
      code: 'services:\n  db:\n    healthcheck:\n      test: ["CMD", "mysqladmin", "ping", "-pFrom-env-91"]\n',
      files: {
        'compose.yaml': 'services:\n  db:\n    healthcheck:\n      test: ["CMD", "mysqladmin", "ping", "-p${DB_PW}"]\n',
      },
    },
  ],
  invalid: [
    {
      name: "a command of options is the entrypoint's arguments (Docker runs them as one list)",
      code: y`
        services:
          db:
            entrypoint: ["mysqladmin"]
            command: ["-uroot", "-pHunter2Secret", "ping"]
          app:
            command: ["-uroot", "-pNoProgram9"]
      `,
      errors: [
        {
          line: 4,
          column: 25,
          path: 'services.db.command[1]',
          message: /^command of service "db" gives mysqladmin a password on the command line \(-p\)$/,
        },
      ],
    },
    {
      code: y`
        services:
          db:
            healthcheck:
              test: ["CMD", "mysqladmin", "ping", "-h", "localhost", "-uroot", "-pS3cret"]
            command: ["sh", "-c", "mysqldump -uroot -p'S3cret' app > /backup/app.sql"]
            post_start:
              - command: ["bash", "-ec", "mariadb --password=S3cret -e 'select 1'"]
          cache:
            command: ["redis-server", "--requirepass", "R3dis-pw"]
            healthcheck:
              test: ["CMD-SHELL", "/usr/bin/mysqladmin ping -pS3cret || exit 1"]
      `,
      errors: [
        {
          line: 4,
          column: 72,
          path: 'services.db.healthcheck.test[6]',
          message: /^healthcheck\.test of service "db" gives mysqladmin a password on the command line \(-p\)$/,
        },
        { line: 5, column: 27, path: 'services.db.command[2]', message: /gives mysqldump .* \(-p\)$/ },
        {
          line: 7,
          column: 34,
          path: 'services.db.post_start[0].command[2]',
          message: /gives mariadb .* \(--password\)$/,
        },
        { line: 9, column: 48, path: 'services.cache.command[2]', message: /gives redis-server .* \(--requirepass\)$/ },
        { line: 11, column: 27, path: 'services.cache.healthcheck.test[1]', message: /gives mysqladmin/ },
      ],
    },
  ],
});
