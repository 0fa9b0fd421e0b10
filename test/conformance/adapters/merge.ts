// merge.json: EnforceUnicity(Merge(base, override)) (or Merge only) on raw yaml trees;
// unicity.json: EnforceUnicity alone. Both compare with the expected yaml, Go DeepEqual style.
import { parse } from 'yaml';
import { mergeModels } from '../../../src/merge/merge.js';
import { enforceUnicity } from '../../../src/merge/unicity.js';
import type { TreeObject } from '../../../src/yaml/located.js';
import { expectEqual, fail } from '../types.js';
import type { Adapter } from '../types.js';

const tree = (text: string): TreeObject => (parse(text) ?? {}) as TreeObject;

const adapter: Adapter = {
  files: ['merge.json', 'unicity.json'],
  run(v) {
    const pipeline = v.pipeline as string[];
    if (pipeline[0] !== 'merge' && pipeline[0] !== 'enforce_unicity')
      return fail(`unknown pipeline ${pipeline.join(',')}`);
    let model = pipeline[0] === 'merge' ? mergeModels(tree(v.base), tree(v.override)) : tree(v.input);
    if (pipeline.includes('enforce_unicity')) model = enforceUnicity(model);
    return expectEqual(model, tree(v.expected));
  },
};
export default adapter;
