// How the work of one request grows with its input, construct by construct (issue 11): every route's
// work (test/helpers/growth.ts allWork) on the worst input we know for each construct
// (test/helpers/worst.ts) at n, 2n, 4n and 8n, in CPU time (the smallest of several runs after a
// warm-up). Linear work doubles with n: 8n costs about 8x n. Prints a markdown table (the README's).
// Run: npm run bench:scaling [-- --scale 4] [-- --only aliases,port-range]
import { CONSTRUCTS } from '../test/helpers/worst.js';
import { allWork } from '../test/helpers/growth.js';

const args = process.argv.slice(2);
const opt = (name: string): string | undefined => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : undefined;
};
// the bench's n is this many times the growth test's (a few milliseconds of work)
const scale = Number(opt('scale') ?? 4);
const only = opt('only')?.split(',');

function cpu(f: () => unknown): number {
  const t0 = process.cpuUsage();
  f();
  const d = process.cpuUsage(t0);
  return (d.user + d.system) / 1000;
}

/**
 * Each size's smallest time: every size run once first (the first runs pay for compiling), then the
 * sizes in turn, round after round (at least `rounds`, and at least 300 ms of work), so that a slow
 * spell of the machine does not fall on one size only.
 */
function measure(fs: (() => unknown)[], rounds = 3): number[] {
  for (const f of fs) f();
  const best = fs.map(() => Infinity);
  let spent = 0;
  for (let r = 0; (r < rounds || spent < 300) && r < 20; r++)
    fs.forEach((f, i) => {
      const t = cpu(f);
      best[i] = Math.min(best[i], t);
      spent += t;
    });
  return best;
}

const fmt = (ms: number): string => (ms < 10 ? ms.toFixed(1) : ms.toFixed(0));
console.log(`Node ${process.version}, CPU time of every route's work on one bundle (ms; smallest of 3+ runs)\n`);
console.log('| construct | what grows | n | n | 2n | 4n | 8n | 8n / n |');
console.log('|---|---|---|---|---|---|---|---|');
for (const [name, c] of Object.entries(CONSTRUCTS)) {
  if (only && !only.includes(name)) continue;
  const n = c.n * scale;
  const bundles = [1, 2, 4, 8].map((k) => c.bundle(k * n));
  const times = measure(bundles.map((b) => () => allWork(b)));
  console.log(
    `| ${name} | ${c.what} | ${n.toLocaleString('en-US')} | ${times.map(fmt).join(' | ')} | ${(times[3] / times[0]).toFixed(1)}x |`,
  );
}
