/**
 * The work one request can ask for, done in-process on a bundle: everything the API's routes do
 * (validate, config in both formats with provenance, audit in every format, review with its PR
 * comment), so a stage that grows badly shows whichever route reaches it. Used by the growth test and
 * the scaling benchmark.
 */
import type { Bundle } from '../../src/bundle/bundle.js';
import { review } from '../../src/review/review.js';
import { reviewMarkdown } from '../../src/report/review.js';
import { renderConfig } from '../../src/report/config.js';
import { provenance } from '../../src/load/provenance.js';
import { renderFindings } from '../../src/report/render.js';
import { diffData } from '../../src/report/diff.js';
import { mergeEnvironments } from '../../src/report/findings.js';

/** One pass of every route's work over `bundle`; returns the answer bytes (so nothing is optimized away). */
export function allWork(bundle: Bundle): number {
  const r = review(bundle);
  let bytes = reviewMarkdown(r).length;
  for (const env of Object.values(r.result.environments)) {
    if (!env.model) continue;
    bytes += renderConfig(env.model, 'yaml').length + renderConfig(env.model, 'json').length;
    bytes += JSON.stringify(provenance(env.model)).length;
  }
  const items = [...r.diagnostics, ...r.audit.findings, ...r.audit.suppressed];
  for (const format of ['text', 'sarif', 'markdown', 'github'] as const)
    bytes += renderFindings(format, items, bundle.files).body.length;
  bytes += JSON.stringify({
    diagnostics: r.diagnostics,
    findings: mergeEnvironments(r.audit.findings),
    diff: r.diff ? diffData(r.diff, { redact: true }) : undefined,
    drift: r.drift,
  }).length;
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

/**
 * How much more `large` costs than `small`: both warmed up (the first runs pay for compiling), then
 * measured in turn, the smallest of each kept (a run a collection or another process slowed down
 * does not count), until each has had `runs` runs and at least `minMs` of CPU time.
 */
export function growth(
  small: () => unknown,
  large: () => unknown,
  runs = 3,
  minMs = 30,
): { small: number; large: number; ratio: number } {
  small();
  large();
  small();
  let s = Infinity;
  let l = Infinity;
  let spent = 0;
  for (let i = 0; i < runs || spent < minMs; i++) {
    const a = cpu(small);
    const b = cpu(large);
    s = Math.min(s, a);
    l = Math.min(l, b);
    spent += a;
    if (i > 50) break;
  }
  return { small: s, large: l, ratio: l / Math.max(s, 0.001) };
}
