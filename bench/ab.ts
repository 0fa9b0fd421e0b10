// Two builds of compose-review side by side in one process: batches of in-process answers
// (`runTask`, as a pool worker runs them) alternated between A and B, CPU time of every thread per
// answer, so that a machine shared with other work slows both alike. Prints both distributions and
// B/A. The answers are compared first (bodies without the request counter).
// Run: npx tsx bench/ab.ts ROOT_A ROOT_B [question] [rounds]
//   ROOT_* are checkouts with `npm run build` done (e.g. a worktree of the commit before a change);
//   FIXTURE=name picks another fixtures/ tree than seed.
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { readTree } from '../test/helpers/fixtures.js';

type RunTask = (task: { question: string; input: { files: Record<string, string> }; options: object }) => {
  body: string;
};
const [rootA, rootB] = process.argv.slice(2, 4);
if (!rootA || !rootB) throw new Error('usage: npx tsx bench/ab.ts ROOT_A ROOT_B [question] [rounds]');
const question = process.argv[4] ?? 'review';
const rounds = Number(process.argv[5] ?? 60);
const batchSize = 50;
const load = async (root: string): Promise<RunTask> =>
  ((await import(pathToFileURL(join(root, 'dist/src/usecases/task.js')).href)) as { runTask: RunTask }).runTask;
const [a, b] = [await load(rootA), await load(rootB)];

const files: Record<string, string> = {};
for (const [k, v] of Object.entries(readTree(process.env.FIXTURE ?? 'seed')))
  files[k] = /\.ya?ml$/.test(k) ? `# request [<id>]\n${v}` : v;
let id = 0;
const one = (run: RunTask) => {
  // every request differs (a counter in a comment of every YAML file), as in bench:http
  const f: Record<string, string> = {};
  for (const [k, v] of Object.entries(files)) f[k] = v.replace('<id>', String(id++));
  return run({ question, input: { files: f }, options: {} });
};
const strip = (s: string) => s.replace(/request \[?\d+/g, '');
if (strip(one(a).body) !== strip(one(b).body)) console.log('the two builds answer differently');
for (let i = 0; i < 300; i++) (one(a), one(b)); // warm-up

const batch = (run: RunTask) => {
  const t0 = process.cpuUsage();
  for (let i = 0; i < batchSize; i++) one(run);
  const u = process.cpuUsage(t0);
  return (u.user + u.system) / 1000 / batchSize;
};
const xa: number[] = [];
const xb: number[] = [];
for (let r = 0; r < rounds; r++)
  if (r % 2) (xa.push(batch(a)), xb.push(batch(b)));
  else (xb.push(batch(b)), xa.push(batch(a)));
xa.sort((x, y) => x - y);
xb.sort((x, y) => x - y);
const at = (x: number[], q: number) => x[Math.floor(x.length * q)];
const line = (x: number[]) =>
  `min ${x[0].toFixed(2)}  p10 ${at(x, 0.1).toFixed(2)}  p25 ${at(x, 0.25).toFixed(2)}  median ${at(x, 0.5).toFixed(2)} ms`;
console.log(`${question}, ${rounds} rounds of ${batchSize} answers each, CPU ms per answer (all threads)`);
console.log(`A ${rootA}: ${line(xa)}`);
console.log(`B ${rootB}: ${line(xb)}`);
console.log(`B/A: p10 ${(at(xb, 0.1) / at(xa, 0.1)).toFixed(3)}, p25 ${(at(xb, 0.25) / at(xa, 0.25)).toFixed(3)}`);
