import rule from '../../src/audit/rules/volumes-quoted.js';
import { ruleTester } from './helpers.js';

ruleTester(rule, {
  valid: [
    'services:\n  a:\n    volumes:\n      - ./data:/data\n      - type: bind\n        source: ./x\n        target: /x\n',
  ],
  invalid: [
    {
      code: 'services:\n  a:\n    volumes:\n      - "./data:/data"\n      - \'db:/var/lib/db\'\n',
      errors: [
        { line: 4, column: 9 },
        { line: 5, column: 9 },
      ],
    },
  ],
});
