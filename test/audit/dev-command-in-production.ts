import rule from '../../src/audit/rules/dev-command-in-production.js';
import { ruleTester } from './helpers.js';

ruleTester(rule, {
  valid: [
    'services:\n  a:\n    command: ["node", "dist/server.js"]\n  b:\n    command: gunicorn app:app --workers 4\n  c:\n    command: rails s -e production\n',
    { role: 'development', code: 'services:\n  a:\n    command: npm run dev\n' },
  ],
  invalid: [
    {
      code: 'services:\n  a:\n    command: npm run dev\n  b:\n    command: ["uvicorn", "main:app", "--reload"]\n  c:\n    entrypoint: ["python", "manage.py", "runserver", "0.0.0.0:8000"]\n  d:\n    command: bundle exec rails s -b 0.0.0.0\n  e:\n    command: nodemon src/index.js\n',
      errors: [
        { line: 3, column: 5, message: /dev script/ },
        { line: 5, column: 5, message: /auto-reload/ },
        { line: 7, column: 5, message: /Django/ },
        { line: 9, column: 5, message: /rails/ },
        { line: 11, column: 5 },
      ],
    },
  ],
});
