import rule from '../../src/audit/rules/depends-on-not-healthy.js';
import { ruleTester, y } from './helpers.js';

const db =
  '  db:\n    image: postgres:16\n    healthcheck:\n      test: ["CMD", "pg_isready"]\n  cache:\n    image: redis:7\n';

ruleTester(rule, {
  valid: [
    `services:\n  api:\n    depends_on:\n      db:\n        condition: service_healthy\n      cache:\n        condition: service_started\n${db}`,
    `services:\n  api:\n    depends_on: [cache]\n${db}`,
  ],
  invalid: [
    {
      name: 'short form',
      code: `services:\n  api:\n    depends_on: [cache, db]\n${db}`,
      errors: [{ line: 3, column: 25, path: 'services.api.depends_on[1]' }],
    },
    {
      name: 'long form (canonical)',
      code:
        y`
        services:
          api:
            depends_on:
              db:
                condition: service_started
                required: true
      ` + db,
      errors: [{ line: 4, column: 7, path: 'services.api.depends_on.db' }],
    },
  ],
});
