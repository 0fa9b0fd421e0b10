// Baselines (src/baseline/, the CLI's --write-baseline / --baseline, the API's `baseline` field):
// write one, and a run on the same files has no new finding and passes; moving a block (lines
// shift) keeps the findings known; a new finding still fails; the file holds no secret value.
import t from 'tap';
import { tempDir } from './helpers/temp.js';
import { cpSync, readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { main } from '../src/cli/main.js';
import { buildApp } from '../src/api/app.js';
import { auditBundle } from '../src/usecases/audit.js';
import { formatSarif } from '../src/report/sarif.js';
import {
  BASELINE_MARKER,
  createBaseline,
  fingerprintOf,
  formatBaseline,
  parseBaseline,
  type Baseline,
} from '../src/baseline/baseline.js';
import { BundleError } from '../src/bundle/bundle.js';
import { FIXTURES, seedBundle } from './helpers/fixtures.js';
import { multipartOf } from './helpers/tar.js';

async function run(argv: string[], cwd: string, env: Record<string, string> = {}) {
  let stdout = '';
  let stderr = '';
  const code = await main(argv, { stdout: (s) => (stdout += s), stderr: (s) => (stderr += s), env, cwd });
  return { code, stdout, stderr };
}

function seedCopy(): string {
  const dir = tempDir('cr-baseline-');
  cpSync(join(FIXTURES, 'seed'), dir, { recursive: true });
  return dir;
}

/** docker-compose.yml with the `cache` service moved above `api` and two comment lines on top: every line moves. */
function moveBlocks(dir: string): void {
  const file = join(dir, 'docker-compose.yml');
  const text = readFileSync(file, 'utf8');
  const cache = /\n {2}cache:\n(?: {4}.*\n|\n)*/.exec(text);
  if (!cache) throw new Error('seed: no cache block');
  const without = text.replace(cache[0], '\n');
  const moved = without.replace('services:\n', `services:${cache[0].replace(/\n+$/, '\n')}\n`);
  writeFileSync(file, `# moved around\n# by a refactoring\n${moved}`);
}

t.test(
  'audit: write, then the same files have 0 new findings and exit 0; moved blocks stay known; a new one fails',
  async (t) => {
    const dir = seedCopy();
    const before = await run(['audit'], dir);
    t.equal(before.code, 1, 'the seed fails without a baseline');

    const write = await run(['audit', '--write-baseline', 'compose-review-baseline.json'], dir);
    t.match(write.stderr, /wrote compose-review-baseline\.json: \d+ accepted finding/);
    const file = readFileSync(join(dir, 'compose-review-baseline.json'), 'utf8');
    t.equal(file.split('\n')[0], BASELINE_MARKER);
    const baseline = parseBaseline(JSON.parse(file));
    t.ok(baseline.findings.length > 10, `${baseline.findings.length} entries`);

    const same = await run(['audit', '--baseline', 'compose-review-baseline.json'], dir);
    t.equal(same.code, 0, same.stdout);
    t.match(same.stdout, /^0 errors, 0 warnings, 0 info \(\d+ suppressed\)$/m);
    t.match(same.stderr, /in the baseline compose-review-baseline\.json, 0 new/);
    const json = JSON.parse(
      (await run(['audit', '--baseline', 'compose-review-baseline.json', '--format', 'json'], dir)).stdout,
    );
    t.same(json.findings, [], 'no active finding');
    t.equal(json.failed, false);
    t.ok(json.suppressed.some((f: { suppressed: { by: string } }) => f.suppressed.by === 'baseline'));
    t.same(
      { error: json.counts.error, warning: json.counts.warning, info: json.counts.info },
      { error: 0, warning: 0, info: 0 },
    );

    const review = await run(['review', '--baseline', 'compose-review-baseline.json', '--format', 'json'], dir);
    t.equal(review.code, 0, 'review passes too');
    t.equal(JSON.parse(review.stdout).verdict.status, 'pass');

    moveBlocks(dir);
    const moved = await run(['audit', '--baseline', 'compose-review-baseline.json', '--format', 'json'], dir);
    t.equal(moved.code, 0, 'moved blocks: still known');
    t.same(JSON.parse(moved.stdout).findings, []);

    const file2 = join(dir, 'docker-compose.yml');
    writeFileSync(file2, readFileSync(file2, 'utf8').replace('  cache:\n', '  cache:\n    privileged: true\n'));
    const fresh = await run(['audit', '--baseline', 'compose-review-baseline.json'], dir);
    t.equal(fresh.code, 1, 'a new finding fails');
    t.match(fresh.stdout, /error service "cache" runs privileged: it has full access to the host \[privileged\]/);
    t.match(fresh.stderr, /, 1 new\n/);
    t.notMatch(fresh.stdout, /\[port-all-interfaces\]/, 'the known ones are not listed');
  },
);

t.test('moving a block changes lines, not fingerprints', async (t) => {
  const dir = seedCopy();
  const lines = async () =>
    JSON.parse((await run(['audit', '--format', 'json'], dir)).stdout).findings as {
      rule: string;
      line: number;
      path: string;
      file: string;
      code: string;
    }[];
  const a = await lines();
  moveBlocks(dir);
  const b = await lines();
  t.not(JSON.stringify(a.map((f) => f.line)), JSON.stringify(b.map((f) => f.line)), 'the lines moved');
  t.same(new Set(a.map(fingerprintOf)), new Set(b.map(fingerprintOf)), 'the fingerprints did not');
});

t.test('the fingerprints are SARIF partialFingerprints', async (t) => {
  const a = auditBundle(seedBundle(), { format: 'sarif' });
  const results = JSON.parse(a.rendered!.body).runs[0].results as {
    ruleId: string;
    partialFingerprints: Record<string, string>;
  }[];
  const sarif = new Set(results.map((r) => r.partialFingerprints['composeReview/v1'].split(':')[0]));
  const ours = createBaseline(a.json.findings).findings.map((e) => e.fingerprint);
  t.ok(ours.length > 5);
  for (const f of ours) t.ok(sarif.has(f), `${f} is a SARIF fingerprint`);
  const direct = formatSarif(a.json.findings).runs[0].results.map((r) => r.partialFingerprints['composeReview/v1']);
  t.same(direct.map((f) => f.split(':')[0]).sort(), a.json.findings.map((f) => fingerprintOf(f)).sort());
});

t.test('a baseline never stores a secret value', async (t) => {
  const dir = seedCopy();
  // a value under a secret name that also lands in a finding's model path
  writeFileSync(
    join(dir, 'docker-compose.override.yml'),
    readFileSync(join(dir, 'docker-compose.override.yml'), 'utf8') +
      '  leaky:\n    image: example/leaky\n    environment:\n      API_TOKEN: Zq7-canary-token-9f3c\n    labels:\n      Zq7-canary-token-9f3c: "1"\n',
  );
  await run(['audit', '--write-baseline', 'b.json'], dir);
  const text = readFileSync(join(dir, 'b.json'), 'utf8');
  t.notMatch(text, 's3cr3t-pass', 'the seed password is not in it');
  t.notMatch(text, 'Zq7-canary-token-9f3c', 'nor the canary');
  t.match(text, '"rule":"secret-in-environment"', 'its finding is, by rule and path');
  for (const line of text.split('\n').filter((l) => l.includes('"rule"')))
    t.same(
      Object.keys(JSON.parse(line.replace(/,$/, ''))),
      ['fingerprint', 'rule', 'file', 'path', 'severity'],
      'no message, no value',
    );
});

t.test('--write-baseline writes atomically, replaces its own file, refuses another without --force', async (t) => {
  const dir = seedCopy();
  writeFileSync(join(dir, 'notes.json'), '{"mine": true}\n');
  const refused = await run(['audit', '--write-baseline', 'notes.json'], dir);
  t.equal(refused.code, 2);
  t.match(refused.stderr, /refusing to overwrite .*notes\.json/);
  t.equal(readFileSync(join(dir, 'notes.json'), 'utf8'), '{"mine": true}\n');
  await run(['audit', '--write-baseline', 'b.json'], dir);
  const first = readFileSync(join(dir, 'b.json'), 'utf8');
  // updating in place: read as --baseline, written again with what is current
  const again = await run(['audit', '--baseline', 'b.json', '--write-baseline', 'b.json'], dir);
  t.equal(again.code, 0, again.stderr);
  t.equal(readFileSync(join(dir, 'b.json'), 'utf8'), first, 'the same findings: the same file');
  t.equal((await run(['audit', '--baseline', 'missing.json'], dir)).code, 2);
  writeFileSync(join(dir, 'bad.json'), '{"findings": [{"fingerprint": "nope"}]}');
  const bad = await run(['audit', '--baseline', 'bad.json'], dir);
  t.equal(bad.code, 2);
  t.match(
    bad.stderr,
    /bad\.json is not a compose-review baseline: a baseline entry needs a "fingerprint".*\/findings\/0\/fingerprint/,
  );
  const pair = await run(['review', '--write-baseline', 'c.json', '--baseline', 'b.json'], dir);
  t.equal(pair.code, 2, 'review cannot rewrite what its answer does not list');
});

t.test('audit DIR...: the baseline names files from the working directory, as the report does', async (t) => {
  const root = tempDir('cr-baseline-mono-');
  for (const p of ['shop', 'blog']) {
    mkdirSync(join(root, p));
    cpSync(join(FIXTURES, 'seed'), join(root, p), { recursive: true });
  }
  t.equal((await run(['audit', 'shop', 'blog'], root)).code, 1);
  await run(['audit', 'shop', 'blog', '--write-baseline', 'b.json'], root);
  const b = parseBaseline(JSON.parse(readFileSync(join(root, 'b.json'), 'utf8')));
  t.ok(b.findings.some((e) => e.file.startsWith('shop/')) && b.findings.some((e) => e.file.startsWith('blog/')));
  const again = await run(['audit', 'shop', 'blog', '--baseline', 'b.json'], root);
  t.equal(again.code, 0, again.stdout);
  // the same project under another directory is another project: its findings are new
  cpSync(join(root, 'shop'), join(root, 'shop2'), { recursive: true });
  t.equal((await run(['audit', 'shop', 'shop2', '--baseline', 'b.json'], root)).code, 1);
});

t.test('API: a `baseline` field in /v1/audit and /v1/review, checked like the bundle', async (t) => {
  const app = buildApp({ rateLimitPerMinute: 0, workers: 1 });
  t.teardown(() => app.close());
  const bundle = seedBundle();
  const first = (await app.inject({ method: 'POST', url: '/v1/audit', payload: bundle })).json();
  t.equal(first.failed, true);
  const baseline: Baseline = createBaseline(first.findings);
  const text = formatBaseline(baseline);
  const audit = await app.inject({
    method: 'POST',
    url: '/v1/audit',
    payload: { ...bundle, baseline: JSON.parse(text) },
  });
  t.equal(audit.statusCode, 200);
  t.match(audit.json(), { failed: false, findings: [], counts: { error: 0, warning: 0, info: 0 } });
  t.equal(audit.headers['x-compose-review-failed'], 'false');
  const sarif = await app.inject({ method: 'POST', url: '/v1/audit?format=sarif', payload: { ...bundle, baseline } });
  const results = JSON.parse(sarif.body).runs[0].results as { suppressions?: { kind: string }[]; ruleId: string }[];
  t.ok(
    results.filter((r) => !r.ruleId.startsWith('schema')).every((r) => r.suppressions?.[0].kind === 'external'),
    'SARIF: every known finding is an external, accepted suppression',
  );
  const review = await app.inject({ method: 'POST', url: '/v1/review', payload: { ...bundle, baseline } });
  t.equal(review.json().verdict.status, 'pass');
  // multipart: the baseline rides in the `bundle` part
  const { body, contentType } = await multipartOf(bundle.files, { baseline });
  const mp = await app.inject({
    method: 'POST',
    url: '/v1/audit',
    payload: body,
    headers: { 'content-type': contentType },
  });
  t.match(mp.json(), { failed: false, findings: [] }, 'multipart');
  const bad = await app.inject({
    method: 'POST',
    url: '/v1/audit',
    payload: { ...bundle, baseline: { findings: [{ fingerprint: 'x' }] } },
  });
  t.equal(bad.statusCode, 400);
  t.match(bad.json(), { pointer: '/baseline/findings/0/fingerprint' });
  const wrong = await app.inject({ method: 'POST', url: '/v1/audit', payload: { ...bundle, baseline: [] } });
  t.equal(wrong.statusCode, 400);
});

t.test('parseBaseline: SARIF occurrence suffixes dropped, other fingerprint schemes refused', async (t) => {
  const f = 'a'.repeat(32);
  t.same(parseBaseline({ findings: [{ fingerprint: `${f}:2` }] }).findings[0], {
    fingerprint: f,
    rule: '',
    file: '',
    path: '',
  });
  t.throws(() => parseBaseline({ fingerprint: 'other/v9', findings: [] }), BundleError);
  t.throws(() => parseBaseline({ findings: {} }), BundleError);
});
