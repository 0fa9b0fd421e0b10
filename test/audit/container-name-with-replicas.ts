import rule from '../../src/audit/rules/container-name-with-replicas.js';
import { ruleTester } from './helpers.js';

ruleTester(rule, {
  valid: [
    'services:\n  a:\n    container_name: a\n    deploy:\n      replicas: 1\n',
    'services:\n  a:\n    deploy:\n      replicas: 3\n',
  ],
  invalid: [
    {
      code: 'services:\n  a:\n    container_name: web\n    deploy:\n      replicas: 3\n  b:\n    container_name: b\n    scale: 2\n',
      errors: [
        { line: 3, column: 5, message: /3 replicas/ },
        { line: 7, column: 5 },
      ],
    },
  ],
});
