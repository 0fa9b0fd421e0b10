import rule from '../../src/audit/rules/container-name-invalid.js';
import { ruleTester } from './helpers.js';

ruleTester(rule, {
  valid: ['services:\n  a:\n    container_name: my_app.web-1\n'],
  invalid: [
    {
      code: 'services:\n  a:\n    container_name: "-bad"\n  b:\n    container_name: "my app"\n  c:\n    container_name: x\n',
      errors: [
        { line: 3, column: 5, severity: 'error' },
        { line: 5, column: 5 },
        { line: 7, column: 5 },
      ],
    },
  ],
});
