// A baseline is written from, and judged on, every finding, not the answer's lists capped to the
// `findings` budget: a new finding past the cap was never judged ("0 new", exit 0), and a baseline
// written past the cap held only the findings shown. The change review judges before the cap
// (src/review/review.ts verdictOf over allFindings); the baseline now does the same, then the answer
// is capped, its `finding-limit` saying how many more there are.
import t from 'tap';
import { readFileSync, writeFileSync, mkdirSync, appendFileSync } from 'node:fs';
import { join } from 'node:path';
import { main } from '../src/cli/main.js';
import { auditBundle } from '../src/usecases/audit.js';
import { reviewBundle } from '../src/usecases/review.js';
import { buildApp } from '../src/api/app.js';
import { createBaseline, formatBaseline, parseBaseline } from '../src/baseline/baseline.js';
import { tempDir } from './helpers/temp.js';

async function run(argv: string[], cwd: string) {
  let stdout = '';
  let stderr = '';
  const code = await main(argv, { stdout: (s) => (stdout += s), stderr: (s) => (stderr += s), env: {}, cwd });
  return { code, stdout, stderr };
}

const N = 12;
/** N services, each with the same findings: far more than a budget of 5 lists */
function services(extra = ''): string {
  let s = 'services:\n';
  for (let i = 0; i < N; i++) s += `  s${i}:\n    image: nginx:1.27\n    privileged: true\n`;
  return s + extra;
}
// the last service gets three new findings (pid and network of the host, the Docker socket)
const NEW = '    pid: host\n    network_mode: host\n    volumes: ["/var/run/docker.sock:/var/run/docker.sock"]\n';
const entries = (file: string) => parseBaseline(JSON.parse(readFileSync(file, 'utf8')), '').findings.length;

for (const [form, argv] of [
  ['audit (the project here)', ['audit']],
  ['audit DIR', ['audit', 'p']],
] as const) {
  t.test(`${form}: --write-baseline writes every finding, --baseline judges every finding`, async (t) => {
    const top = tempDir('cr-bl-cap-');
    const dir = join(top, 'p');
    mkdirSync(dir);
    writeFileSync(join(dir, 'compose.yaml'), services());
    const cwd = form === 'audit DIR' ? top : dir;
    const small = ['--budget', 'findings=5'];
    let r = await run([...argv, ...small, '--write-baseline', join(top, 'capped.json')], cwd);
    t.equal(r.code, 1, r.stderr);
    r = await run([...argv, '--write-baseline', join(top, 'all.json')], cwd);
    const all = entries(join(top, 'all.json'));
    t.ok(all > 5 * N, `every finding (${all})`);
    t.equal(entries(join(top, 'capped.json')), all, 'the cap on what is shown leaves the baseline whole');
    t.equal(readFileSync(join(top, 'capped.json'), 'utf8'), readFileSync(join(top, 'all.json'), 'utf8'));
    r = await run([...argv, ...small, '--baseline', join(top, 'capped.json')], cwd);
    t.equal(r.code, 0, 'nothing new');
    t.match(r.stderr, /, 0 new\n/);
    appendFileSync(join(dir, 'compose.yaml'), NEW);
    r = await run([...argv, ...small, '--baseline', join(top, 'capped.json')], cwd);
    t.equal(r.code, 1, 'the new findings past the cap fail');
    t.match(r.stderr, new RegExp(`${all} finding\\(s\\) in the baseline .*, 3 new\\n`));
    for (const rule of ['host-pid', 'host-network', 'docker-socket-mount'])
      t.match(r.stdout, new RegExp(`s${N - 1}.*\\[${rule}\\]|\\[${rule}\\]`), `${rule} listed`);
    t.match(r.stdout, /more suppressed findings left out/, 'the cap says how many more');
  });
}

