/**
 * A change review (base/head) carries the findings the change silences, as a review of one bundle
 * carries its suppressed findings: in the JSON answer (`newSuppressed`, `counts`), in the PR
 * comment, and in the finding formats (SARIF marks them suppressed). A finding silenced is not fixed.
 */
import t from 'tap';
import { auditBundle, reviewBundle } from '../src/usecases/index.js';
import { createBaseline } from '../src/baseline/baseline.js';

const BASE = 'services:\n  web:\n    image: nginx:1.25\n';
const pair = (head: string, base = BASE) => ({
  base: { files: { 'compose.yaml': base } },
  head: { files: { 'compose.yaml': head } },
});

t.test('a finding the change adds and silences inline is listed, counted and said in the comment', async (t) => {
  const p = pair(`${BASE}    privileged: true # compose-review-ignore privileged legacy driver\n`);
  const a = reviewBundle(p);
  t.equal(a.json.verdict.status, 'pass', 'a suppressed finding fails nothing');
  t.same(a.json.newFindings, []);
  t.match(a.json.newSuppressed, [
    { rule: 'privileged', file: 'compose.yaml', line: 4, suppressed: { by: 'inline', reason: 'legacy driver' } },
  ]);
  t.equal(a.json.newSuppressed.length, 1);
  t.equal(a.json.counts.suppressed, 1, "the head's suppressed findings are counted");
  t.match(a.json.markdown, 'This change adds **0** findings (and suppresses **1**) and fixes **0**.');
  t.match(a.json.markdown, /<summary>New findings \(0, 1 suppressed\)<\/summary>/);
  t.match(a.json.markdown, /\| `privileged` \| `compose\.yaml:4` \| default \| inline \| legacy driver \|/);
  const sarif = JSON.parse(reviewBundle(p, { format: 'sarif' }).rendered!.body) as {
    runs: { results: { ruleId: string; suppressions?: { kind: string }[] }[] }[];
  };
  const results = sarif.runs[0].results.filter((r) => r.ruleId === 'privileged');
  t.equal(results.length, 1);
  t.ok(results[0].suppressions?.length, 'SARIF marks it suppressed');
});

t.test('a finding the base had active and the change silences is suppressed, not fixed', async (t) => {
  const a = reviewBundle(
    pair(`${BASE}    privileged: true # compose-review-ignore privileged\n`, `${BASE}    privileged: true\n`),
  );
  t.notOk(
    a.json.fixedFindings.some((f) => f.rule === 'privileged'),
    'not counted as fixed',
  );
  t.match(a.json.newSuppressed, [{ rule: 'privileged', suppressed: { by: 'inline' } }]);
});

t.test('a finding the request baseline accepts is listed as suppressed by the baseline', async (t) => {
  const head = `${BASE}    privileged: true\n`;
  const audit = auditBundle({ files: { 'compose.yaml': head } }).json;
  const baseline = createBaseline(audit.findings.filter((f) => f.rule === 'privileged'));
  const a = reviewBundle(pair(head), { baseline });
  t.equal(a.json.verdict.status, 'pass');
  t.match(a.json.newSuppressed, [{ rule: 'privileged', suppressed: { by: 'baseline' } }]);
  t.match(a.json.markdown, '(and suppresses **1**)');
});

t.test('a finding suppressed on both sides is not the change', async (t) => {
  const head = `${BASE}    privileged: true # compose-review-ignore privileged\n`;
  const a = reviewBundle(pair(head, head));
  t.same(a.json.newSuppressed, []);
  t.equal(a.json.counts.suppressed, 1);
  t.notMatch(a.json.markdown, 'suppresses');
});
