// The counts the workers' answers bring (findings by rule and severity, exceeded budgets) are added
// up on the event loop and reach prom-client's counters when /metrics is read: each once, exactly.
import t from 'tap';
import { countFinding, countTally, renderMetrics } from '../src/api/metrics.js';

const sample = (text: string, series: string) => {
  const line = text.split('\n').find((l) => l.startsWith(`${series} `));
  return line === undefined ? 0 : Number(line.slice(series.length + 1));
};
const finding = 'compose_review_findings_total{rule="image-unpinned",severity="warning"}';
const other = 'compose_review_findings_total{rule="privileged",severity="error"}';
const budget = 'compose_review_budget_exceeded_total{code="node-limit"}';

t.test('counts between two reads are added once, whole; a read with nothing new adds nothing', async (t) => {
  const before = await renderMetrics();
  countFinding('image-unpinned', 'warning');
  countFinding('image-unpinned', 'warning', 2);
  countTally({ findings: { 'image-unpinned warning': 4, 'privileged error': 1 }, limits: { 'node-limit': 3 } });
  const first = await renderMetrics();
  t.equal(sample(first, finding) - sample(before, finding), 7);
  t.equal(sample(first, other) - sample(before, other), 1);
  t.equal(sample(first, budget) - sample(before, budget), 3);
  const second = await renderMetrics();
  t.equal(sample(second, finding), sample(first, finding), 'not counted twice');
  t.equal(sample(second, budget), sample(first, budget));
  countTally({ findings: { 'image-unpinned warning': 1 }, limits: {} });
  t.equal(sample(await renderMetrics(), finding) - sample(second, finding), 1);
});
