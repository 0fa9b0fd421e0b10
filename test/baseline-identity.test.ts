/**
 * What a baseline entry accepts: the finding it was written for, at the severity it had (a finding
 * the change made more severe at the same place is new), and that one only, even where two findings
 * show alike because their services' names are secret values (the hash is over the finding's own
 * file and model path; the entry shows them masked).
 */
import t from 'tap';
import { parseBundle } from '../src/bundle/bundle.js';
import { auditBundle } from '../src/usecases/audit.js';
import { reviewBundle } from '../src/usecases/review.js';
import { createBaseline, formatBaseline, parseBaseline, type Baseline } from '../src/baseline/baseline.js';

const bundle = (compose: string) => parseBundle({ files: { 'compose.yaml': compose } });
/** The baseline `--write-baseline` writes of this bundle's audit, read back as `--baseline` reads it. */
const baselineOf = (compose: string): Baseline =>
  parseBaseline(JSON.parse(formatBaseline(createBaseline(auditBundle(bundle(compose)).accepted()))), '');

const db = (ports: string) => `services:\n  db:\n    image: postgres:16\n    ports: [${ports}]\n`;

t.test('an entry accepts its finding at the severity it had, not a more severe one at the same place', async (t) => {
  const baseline = baselineOf(db('"8080:8080"'));
  const entry = baseline.findings.find((e) => e.rule === 'port-all-interfaces');
  t.match(entry, { path: 'services.db.ports[0]', severity: 'info' }, 'the entry stores the severity');
  // PostgreSQL's port at the same place: the same rule, file and path, an error now
  const head = auditBundle(bundle(db('"5432:5432"')), { baseline });
  t.match(
    head.json.findings.filter((f) => f.rule === 'port-all-interfaces'),
    [{ severity: 'error', path: 'services.db.ports[0]' }],
    'the error is not accepted',
  );
  t.equal(head.failed, true);
  t.match(head.baselined, { fresh: 1 });
  // the same finding as accepted, and a less severe one, stay accepted
  const same = auditBundle(bundle(db('"8080:8080"')), { baseline });
  t.equal(same.json.findings.length, 0);
  t.equal(same.failed, false);
  const errorBaseline = baselineOf(db('"5432:5432"'));
  const lower = auditBundle(bundle(db('"8080:8080"')), { baseline: errorBaseline });
  t.same(
    lower.json.findings.map((f) => f.rule),
    [],
    'an info where an error was accepted is accepted',
  );
});

t.test('an entry without a severity (an older baseline) accepts its finding at any severity', async (t) => {
  const baseline = baselineOf(db('"8080:8080"'));
  const old = parseBaseline({ findings: baseline.findings.map(({ severity: _, ...e }) => e) });
  t.notOk(
    old.findings.some((e) => e.severity),
    'no severity',
  );
  const head = auditBundle(bundle(db('"5432:5432"')), { baseline: old });
  t.equal(head.failed, false);
  t.same(head.json.findings, []);
});

t.test('a severity that is none of error, warning, info is refused at its place', async (t) => {
  const fingerprint = '0123456789abcdef0123456789abcdef';
  t.throws(() => parseBaseline({ findings: [{ fingerprint, severity: 'high' }] }), {
    pointer: '/baseline/findings/0/severity',
  });
  t.throws(() => parseBaseline({ findings: [{ fingerprint, severity: 2 }] }), {
    pointer: '/baseline/findings/0/severity',
  });
});

t.test('two services whose names are secret values do not share their findings', async (t) => {
  // both names are values of secret-named variables: every answer shows them as `********`
  const base = [
    'services:',
    '  webapp:',
    '    image: nginx',
    '    privileged: true',
    '    environment:',
    '      DB_PASSWORD: webapp',
    '      API_TOKEN: worker',
    '',
  ].join('\n');
  const head = `${base}  worker:\n    image: nginx\n    privileged: true\n`;
  const baseline = baselineOf(base);
  const text = formatBaseline(createBaseline(auditBundle(bundle(base)).accepted()));
  t.notMatch(text, /webapp|worker/, 'the entries show the names masked');
  const audit = auditBundle(bundle(head), { baseline });
  const privileged = audit.json.findings.filter((f) => f.rule === 'privileged');
  t.equal(privileged.length, 1, "the new service's privileged is not accepted");
  t.equal(audit.failed, true);
  t.match(audit.baselined, { known: baseline.findings.length });
  // the same through a change review with the base's baseline
  const review = reviewBundle({ base: bundle(base), head: bundle(head) }, { baseline });
  t.match(review.json.verdict, { status: 'fail', cause: 'findings' });
  t.same(
    review.json.newFindings.filter((f) => f.rule === 'privileged').map((f) => f.severity),
    ['error'],
  );
  // and the project the baseline was written for is all known
  const again = auditBundle(bundle(base), { baseline });
  t.equal(again.failed, false);
  t.same(again.json.findings, []);
});
