// CPU of the stages of a review as built (dist/src), each timed alone, in-process: loading, the
// diff, the PR comment's config preview, the audit, the review, its PR comment, the whole JSON answer. The request memos are emptied
// before each call (as runTask does), so nothing one call brings serves the next. `markdown` is the
// comment made alone (it masks and groups the findings itself); `comment` is the comment as the
// answer makes it (reviewBundle hands it the lists it masked and grouped for the JSON, and the
// request's memos are as the review left them): the share of the answer the comment is. Medians of 5 runs
// of N (default 3000) calls, in µs; compare two checkouts (ROOT: one with `npm run build` done)
// run after run, not by wall time (the machine may be shared).
// Run: npx tsx bench/review-stages.ts ROOT [--frappe] [stage...]
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { readTree } from '../test/helpers/fixtures.js';
import { corpusSets } from '../test/helpers/corpus.js';
const root = process.argv[2];
const want = new Set(process.argv.slice(3).filter((a) => !a.startsWith('--')));
const imp = async (p: string) => import(pathToFileURL(join(root, 'dist/src', p)).href);
const { forgetRequestMemos } = await imp('memo.js');
const { loadBundle } = await imp('load/bundle.js');
const { diffEnvironments } = await imp('diff/diff.js');
const { review } = await imp('review/review.js');
const { reviewMarkdown, redactModel } = await imp('report/review.js');
const { maskerOf } = await imp('redact/secrets.js');
const { reviewBundle } = await imp('usecases/review.js');
const { auditProject, allFindings } = await imp('audit/project.js');
const { diffData } = await imp('report/diff.js');
const { mergesAcrossEnvironments, mergeEnvironments } = await imp('report/findings.js');
const { answerGroups, serviceCounts } = await imp('audit/groups.js');
const { namedItems } = await imp('redact/names.js');
const frappe = process.argv.includes('--frappe');
let bundle: any;
if (frappe) {
  const set = corpusSets().find((s: any) => s.id === 'frappe__frappe_docker')!;
  bundle = { files: set.bundle.files, environments: { default: set.spec } };
} else bundle = { files: readTree('seed') };
const N = Number(process.env.N ?? (frappe ? 500 : 3000));
// every call its own bundle (`# n` atop each YAML file), as bench/review-profile.ts does: nothing
// a cache keeps by bundle or file serves the next call
let id = 0;
const fresh = () => {
  const n = id++;
  const files: Record<string, string> = {};
  for (const [k, v] of Object.entries(bundle.files as Record<string, string>))
    files[k] = /\.ya?ml$/.test(k) ? `# ${n}\n${v}` : v;
  return { ...bundle, files };
};
/** `make` N inputs for each run (not timed), then `f` of each, timed. */
const time = <T>(name: string, make: () => T, f: (x: T) => unknown, forget = true) => {
  if (want.size && !want.has(name)) return;
  const res: number[] = [];
  for (let r = -1; r < 5; r++) {
    const inputs: T[] = [];
    for (let i = 0; i < N; i++) {
      forgetRequestMemos();
      inputs.push(make());
    }
    const t = process.cpuUsage();
    for (const x of inputs) {
      if (forget) forgetRequestMemos();
      f(x);
    }
    const u = process.cpuUsage(t);
    if (r >= 0) res.push((u.user + u.system) / N); // the first run warms up
  }
  res.sort((a, b) => a - b);
  console.log(`${name.padEnd(10)} ${res[2].toFixed(1)} µs (min ${res[0].toFixed(1)})`);
};
time('load', fresh, (b) => loadBundle(b));
time(
  'diff',
  () => Object.values(loadBundle(fresh()).environments) as any[],
  (envs) => diffEnvironments(envs[0], envs[1] ?? envs[0]),
);
time(
  'preview',
  () => {
    const loaded = loadBundle(fresh());
    const envs = Object.values(loaded.environments) as any[];
    return { model: envs[envs.length - 1].model, masker: maskerOf(loaded) };
  },
  (x) => redactModel(x.model, x.masker),
);
time(
  'audit',
  () => loadBundle(fresh()),
  (loaded) => auditProject(loaded, {}),
);
time('review', fresh, (b) => review(b, {}));
time(
  'markdown',
  () => review(fresh(), {}),
  (r) => reviewMarkdown(r, {}),
);
/** A review and the comment's options as reviewBundle (src/usecases/review.ts) makes them for its JSON answer. */
const answerParts = () => {
  const r = review(fresh(), {});
  const masker = maskerOf(r.result);
  const every = allFindings(r.audit).findings;
  const grouped = answerGroups(every, r.result.budgets.findings, {
    serviceCounts: serviceCounts(r.result.environments),
    merge: mergesAcrossEnvironments(every),
  });
  const masked = new Set<object>();
  const groups = masker.findings(namedItems(grouped.groups, masker), masked);
  const diagnostics = masker.deep(r.diagnostics, masked);
  const merged = mergeEnvironments(masker.findings(namedItems(r.audit.findings, masker), masked));
  const suppressed = masker.findings(namedItems(r.audit.suppressed, masker), masked);
  const diff = r.diff ? diffData(r.diff, { redact: true, masker }) : undefined;
  const masks = { diagnostics, merged: suppressed.length ? [...merged, ...mergeEnvironments(suppressed)] : merged };
  return { r, options: { masker, groups, masked: diff ? { ...masks, diffEntries: diff.entries } : masks } };
};
time('comment', answerParts, (x) => reviewMarkdown(x.r, x.options), false);
time('answer', fresh, (b) => JSON.stringify(reviewBundle(b, {}).json));
