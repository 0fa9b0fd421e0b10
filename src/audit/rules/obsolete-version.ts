import { defineRule } from '../rule.js';
import { obj, sourceTrees } from '../model.js';
import { keyLoc } from '../../yaml/located.js';

export default defineRule(
  {
    id: 'obsolete-version',
    title: 'Obsolete version field',
    severity: 'info',
    category: 'style',
    environments: 'all',
    defaultOff: true,
    references: { dclint: 'no-version-field' },
    description:
      'The top-level `version` is ignored by Compose v2, which warns that it is obsolete. Validation always reports that warning (`obsolete-version` diagnostic); turn this rule on to make it a finding at the level the policy sets (e.g. `error` to fail CI on it).',
    fix: 'remove `version`',
    messages: {
      obsolete: 'the top-level "version" is obsolete and ignored',
      obsoleteIn: 'the top-level "version" in {{file}} is obsolete and ignored',
    },
  },
  (ctx, report) => {
    // the loader drops `version`: read the files merged into this environment
    const trees = sourceTrees(ctx);
    if (!trees.length && ctx.model.version !== undefined) report({ path: ['version'], messageId: 'obsolete' });
    for (const [file, tree] of trees) {
      const doc = obj(tree);
      if (doc && Object.hasOwn(doc, 'version'))
        report({
          path: ['version'],
          at: keyLoc(doc, 'version') ?? { file, line: 1, column: 1 },
          messageId: 'obsoleteIn',
          data: { file },
        });
    }
  },
);