t.test('--fail-on warning with many known warnings: a new warning past the cap fails', async (t) => {
  const dir = tempDir('cr-bl-cap-');
  let s = 'services:\n';
  for (let i = 0; i < N; i++) s += `  s${i}:\n    image: nginx:1.27\n    ports: ["${8000 + i}:80"]\n`;
  writeFileSync(join(dir, 'compose.yaml'), s);
  const opts = ['--budget', 'findings=5', '--fail-on', 'warning'];
  let r = await run(['audit', ...opts, '--write-baseline', 'bl.json'], dir);
  t.equal(r.code, 1);
  r = await run(['audit', ...opts, '--baseline', 'bl.json'], dir);
  t.equal(r.code, 0, r.stdout);
  // the same warnings in one more service: new ones (another place)
  appendFileSync(join(dir, 'compose.yaml'), '  late:\n    image: nginx:1.27\n    ports: ["9999:80"]\n');
  r = await run(['audit', ...opts, '--baseline', 'bl.json'], dir);
  t.equal(r.code, 1, 'the new warning fails');
  t.match(r.stdout, /not late \[/, 'the new ones listed');
});

t.test('the library and the API (a `baseline` part) judge before the cap too', async (t) => {
  const files = { 'compose.yaml': services() };
  // as the CLI writes it: every finding, though the answer lists 5
  const written = auditBundle({ files }, { budgets: { findings: 5 } }).accepted();
  const text = formatBaseline(createBaseline(written));
  t.ok(createBaseline(written).findings.length > 5 * N);
  const head = { 'compose.yaml': services(NEW) };
  const a = auditBundle({ files: head }, { baseline: JSON.parse(text), budgets: { findings: 5 } });
  t.equal(a.json.failed, true);
  t.same(a.json.findings.map((f) => f.rule).sort(), ['docker-socket-mount', 'host-network', 'host-pid']);
  t.match(a.json.diagnostics, [{ code: 'finding-limit', message: /more suppressed findings left out/ }]);
  // the review (src/review/review.ts, its lists capped before it applies the baseline) lists it too
  const rv = reviewBundle({ files: head }, { baseline: JSON.parse(text), budgets: { findings: 5 } });
  t.equal(rv.json.verdict.status, 'fail');
  t.same(rv.json.findings.map((f) => f.rule).sort(), ['docker-socket-mount', 'host-network', 'host-pid']);
  const app = buildApp({ rateLimitPerMinute: 0, workers: 1, budgets: { findings: 5 } });
  t.teardown(() => app.close());
  const fd = new FormData();
  fd.append('compose.yaml', new Blob([head['compose.yaml']]), 'compose.yaml');
  fd.append('baseline', text);
  const req = new Request('http://localhost/', { method: 'POST', body: fd });
  const res = await app.inject({
    method: 'POST',
    url: '/v1/audit',
    payload: Buffer.from(await req.arrayBuffer()),
    headers: { 'content-type': req.headers.get('content-type')! },
  });
  t.equal(res.statusCode, 200, res.body.slice(0, 300));
  t.equal(res.json().failed, true);
  t.same(
    res
      .json()
      .findings.map((f: { rule: string }) => f.rule)
      .sort(),
    ['docker-socket-mount', 'host-network', 'host-pid'],
  );
});

t.test('a secret equal to a Compose field name: one identity for a finding in audit, review and SARIF', async (t) => {
  // the audit's baseline masked a finding's model path as any text (services.web.********) where
  // the answers show it with its field names whole (Masker.path): a baseline written by review was
  // not known to audit, and audit's own did not hold SARIF's fingerprints (found by a review)
  const dir = tempDir('cr-bl-secret-');
  writeFileSync(
    join(dir, 'compose.yaml'),
    'services:\n  web:\n    image: nginx:1.27\n    environment:\n      API_TOKEN: restart\n',
  );
  t.equal((await run(['review', '.', '--write-baseline', 'r.json', '--format', 'json'], dir)).code, 1);
  const judged = await run(['audit', '--baseline', 'r.json', '--fail-on', 'warning'], dir);
  t.equal(judged.code, 0, judged.stderr);
  t.match(judged.stderr, / 0 new/);
  await run(['audit', '--write-baseline', 'b.json', '--format', 'json'], dir);
  const sarif = JSON.parse((await run(['audit', '--format', 'sarif'], dir)).stdout) as {
    runs: { results: { partialFingerprints: Record<string, string> }[] }[];
  };
  const written = readFileSync(join(dir, 'b.json'), 'utf8');
  const prints = sarif.runs[0].results.map((r) => r.partialFingerprints['composeReview/v1'].split(':')[0]);
  t.ok(prints.length > 0);
  t.same(
    prints.filter((p) => !written.includes(p)),
    [],
    "every SARIF fingerprint in audit's baseline",
  );
  t.match(written, '"path":"services.web.restart"');
});

// review --write-baseline wrote the answer's lists (capped to the `findings` budget, 5,000): a
// project with more findings got a baseline that left the rest out, and they failed the next run
t.test('review --write-baseline writes every finding and drift risk, not the capped lists', async (t) => {
  const dir = tempDir('cr-bl-cap-');
  writeFileSync(join(dir, 'compose.yaml'), services());
  const small = ['--budget', 'findings=5'];
  let r = await run(['review', ...small, '--write-baseline', 'capped.json'], dir);
  t.equal(r.code, 1, r.stderr);
  r = await run(['review', '--write-baseline', 'all.json'], dir);
  const all = entries(join(dir, 'all.json'));
  t.ok(all > 5 * N, `every finding (${all})`);
  t.equal(entries(join(dir, 'capped.json')), all, 'the cap on what is shown leaves the baseline whole');
  r = await run(['review', ...small, '--baseline', 'capped.json', '--format', 'json'], dir);
  t.equal(r.code, 0, 'every finding known');
  appendFileSync(join(dir, 'compose.yaml'), NEW);
  r = await run(['review', ...small, '--baseline', 'capped.json', '--format', 'json'], dir);
  t.equal(r.code, 1, 'the new findings fail');
});
