import rule from '../../src/audit/rules/cgroup-parent-set.js';
import { ruleTester } from './helpers.js';

ruleTester(rule, {
  valid: ['services:\n  a:\n    image: x:1\n', 'services:\n  a:\n    cgroup_parent: ""\n'],
  invalid: [
    {
      code: 'services:\n  a:\n    cgroup_parent: m-executor-abcd\n',
      errors: [{ line: 3, column: 5, severity: 'info' }],
    },
  ],
});
