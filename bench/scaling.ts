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

// ---- masking by value (src/redact/) ------------------------------------------------------------
// The secret values and the text they are masked in grow together: through the config use case
// (services with four secrets of their own, each echoed by the service's command), and the masker
// alone on its worst shapes (building it, then masking the text as plain text and as a rendered
// answer). The masker once tried every value at every position: time grew with values × text.
import { Masker } from '../src/redact/mask.js';
import { runTask, type Task } from '../src/usecases/task.js';

const count = (n: number): number[] => Array.from({ length: n }, (_, i) => i);

function secretServices(n: number): Task['input'] {
  let s = 'services:\n';
  for (const i of count(n)) {
    const pw = count(4).map((j) => `Pw${(i * 7919 + j).toString(36)}x${i}y${j}`);
    s += `  s${i}:\n    image: nginx\n    environment:\n${pw.map((p, j) => `      S${j}_PASSWORD: ${p}\n`).join('')}`;
    s += `    command: ["sh", "-c", "echo ${pw.join(' ')}"]\n`;
  }
  return { files: { 'compose.yaml': s } };
}

/** Building the masker of `values`, then masking `text` as plain text and as a rendered answer. */
const masking = (values: string[], text: string) => (): number => {
  const m = new Masker(values);
  return m.text(text).length + m.rendered(text).length;
};

const MASKING: Record<string, { what: string; n: number; work: (n: number) => () => unknown }> = {
  'mask-config': {
    what: 'services with 4 secrets each, config',
    n: 150,
    work: (n) => {
      const input = secretServices(n);
      return () => runTask({ question: 'config', options: {}, input } as Task).body.length;
    },
  },
  'mask-distinct': {
    what: 'distinct values (with encoded forms), each once in the text',
    n: 2000,
    work: (n) => {
      const values = count(n).map((i) => `S3|cr"t:${i.toString(36)}`);
      const text = values.map((v, i) => `K${i}_PASSWORD: ${v}\n`).join('');
      return masking(values, text);
    },
  },
  'mask-nested': {
    what: 'characters of a text of `a`s and of the values a, aa, aaa... (√(2n) of them)',
    n: 64_000,
    work: (n) => {
      const k = Math.round(Math.sqrt(2 * n));
      const values = count(k).map((i) => 'a'.repeat(i + 1));
      const text = `${'a'.repeat(n)} ${'a'.repeat(k)} `;
      return masking(values, text);
    },
  },
  'mask-prefix': {
    what: 'values sharing a 16-character prefix (n/16 of them), in a text of n of its character',
    n: 64_000,
    work: (n) => {
      const values = count(n / 16).map((i) => `${'p'.repeat(16)}${i.toString(36)}`);
      const text = `${'p'.repeat(n)} ${values.join(' ')}`;
      return masking(values, text);
    },
  },
};

console.log(`\nMasking by value: CPU time of the work (ms; smallest of 3+ runs)\n`);
console.log('| shape | what grows | n | n | 2n | 4n | 8n | 8n / n |');
console.log('|---|---|---|---|---|---|---|---|');
for (const [name, c] of Object.entries(MASKING)) {
  if (only && !only.includes(name)) continue;
  const n = c.n * scale;
  const times = measure([1, 2, 4, 8].map((k) => c.work(k * n)));
  console.log(
    `| ${name} | ${c.what} | ${n.toLocaleString('en-US')} | ${times.map(fmt).join(' | ')} | ${(times[3] / times[0]).toFixed(1)}x |`,
  );
}
