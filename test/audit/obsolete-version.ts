import rule from '../../src/audit/rules/obsolete-version.js';
import { ruleTester } from './helpers.js';

ruleTester(rule, {
  valid: ['services:\n  a:\n    image: x:1\n'],
  invalid: [
    { code: 'version: "3.8"\nservices:\n  a:\n    image: x:1\n', errors: [{ line: 1, column: 1, severity: 'info' }] },
  ],
});
