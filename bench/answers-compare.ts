// Every answer (test/helpers/answers.ts everyAnswer: each route and format) for the seed, every corpus
// set, the growth constructs, a generated project and the Compose files of fixtures/conformance,
// hashed, to compare two checkouts' answers byte for byte: a change meant to make them cheaper must
// not change one.
// Run in each checkout: npx tsx bench/answers-compare.ts OUT.json
// then:                 npx tsx bench/answers-compare.ts --compare A.json B.json
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Bundle } from '../src/bundle/bundle.js';
import { everyAnswer } from '../test/helpers/answers.js';
import { corpusSets } from '../test/helpers/corpus.js';
import { FIXTURES, readTree } from '../test/helpers/fixtures.js';
import { CONSTRUCTS, generatedProject } from '../test/helpers/worst.js';
import { prepare } from '../test/conformance/adapters/loader.js';
import type { Vector } from '../test/conformance/types.js';

if (process.argv[2] === '--compare') {
  const [a, b] = process.argv.slice(3, 5).map((f) => JSON.parse(readFileSync(f, 'utf8')) as Record<string, string>);
  const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
  const differ = [...keys].filter((k) => a[k] !== b[k]);
  for (const k of differ.slice(0, 50)) console.log(`differs: ${k}`);
  console.log(`${keys.size} compared, ${differ.length} differ`);
  process.exit(differ.length ? 1 : 0);
}

const inputs: [string, Bundle][] = [['seed', { files: readTree('seed') }]];
corpusSets().forEach((s, i) =>
  inputs.push([`corpus ${i} ${s.id}`, { files: s.bundle.files, environments: { default: s.spec } }]),
);
for (const [name, c] of Object.entries(CONSTRUCTS)) inputs.push([`construct ${name} n=${c.n}`, c.bundle(c.n)]);
inputs.push(['generated project 40', { files: generatedProject(40) }]);
const vectors = (file: string): Vector[] =>
  JSON.parse(readFileSync(join(FIXTURES, 'conformance', file), 'utf8')) as Vector[];
for (const file of ['loader_model.json', 'loader_errors.json', 'merge_loader.json'])
  for (const v of vectors(file)) {
    const p = prepare(v);
    if (typeof p !== 'string')
      inputs.push([
        `${file} ${v.id}`,
        { files: p.bundle.files, environments: { default: { files: p.files, env: p.env } } },
      ]);
  }
for (const file of ['merge.json', 'unicity.json', 'normalize.json'])
  for (const v of vectors(file)) {
    const files: Record<string, string> =
      typeof v.input === 'string'
        ? { 'compose.yaml': v.input }
        : { 'compose.yaml': String(v.base), 'compose.override.yaml': String(v.override) };
    const env = (v.env ?? {}) as Record<string, string>;
    inputs.push([`${file} ${v.id}`, { files, environments: { default: { files: Object.keys(files), env } } }]);
  }

const out: Record<string, string> = {};
const t0 = performance.now();
for (const [id, bundle] of inputs)
  for (const [ask, body] of everyAnswer(bundle))
    out[`${id} | ${ask}`] = createHash('sha256').update(body).digest('hex');
writeFileSync(process.argv[2] ?? 'answers.json', JSON.stringify(out, null, 1));
console.log(
  `${inputs.length} inputs, ${Object.keys(out).length} answers in ${((performance.now() - t0) / 1000).toFixed(1)} s`,
);
