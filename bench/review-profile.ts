// CPU of one review as built (dist/src, runTask in-process, as a pool worker runs it): warm-up, then
// a timed run (CPU of every thread per review, process.cpuUsage), then a profiled run (node:inspector,
// sampling every 50 µs) whose functions are listed by self and by inclusive time. Every request
// differs (`# N` on top of every file) so that nothing can be cached from one to the next.
// Run: npx tsx bench/review-profile.ts [ROOT] [--frappe] [--no-profile] [warm] [timed]
//   ROOT: a checkout with `npm run build` done (default: this one); --frappe: the first
//   frappe_docker set of fixtures/corpus (its four files, one environment) instead of the seed.
import { Session } from 'node:inspector/promises';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { readTree } from '../test/helpers/fixtures.js';
import { corpusSets } from '../test/helpers/corpus.js';
import type { Bundle } from '../src/bundle/bundle.js';

type RunTask = (task: { question: 'review'; input: Bundle; options: object }) => { body: string };
const args = process.argv.slice(2);
const flags = new Set(args.filter((a) => a.startsWith('--')));
const [root = join(import.meta.dirname, '..'), ...counts] = args.filter((a) => !a.startsWith('--'));
const [warm, timed] = [Number(counts[0] ?? 3000), Number(counts[1] ?? 2000)];
const { runTask } = (await import(pathToFileURL(join(root, 'dist/src/usecases/task.js')).href)) as {
  runTask: RunTask;
};

let base: Bundle;
if (flags.has('--frappe')) {
  const set = corpusSets().find((s) => s.id === 'frappe__frappe_docker')!;
  base = { files: set.bundle.files, environments: { default: set.spec } };
} else base = { files: readTree('seed') };
let id = 0;
const one = () => {
  const n = id++;
  const files: Record<string, string> = {};
  for (const [k, v] of Object.entries(base.files as Record<string, string>))
    files[k] = /\.ya?ml$/.test(k) ? `# ${n}\n${v}` : v;
  return runTask({ question: 'review', input: { ...base, files }, options: {} });
};

for (let i = 0; i < warm; i++) one();
const t0 = process.cpuUsage();
const w0 = performance.now();
for (let i = 0; i < timed; i++) one();
const u = process.cpuUsage(t0);
const cpu = (u.user + u.system) / 1000 / timed;
console.log(
  `${flags.has('--frappe') ? 'frappe' : 'seed'} review, ${timed} after ${warm}: CPU ${cpu.toFixed(3)} ms/review, ` +
    `wall ${((performance.now() - w0) / timed).toFixed(3)} ms/review, answer ${one().body.length} B`,
);

if (!flags.has('--no-profile')) {
  interface Node {
    id: number;
    callFrame: { functionName: string; url: string; lineNumber: number };
    children?: number[];
  }
  const session = new Session();
  session.connect();
  await session.post('Profiler.enable');
  await session.post('Profiler.setSamplingInterval', { interval: 50 });
  await session.post('Profiler.start');
  for (let i = 0; i < timed; i++) one();
  const { profile } = (await session.post('Profiler.stop')) as {
    profile: { nodes: Node[]; samples: number[] };
  };
  const hits = new Map<number, number>();
  for (const s of profile.samples) hits.set(s, (hits.get(s) ?? 0) + 1);
  const total = profile.samples.length;
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const name = (n: Node) =>
    `${n.callFrame.functionName || '(anonymous)'} ${n.callFrame.url.replace(/^.*\/(dist|node_modules)\//, '$1/')}:${n.callFrame.lineNumber + 1}`;
  const self = new Map<string, number>();
  const incl = new Map<string, number>();
  // inclusive: a function counted once per sample however deep it recurses
  const walk = (n: Node, onStack: Set<string>): number => {
    let sum = hits.get(n.id) ?? 0;
    const k = name(n);
    self.set(k, (self.get(k) ?? 0) + sum);
    const fresh = !onStack.has(k);
    if (fresh) onStack.add(k);
    for (const c of n.children ?? []) sum += walk(byId.get(c)!, onStack);
    if (fresh) {
      onStack.delete(k);
      incl.set(k, (incl.get(k) ?? 0) + sum);
    }
    return sum;
  };
  walk(profile.nodes[0], new Set());
  const top = (m: Map<string, number>, count: number) =>
    [...m]
      .sort((a, b) => b[1] - a[1])
      .slice(0, count)
      .map(([k, v]) => `  ${((100 * v) / total).toFixed(1).padStart(5)}%  ${k}`)
      .join('\n');
  console.log(`profile: ${total} samples\nself:\n${top(self, Number(process.env.TOP ?? 40))}`);
  console.log(`inclusive:\n${top(incl, Number(process.env.TOP ?? 60))}`);
  if (process.env.CALLERS) {
    // who calls the functions named CALLERS (their parent frames), by their samples
    const parent = new Map<number, Node>();
    for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n);
    const by = new Map<string, number>();
    const under = (n: Node): number =>
      (hits.get(n.id) ?? 0) + (n.children ?? []).reduce((a, c) => a + under(byId.get(c)!), 0);
    for (const n of profile.nodes)
      if (
        `${n.callFrame.functionName}:${n.callFrame.lineNumber + 1}` === process.env.CALLERS ||
        n.callFrame.functionName === process.env.CALLERS
      ) {
        const p = parent.get(n.id);
        const k = p ? name(p) : '?';
        by.set(k, (by.get(k) ?? 0) + under(n));
      }
    console.log(`callers of ${process.env.CALLERS}:\n${top(by, 20)}`);
  }
  if (process.env.TREE) {
    // the call tree, to TREE levels below runTask (or the function TREE_ROOT: a name, or name:line), of nodes above TREE_MIN% (0.5)
    const sums = new Map<number, number>();
    const sum = (n: Node): number => {
      let s = hits.get(n.id) ?? 0;
      for (const c of n.children ?? []) s += sum(byId.get(c)!);
      sums.set(n.id, s);
      return s;
    };
    sum(profile.nodes[0]);
    const lines: string[] = [];
    const show = (n: Node, depth: number, left: number) => {
      const pct = (100 * sums.get(n.id)!) / total;
      if (pct < Number(process.env.TREE_MIN ?? 0.5)) return;
      lines.push(`${'  '.repeat(depth)}${pct.toFixed(1)}% ${name(n)}`);
      if (left > 0)
        for (const c of [...(n.children ?? [])].sort((a, b) => sums.get(b)! - sums.get(a)!))
          show(byId.get(c)!, depth + 1, left - 1);
    };
    const find = (n: Node): Node | undefined =>
      [n.callFrame.functionName, `${n.callFrame.functionName || '(anonymous)'}:${n.callFrame.lineNumber + 1}`].includes(
        process.env.TREE_ROOT ?? 'runTask',
      )
        ? n
        : (n.children ?? []).map((c) => find(byId.get(c)!)).find(Boolean);
    show(find(profile.nodes[0])!, 0, Number(process.env.TREE));
    console.log(lines.join('\n'));
  }
}
