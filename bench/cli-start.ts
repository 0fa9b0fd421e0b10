// How long one CLI run takes from process start to exit, next to a bare `node -e 0` on the same
// machine: what a pre-commit hook or a one-job-per-file CI pays each time. Commands run in turn
// (node -e 0, then each command, again and again), so a machine that slows down during the bench
// slows all of them alike; each ratio is the median of the per-round ratios.
// Run: npm run bench:cli-start   (RUNS=30, NODE_BIN=/path/to/node to time another Node)
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { loadavg } from 'node:os';

const root = join(import.meta.dirname, '..');
const seed = join(root, 'fixtures', 'seed');
const node = process.env.NODE_BIN ?? process.execPath;
const runs = Number(process.env.RUNS ?? 30);
if (!existsSync(join(root, 'dist', 'bundle', 'cli.cjs'))) throw new Error('run npm run build first');

const bin = join(root, 'bin', 'compose-review.js');
const unbundled = join(root, 'dist', 'src', 'cli', 'main.js');
const commands: [string, string[], Record<string, string>?][] = [
  ['node -e 0', ['-e', '0']],
  ['compose-review --version', ['--', bin, '--version']],
  ['compose-review validate (seed)', ['--', bin, 'validate']],
  ['compose-review audit (seed)', ['--', bin, 'audit']],
  // what a run costs where no code cache can be kept (a first run pays this and writes the cache)
  ['validate, no code cache', ['--', bin, 'validate'], { NODE_DISABLE_COMPILE_CACHE: '1' }],
  ['audit, no code cache', ['--', bin, 'audit'], { NODE_DISABLE_COMPILE_CACHE: '1' }],
  ['unbundled validate (dist/src)', ['--', unbundled, 'validate']],
  ['unbundled audit (dist/src)', ['--', unbundled, 'audit']],
];

function once(args: string[], env: Record<string, string> = {}): number {
  const t0 = performance.now();
  const r = spawnSync(node, args, { cwd: seed, stdio: 'ignore', env: { ...process.env, ...env } });
  if (r.status === null || r.status > 1) throw new Error(`${args.join(' ')} exited ${r.status ?? r.signal}`);
  return performance.now() - t0;
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

// one warm-up round: the file system cache, and the CLI's code cache (src/cli/code-cache.ts), which
// the first run of each command writes into the user's cache directory
for (const [, args, env] of commands) once(args, env);
const times = commands.map(() => [] as number[]);
for (let i = 0; i < runs; i++) commands.forEach(([, args, env], c) => times[c].push(once(args, env)));

const version = spawnSync(node, ['--version'], { encoding: 'utf8' }).stdout.trim();
console.log(
  `node ${version}, ${runs} rounds, load average ${loadavg()
    .map((l) => l.toFixed(1))
    .join(' ')}`,
);
console.log('| command | median ms | min ms | × node -e 0 (median of rounds) |');
console.log('|---|---|---|---|');
commands.forEach(([name], c) => {
  const ratio = median(times[c].map((t, i) => t / times[0][i]));
  console.log(
    `| ${name} | ${median(times[c]).toFixed(0)} | ${Math.min(...times[c]).toFixed(0)} | ${ratio.toFixed(2)} |`,
  );
});
