import type { Rule } from '../types.js';

const rule: Rule = {
  meta: {
    id: 'obsolete-version',
    title: 'Obsolete version field',
    severity: 'info',
    category: 'style',
    environments: 'all',
    references: { dclint: 'no-version-field' },
    description: 'The top-level `version` is ignored by Compose v2, which warns that it is obsolete.',
    fix: 'remove `version`',
  },
  check({ model }, report) {
    if (model.version !== undefined) report({ path: ['version'], message: `the top-level "version" is obsolete and ignored` });
  },
};
export default rule;
