import rule from '../../src/audit/rules/memory-limit-missing.js';
import { ruleTester, y } from './helpers.js';

ruleTester(rule, {
  valid: [
    'services:\n  a:\n    mem_limit: 512m\n',
    'services:\n  a:\n    deploy:\n      resources:\n        limits:\n          memory: 268435456\n',
    { role: 'development', code: 'services:\n  a:\n    image: x:1\n' },
  ],
  invalid: [
    {
      code: 'services:\n  a:\n    image: x:1\n',
      errors: [{ line: 2, column: 3, path: 'services.a.deploy.resources.limits.memory' }],
    },
    {
      name: '0 is unlimited',
      code: y`
      services:
        a:
          mem_limit: 0
          deploy:
            resources:
              limits:
                cpus: "1"
    `,
      errors: [{ line: 6, column: 9, path: 'services.a.deploy.resources.limits.memory' }],
    },
  ],
});
