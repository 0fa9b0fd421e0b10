import rule from '../../src/audit/rules/restart-policy-missing.js';
import { ruleTester } from './helpers.js';

ruleTester(rule, {
  valid: [
    'services:\n  a:\n    restart: unless-stopped\n',
    'services:\n  a:\n    deploy:\n      restart_policy:\n        condition: on-failure\n',
  ],
  invalid: [
    { code: 'services:\n  a:\n    image: x:1\n', errors: [{ line: 2, column: 3, path: 'services.a.restart' }] },
  ],
});
