import rule from '../../src/audit/rules/debug-port-published.js';
import { ruleTester } from './helpers.js';

ruleTester(rule, {
  valid: [
    'services:\n  a:\n    ports: ["8080:80"]\n',
    { role: 'development', code: 'services:\n  a:\n    ports: ["9229:9229"]\n' },
  ],
  invalid: [
    {
      code: 'services:\n  a:\n    ports:\n      - "127.0.0.1:9229:9229"\n      - target: 5005\n        published: "5005"\n',
      errors: [
        { line: 4, column: 9, message: /Node.js inspector/ },
        { line: 5, column: 9, message: /JDWP/ },
      ],
    },
  ],
});
