import rule from '../../src/audit/rules/build-and-image.js';
import { ruleTester } from './helpers.js';

ruleTester(rule, {
  valid: [
    'services:\n  a:\n    build: .\n    image: me/app:1\n    pull_policy: build\n',
    'services:\n  a:\n    build: .\n',
  ],
  invalid: [
    {
      role: 'development',
      code: 'services:\n  a:\n    image: me/app:1\n    build: .\n',
      errors: [{ line: 4, column: 5, severity: 'info' }],
    },
  ],
});
