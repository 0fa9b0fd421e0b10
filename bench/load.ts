// Loading and reviewing a generated 1,000-service, three-file project vs a bare `yaml` parse of the same text.
// Run: npx tsx bench/load.ts [services]
import { parseAllDocuments } from 'yaml';
import { loadProject } from '../src/load/project.js';
import { review } from '../src/review/review.js';
import { reviewMarkdown } from '../src/report/review.js';
import { generatedProject } from './generate.js';

const n = Number(process.argv[2] ?? 1000);
const files = generatedProject(n);
const texts = Object.values(files);
const bytes = texts.reduce((a, t) => a + t.length, 0);

function time(label: string, runs: number, f: () => void): number {
  f(); // warm-up
  const samples: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    f();
    samples.push(performance.now() - t0);
  }
  samples.sort((a, b) => a - b);
  const median = samples[Math.floor(samples.length / 2)];
  console.log(`${label.padEnd(48)} median ${median.toFixed(1)} ms  (min ${samples[0].toFixed(1)}, ${runs} runs)`);
  return median;
}

console.log(`generated project: ${n} services, 3 files, ${(bytes / 1024).toFixed(0)} KiB`);
const parse = time('bare yaml parseAllDocuments of the 3 files', 7, () => texts.forEach((t) => parseAllDocuments(t)));
const dev = time('loadProject development (base + override)', 7, () => {
  const r = loadProject({ files }, { files: ['compose.yaml', 'compose.override.yaml'] });
  if (!r.model) throw new Error(JSON.stringify(r.diagnostics.slice(0, 3)));
});
const prod = time('loadProject production (base + prod)', 7, () => {
  const r = loadProject({ files }, { files: ['compose.yaml', 'compose.prod.yaml'] });
  if (!r.model) throw new Error(JSON.stringify(r.diagnostics.slice(0, 3)));
});
const rev = time('review: 2 environments, audit, diff, PR comment', 5, () => {
  const r = review({ files });
  reviewMarkdown(r);
});
console.log(
  `ratio to the bare parse of the 3 files: load development ${(dev / parse).toFixed(2)}x, production ${(prod / parse).toFixed(2)}x, whole review ${(rev / parse).toFixed(2)}x`,
);
