import rule from '../../src/audit/rules/secret-in-environment.js';
import { ruleTester, y } from './helpers.js';

const interpolatedRaw = y`
  services:
    db:
      environment:
        POSTGRES_PASSWORD: \${DB_PASSWORD:?}
`;

ruleTester(rule, {
  valid: [
    y`
      services:
        api:
          environment:
            PASSWORD_MIN_LENGTH: "8"
            DB_PASSWORD_FILE: /run/secrets/db_password
            API_KEY_FILE: /run/secrets/api_key
            TLS_KEY: /certs/server.key
            AWS_ACCESS_KEY_ID: AKIDEXAMPLE
            REQUIRE_PASSWORD: "true"
            TOKEN_EXPIRY: "3600"
            PUBLIC_KEY: abc
            PWD: /app
            DB_PASSWORD: ""
            SMTP_PASSWORD: null
            JWT_SECRET: \${JWT_SECRET}
    `,
    {
      name: 'value interpolated from the environment (raw text has ${...})',
      code: 'services:\n  db:\n    environment:\n      POSTGRES_PASSWORD: s3cr3t-from-env\n',
      files: { 'compose.yaml': interpolatedRaw },
    },
    { name: 'list syntax, reference', code: 'services:\n  db:\n    environment:\n      - MYSQL_PASSWORD\n' },
    {
      name: 'access-key ids: the id half of a pair (AWS, S3, MinIO), whatever the value looks like',
      code: y`
        services:
          backup:
            environment:
              AWS_ACCESS_KEY_ID: AKIAIOSFODNN7EXAMPLE
              S3_ACCESS_KEY: backup-user
              MINIO_ACCESS_KEY: minio
              BUCKET_ID: AKIAIOSFODNN7EXAMPLE
      `,
    },
  ],
  invalid: [
    {
      name: 'map syntax (canonical)',
      code: y`
        services:
          api:
            environment:
              DB_PASSWORD: hunter22
              stripeSecretKey: abc123
              AWS_SECRET_ACCESS_KEY: wJalrXUtnFEMI
              SECRET_KEY_BASE: 0123abcd
              GITHUB: ghp_abcdefghijklmnopqrstuvwxyz0123456789
      `,
      errors: [
        {
          line: 4,
          column: 7,
          severity: 'error',
          message: /DB_PASSWORD .* plaintext secret/,
          path: 'services.api.environment.DB_PASSWORD',
        },
        { line: 5, column: 7 },
        { line: 6, column: 7 },
        { line: 7, column: 7 },
        { line: 8, column: 7, message: /GitHub token/ },
      ],
    },
    {
      name: 'list syntax',
      code: 'services:\n  grafana:\n    environment:\n      - GF_SECURITY_ADMIN_PASSWORD=admin\n      - GF_SECURITY_ADMIN_USER=admin\n',
      errors: [{ line: 4, column: 9, path: 'services.grafana.environment[0]' }],
    },
    {
      name: 'the secret half of an access key pair, and a secret word without a separator',
      code: y`
        services:
          backup:
            environment:
              AWS_SECRET_ACCESS_KEY: wJalrXUtnFEMIK7MDENGbPxRfiCYEXAMPLEKEY
              S3_SECRET_KEY: s3cr3t-value
              WEBPASSWORD: changeit
              CLIENTSECRET: abc123def
      `,
      errors: [
        { line: 4, column: 7 },
        { line: 5, column: 7 },
        { line: 6, column: 7, message: /WEBPASSWORD/ },
        { line: 7, column: 7 },
      ],
    },
  ],
});
