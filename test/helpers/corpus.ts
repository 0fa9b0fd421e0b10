import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { FIXTURES, readTree } from './fixtures.js';
import type { Bundle, EnvironmentSpec } from '../../src/bundle/bundle.js';

export interface CorpusSet {
  id: string;
  bundle: Bundle;
  spec: EnvironmentSpec;
}

/** The file sets of fixtures/corpus/SOURCES.tsv, each as a bundle of its folder + the environment it describes. */
export function corpusSets(): CorpusSet[] {
  const rows = readFileSync(join(FIXTURES, 'corpus', 'SOURCES.tsv'), 'utf8')
    .trim()
    .split('\n')
    .slice(1);
  const trees = new Map<string, Record<string, string>>();
  return rows.map((row) => {
    const [id, , , files, , notes = ''] = row.split('\t');
    const top = id.split('/')[0];
    if (!trees.has(top)) trees.set(top, readTree(join('corpus', top)));
    const all = trees.get(top)!;
    const prefix = id.slice(top.length + 1);
    const inSet = (p: string) => (prefix ? `${prefix}/${p}` : p);
    const spec: EnvironmentSpec = { files: files.split(',').map((f) => inSet(f.trim())) };
    const envFile = /env-file=([^;\s]+)/.exec(notes)?.[1];
    if (envFile) spec.envFiles = [inSet(envFile)];
    return { id, bundle: { files: all }, spec };
  });
}
