/**
 * Precision on the frozen labels (fixtures/audit-labels): per rule, the labelled findings as they were
 * (TP / FP / noise at freeze), and among them the ones today's default audit still reports, with
 * their FP and noise rates.
 */
import { auditLabels, labelledAudit } from '../test/helpers/labels.js';

interface Tally {
  tp: number;
  fp: number;
  noise: number;
  /** noise reported at warning or error */
  loud?: number;
}

const pct = (n: number, d: number): string => (d === 0 ? '-' : `${((100 * n) / d).toFixed(1)}%`);

export function precisionTable(): string {
  const labels = auditLabels();
  const then = new Map<string, Tally>();
  const now = new Map<string, Tally>();
  const add = (m: Map<string, Tally>, rule: string, label: string, severity: string): void => {
    const t = m.get(rule) ?? { tp: 0, fp: 0, noise: 0, loud: 0 };
    if (label === 'TP') t.tp++;
    else if (label === 'FP') t.fp++;
    else {
      t.noise++;
      if (severity !== 'info') t.loud = (t.loud ?? 0) + 1;
    }
    m.set(rule, t);
  };
  for (const { labels: group, reported, severity } of labelledAudit(labels))
    for (const l of group) {
      add(then, l.rule, l.label, l.then.severity);
      if (reported(l)) add(now, l.rule, l.label, severity(l) ?? 'info');
    }
  const total = (m: Map<string, Tally>): Tally =>
    [...m.values()].reduce(
      (a, t) => ({ tp: a.tp + t.tp, fp: a.fp + t.fp, noise: a.noise + t.noise, loud: (a.loud ?? 0) + (t.loud ?? 0) }),
      { tp: 0, fp: 0, noise: 0, loud: 0 },
    );
  const row = (name: string, a: Tally, b: Tally): string => {
    const n = a.tp + a.fp + a.noise;
    const r = b.tp + b.fp + b.noise;
    return `| ${name} | ${n} | ${a.tp} / ${a.fp} / ${a.noise} | ${pct(a.fp, n)} | ${pct(a.noise, n)} | ${r} | ${pct(b.fp, r)} | ${pct(b.noise, r)} | ${pct(b.loud ?? 0, r)} |`;
  };
  const none: Tally = { tp: 0, fp: 0, noise: 0 };
  return [
    `${labels.length} findings labelled by hand before tuning (fixtures/audit-labels/RUBRIC.md); "now": those today's default audit still reports, in the role they were labelled in ("loud noise": noise reported at warning or error, not info).`,
    '',
    '| rule | labelled | TP / FP / noise | FP then | noise then | reported now | FP now | noise now | loud noise now |',
    '|---|---|---|---|---|---|---|---|---|',
    ...[...then.keys()].sort().map((rule) => row(`\`${rule}\``, then.get(rule)!, now.get(rule) ?? none)),
    row('**all**', total(then), total(now)),
  ].join('\n');
}
