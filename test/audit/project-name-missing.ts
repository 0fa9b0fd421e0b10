import rule from '../../src/audit/rules/project-name-missing.js';
import { ruleTester } from './helpers.js';
import { auditModel } from '../../src/audit/run.js';
import { context } from './helpers.js';
import t from 'tap';

ruleTester(rule, {
  valid: ['name: shop\nservices: {}\n'],
  invalid: [{ code: 'services:\n  a:\n    image: x:1\n', errors: [{ line: 1, column: 1 }] }],
});

t.test('off by default', async (t) => {
  t.same(auditModel(context('services: {}\n'), { rules: [rule] }).findings, []);
});
