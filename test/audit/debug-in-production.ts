import rule from '../../src/audit/rules/debug-in-production.js';
import { ruleTester, y } from './helpers.js';

ruleTester(rule, {
  valid: [
    'services:\n  a:\n    environment:\n      DEBUG: "false"\n      NODE_ENV: production\n      LOG_LEVEL: info\n      FLASK_DEBUG: "0"\n',
    { role: 'development', code: 'services:\n  a:\n    environment:\n      DEBUG: "true"\n' },
  ],
  invalid: [
    {
      code: y`
        services:
          a:
            environment:
              DEBUG: "1"
              NODE_ENV: development
              ASPNETCORE_ENVIRONMENT: Development
              LOG_LEVEL: trace
      `,
      errors: [
        { line: 4, column: 7, message: /debug mode/ },
        { line: 5, column: 7, message: /development environment/ },
        { line: 6, column: 7 },
        { line: 7, column: 7, message: /trace logging/ },
      ],
    },
    {
      code: 'services:\n  a:\n    environment:\n      - DJANGO_DEBUG=True\n      - RAILS_ENV=development\n',
      errors: [
        { line: 4, column: 9 },
        { line: 5, column: 9 },
      ],
    },
  ],
});
