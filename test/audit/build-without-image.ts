import rule from '../../src/audit/rules/build-without-image.js';
import { ruleTester } from './helpers.js';

ruleTester(rule, {
  valid: [
    'services:\n  a:\n    build: .\n    image: registry/app:1.0\n',
    { role: 'development', code: 'services:\n  a:\n    build: .\n' },
  ],
  invalid: [
    {
      code: 'services:\n  a:\n    build:\n      context: .\n      dockerfile: Dockerfile\n',
      errors: [{ line: 3, column: 5 }],
    },
  ],
});
