import type { Rule } from '../types.js';
import { str } from '../model.js';

const rule: Rule = {
  meta: {
    id: 'project-name-missing',
    title: 'No project name',
    severity: 'info',
    category: 'style',
    environments: 'all',
    defaultOff: true,
    references: { dclint: 'require-project-name-field' },
    description: 'Without a top-level `name` the project is named after its directory, so the same files deploy under different names from different checkouts.',
    fix: 'set `name: <project>`',
  },
  check({ model }, report) {
    if (!str(model.name)?.trim()) report({ path: ['name'], message: 'the project has no top-level "name"' });
  },
};
export default rule;
