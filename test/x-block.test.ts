/**
 * An `x-compose-review` block the audit cannot read as written is a positioned `policy-invalid`
 * warning (src/audit/x-block.ts), once however many environments share it; a well-formed block
 * gives none, and what the block silences does not change.
 */
import t from 'tap';
import { auditBundle } from '../src/usecases/index.js';

const warnings = (files: Record<string, string>) =>
  auditBundle({ files }).json.diagnostics.filter((d) => d.code === 'policy-invalid');

t.test('each malformed member is a warning at its place', async (t) => {
  const compose = [
    'x-compose-review:', // 1
    '  ignores: [privileged]', // 2
    '  ignore:', // 3
    '    - no-such-rule because', // 4
    '    - {rule: privileged, reasons: typo}', // 5
    '    - {reason: no rule}', // 6
    'services:', // 7
    '  web:', // 8
    '    image: nginx:1.27', // 9
    '    privileged: true', // 10
    '    x-compose-review: {ignore: privileged}', // 11
    '  api:', // 12
    '    image: nginx:1.27', // 13
    '    x-compose-review: [privileged]', // 14
    '',
  ].join('\n');
  const got = warnings({ 'compose.yaml': compose }).map((d) => [d.line, d.path, d.message]);
  t.same(got, [
    [2, 'x-compose-review.ignores', 'unknown member "ignores" of x-compose-review: expected ignore'],
    [4, 'x-compose-review.ignore[0]', 'unknown rule "no-such-rule"'],
    [5, 'x-compose-review.ignore[1].reasons', 'unknown member "reasons" of an ignore entry: expected rule or reason'],
    [6, 'x-compose-review.ignore[2]', 'an ignore entry needs a rule id'],
    [
      11,
      'services.web.x-compose-review.ignore',
      'ignore must be a list of rule ids ("<rule-id> <reason>" or {rule, reason}): it is ignored',
    ],
    [14, 'services.api.x-compose-review', 'x-compose-review must be a mapping with an ignore list: it is ignored'],
  ]);
  for (const d of warnings({ 'compose.yaml': compose })) t.equal(d.file, 'compose.yaml');
  // the entry with a misspelled member still names its rule: privileged stays silenced, as before
  const a = auditBundle({ files: { 'compose.yaml': compose } }).json;
  t.ok(a.suppressed.some((f) => f.rule === 'privileged'));
});

t.test('a block two environments share is warned once; a good block not at all', async (t) => {
  const files = {
    'compose.yaml': 'services:\n  web:\n    image: nginx:1.27\n    x-compose-review: {ignore: [nope]}\n',
    'compose.override.yaml': 'services:\n  web:\n    ports: ["8080:80"]\n',
    'compose.prod.yaml': 'services:\n  web:\n    restart: always\n',
  };
  t.same(
    warnings(files).map((d) => [d.file, d.line, d.message]),
    [['compose.yaml', 4, 'unknown rule "nope"']],
  );
  const good = {
    'compose.yaml': [
      'x-compose-review:',
      '  ignore: ["*", "privileged legacy image", {rule: image-unpinned, reason: pinned by digest in CI}]',
      'services:',
      '  web:',
      '    image: nginx',
      '    x-compose-review: {ignore: [port-all-interfaces]}',
      '',
    ].join('\n'),
  };
  t.same(warnings(good), []);
});
