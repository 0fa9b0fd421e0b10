import { defineRule } from '../rule.js';
import { obj, sourceTrees, str } from '../model.js';

export default defineRule(
  {
    id: 'project-name-missing',
    title: 'No project name',
    severity: 'info',
    category: 'style',
    environments: 'all',
    wholeProject: true,
    defaultOff: true,
    references: { dclint: 'require-project-name-field' },
    description:
      'Without a top-level `name` the project is named after its directory, so the same files deploy under different names from different checkouts.',
    fix: 'set `name: <project>`',
    messages: {
      noName: 'the project has no top-level "name"',
      noFileNames:
        'no file of this environment ({{files}}) sets a top-level "name": the project is named after its directory',
    },
  },
  (ctx, report) => {
    // the loaded model always has a name (the directory's when no file sets one): read the files
    // compose-go reads `name` from the -f files only (loader.go projectName), not from included ones
    const trees = sourceTrees(ctx, ctx.composeFiles);
    if (!trees.length) {
      if (!str(ctx.model.name)?.trim()) report({ path: ['name'], messageId: 'noName' });
      return;
    }
    if (trees.some(([, tree]) => str(obj(tree)?.name)?.trim())) return;
    report({
      path: ['name'],
      at: { file: trees[0][0], line: 1, column: 1 },
      messageId: 'noFileNames',
      data: { files: trees.map(([f]) => f).join(', ') },
    });
  },
);
