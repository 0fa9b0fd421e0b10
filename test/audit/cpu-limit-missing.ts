import rule from '../../src/audit/rules/cpu-limit-missing.js';
import { ruleTester } from './helpers.js';

ruleTester(rule, {
  valid: [
    'services:\n  a:\n    cpus: 0.5\n',
    'services:\n  a:\n    deploy:\n      resources:\n        limits:\n          cpus: "2"\n',
  ],
  invalid: [
    {
      code: 'services:\n  a:\n    deploy:\n      resources:\n        limits:\n          memory: 1G\n',
      errors: [{ line: 5, column: 9, message: /no CPU limit/ }],
    },
  ],
});
