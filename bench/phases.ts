// Where a review's time goes, stage by stage, in-process, for the seed bundle: the floor (parse each
// file + compiled schema), then each stage of a review timed on its own, over requests whose bodies
// differ (a counter in a comment of every file), after a warm-up.
// Run: npm run bench:phases [-- requests]
import { parseBundle } from '../src/bundle/bundle.js';
import { loadBundle } from '../src/load/bundle.js';
import { auditProject } from '../src/audit/project.js';
import { defaultPair, diffEnvironments } from '../src/diff/diff.js';
import { driftRisks } from '../src/diff/drift.js';
import { review } from '../src/review/review.js';
import { reviewMarkdown } from '../src/report/review.js';
import { maskerOf } from '../src/redact/secrets.js';
import { parseYaml } from '../src/yaml/parse.js';
import { validateSchema } from '../src/validate/schema.js';
import { readTree } from '../test/helpers/fixtures.js';

const N = Number(process.argv[2] ?? 3000);
const files: Record<string, string> = {};
for (const [k, v] of Object.entries(readTree('seed'))) files[k] = /\.ya?ml$/.test(k) ? `# request [<id>]\n${v}` : v;
const body = JSON.stringify({ files });
let id = 0;
const acc = new Map<string, number>();
const time = <T>(stage: string, f: () => T): T => {
  const t0 = performance.now();
  const r = f();
  acc.set(stage, (acc.get(stage) ?? 0) + performance.now() - t0);
  return r;
};
for (let i = 0; i < N + 500; i++) {
  if (i === 500) acc.clear(); // warm-up
  const bundle = time('JSON body -> bundle', () => parseBundle(JSON.parse(body.replaceAll('[<id>]', String(++id)))));
  time('floor: parse + schema of each file', () => {
    for (const [name, text] of Object.entries(bundle.files))
      if (/\.ya?ml$/.test(name))
        for (const d of parseYaml(text, name).documents)
          if (d.tree && typeof d.tree === 'object') validateSchema(d.tree, name);
  });
  time('  of which the parse', () => {
    for (const [name, text] of Object.entries(bundle.files)) if (/\.ya?ml$/.test(name)) parseYaml(text, name);
  });
  const result = time('load both environments (parse included)', () => loadBundle(bundle));
  time('audit both environments', () => auditProject(result));
  const pair = defaultPair(result.environments)!;
  const diff = time('diff', () => diffEnvironments(pair[0], pair[1]));
  time('drift', () => driftRisks(pair[0], pair[1], { diff }));
  const r = review(bundle);
  // the secret values (src/redact/) are found once per load and shared by every format of the answer
  time('secret values + masker', () => maskerOf(r.result));
  time('PR comment', () => reviewMarkdown(r));
  time('whole review + PR comment', () =>
    reviewMarkdown(review(parseBundle(JSON.parse(body.replaceAll('[<id>]', String(++id)))))),
  );
}
console.log(`seed bundle, ${N} requests, node ${process.version}`);
for (const [stage, ms] of acc) console.log(`${stage.padEnd(42)} ${(ms / N).toFixed(3)} ms`);
