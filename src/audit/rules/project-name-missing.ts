import type { Rule } from '../types.js';
import { obj, sourceTrees, str } from '../model.js';

const rule: Rule = {
  meta: {
    id: 'project-name-missing',
    title: 'No project name',
    severity: 'info',
    category: 'style',
    environments: 'all',
    defaultOff: true,
    references: { dclint: 'require-project-name-field' },
    description:
      'Without a top-level `name` the project is named after its directory, so the same files deploy under different names from different checkouts.',
    fix: 'set `name: <project>`',
  },
  check(ctx, report) {
    // the loaded model always has a name (the directory's when no file sets one): read the files
    // compose-go reads `name` from the -f files only (loader.go projectName), not from included ones
    const trees = sourceTrees(ctx, ctx.composeFiles);
    if (!trees.length) {
      if (!str(ctx.model.name)?.trim()) report({ path: ['name'], message: 'the project has no top-level "name"' });
      return;
    }
    if (trees.some(([, tree]) => str(obj(tree)?.name)?.trim())) return;
    report({
      path: ['name'],
      at: { file: trees[0][0], line: 1, column: 1 },
      message: `no file of this environment (${trees.map(([f]) => f).join(', ')}) sets a top-level "name": the project is named after its directory`,
    });
  },
};
export default rule;
