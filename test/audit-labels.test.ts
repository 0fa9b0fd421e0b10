// The frozen labelled findings (fixtures/audit-labels, see its RUBRIC.md): every labelled file set is
// audited again in the role it was labelled in, with the default rules; a finding labelled FP must
// not come back, one labelled TP must still be reported (matched by rule, file and model path).
import t from 'tap';
import { auditLabels, labelledAudit } from './helpers/labels.js';

const labels = auditLabels();

t.test('the frozen sample is what the rubric says', async (t) => {
  t.ok(labels.length >= 150, 'at least 150 labelled findings');
  t.equal(new Set(labels.map((l) => l.id)).size, labels.length, 'ids are unique');
  for (const l of labels) t.ok(l.reason.trim().length > 0, `${l.id} has a reason`);
});

for (const { key, labels: group, reported } of labelledAudit(labels)) {
  t.test(key, async (t) => {
    for (const l of group) {
      const seen = reported(l);
      if (l.label === 'TP') t.ok(seen, `${l.id} TP still reported: ${l.rule} at ${l.file} ${l.path}`);
      else if (l.label === 'FP')
        t.notOk(seen, `${l.id} FP does not come back: ${l.rule} at ${l.file} ${l.path} (${l.reason})`);
    }
  });
}
