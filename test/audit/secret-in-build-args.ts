import rule from '../../src/audit/rules/secret-in-build-args.js';
import { ruleTester, y } from './helpers.js';

ruleTester(rule, {
  valid: [
    'services:\n  a:\n    build:\n      context: .\n      args:\n        NODE_VERSION: "20"\n        NPM_TOKEN_FILE: /run/secrets/npm\n',
  ],
  invalid: [
    {
      code: y`
        services:
          a:
            build:
              context: .
              args:
                NPM_TOKEN: abc
      `,
      errors: [{ line: 6, column: 9, path: 'services.a.build.args.NPM_TOKEN' }],
    },
    {
      name: 'list form, value from the environment',
      code: 'services:\n  a:\n    build:\n      args: [GITHUB_TOKEN]\n',
      errors: [{ line: 4, column: 14 }],
    },
  ],
});
