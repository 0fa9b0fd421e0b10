import rule from '../../src/audit/rules/docker-api-port.js';
import { ruleTester } from './helpers.js';

ruleTester(rule, {
  valid: ['services:\n  a:\n    ports: ["8080:80"]\n'],
  invalid: [
    {
      code: 'services:\n  dind:\n    ports:\n      - "127.0.0.1:2375:2375"\n      - target: 2376\n        published: "12376"\n',
      errors: [
        { line: 4, column: 9, message: /2375 \(unencrypted/ },
        { line: 5, column: 9, message: /2376/ },
      ],
    },
  ],
});
