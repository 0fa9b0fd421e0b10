/**
 * The work one request can ask for, done in-process on a bundle: every question of the API in every
 * format, through the use cases the API's workers and the CLI run (src/usecases/), so a stage that
 * grows badly shows whichever route reaches it (masking of secret values included).
 */
import type { Bundle } from '../../src/bundle/bundle.js';
import { runTask, type Task } from '../../src/usecases/task.js';

const TASKS: Omit<Task, 'input'>[] = [
  { question: 'validate', options: {} },
  { question: 'validate', options: { format: 'text' } },
  { question: 'config', options: {} },
  { question: 'config', options: { format: 'yaml', provenance: true } },
  { question: 'audit', options: {} },
  ...(['text', 'sarif', 'markdown', 'github'] as const).map((format): Omit<Task, 'input'> => ({
    question: 'audit',
    options: { format },
  })),
  { question: 'diff', options: {} },
  { question: 'review', options: {} },
  { question: 'review', options: { format: 'sarif' } },
] as Omit<Task, 'input'>[];

/** One pass of every route's work over `bundle`; returns the answer bytes (so nothing is optimized away). */
export function allWork(bundle: Bundle): number {
  let bytes = 0;
  for (const t of TASKS) bytes += runTask({ ...t, input: bundle } as Task).body.length;
  return bytes;
}

/**
 * The smallest of `runs` measures of `f`, in ms of CPU time (user + system), after one warm-up run:
 * CPU time is what the work costs even when other processes share the cores, and the smallest of
 * several runs leaves out the garbage collections and interruptions a run happened to pay for.
 */
export function minTime(f: () => unknown, runs: number): number {
  f();
  let best = Infinity;
  for (let i = 0; i < runs; i++) {
    const t0 = process.cpuUsage();
    f();
    const d = process.cpuUsage(t0);
    best = Math.min(best, (d.user + d.system) / 1000);
  }
  return best;
}

/** One measure of `f` in ms of CPU time (user + system: what the work costs even on shared cores). */
function cpu(f: () => unknown): number {
  const t0 = process.cpuUsage();
  f();
  const d = process.cpuUsage(t0);
  return (d.user + d.system) / 1000;
}

/** The growth every test allows for 4x the input: linear work takes about 4x, quadratic about 16x. */
export const GROWTH_LIMIT = 8;

/**
 * How much more `large` costs than `small`: the small one warmed up (the first runs pay for compiling), then
 * measured in turn, the smallest of each kept (a run a collection or another process slowed down
 * does not count), until each has had `runs` runs and the small one at least `minMs` of CPU time.
 *
 * One pair by default: the measured small run is the third, as warm as the first of the two pairs
 * measured before (the second pair was about a quarter of the CPU time of the four growth test files).
 * A large run slowed down only raises the ratio, and the rounds below then measure on; a small run
 * would have to be slowed down twice over to hide quadratic work (about 16x) under the limit (8x).
 *
 * A ratio over GROWTH_LIMIT is measured on, longer (up to three more rounds of 8 runs and 200 ms each),
 * before it is returned: on a busy machine one size can be slowed down for a whole round (a CI run
 * once failed on one such measure; the output kept no trace of which). More runs only lower each
 * smallest time towards the work's own cost, so quadratic work (about 16x) stays over the limit.
 */
export function growth(
  small: () => unknown,
  large: () => unknown,
  runs = 1,
  minMs = 30,
): { small: number; large: number; ratio: number } {
  // compiling is paid by the small input's warm-up runs; the large input's first measure, if it
  // still pays for some, only raises the ratio (measured on below if that takes it over the limit)
  small();
  small();
  let s = Infinity;
  let l = Infinity;
  const round = (runs: number, minMs: number): void => {
    let spent = 0;
    for (let i = 0; i < runs || spent < minMs; i++) {
      const a = cpu(small);
      const b = cpu(large);
      s = Math.min(s, a);
      l = Math.min(l, b);
      spent += a;
      if (i > 50) break;
    }
  };
  const ratio = () => l / Math.max(s, 0.001);
  round(runs, minMs);
  for (let again = 0; again < 3 && ratio() > GROWTH_LIMIT; again++) round(8, 200);
  return { small: s, large: l, ratio: ratio() };
}
