// Partial audits: an environment that does not load still gets its files audited on their own, with
// the rules about values that are present; the requested format is always written (JSON and SARIF
// on stdout with the diagnostics), and the CLI still exits 2.
import t from 'tap';
import { tempDir } from './helpers/temp.js';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { auditBundle } from '../src/usecases/index.js';
import { main } from '../src/cli/main.js';
import { corpusSets } from './helpers/corpus.js';
import { rules } from '../src/audit/rules/index.js';

// docker-zulip's shape: a secret the file uses but never declares (it lives in an uncommitted file)
const BROKEN = `services:
  database:
    image: "zulip/zulip-postgresql:14"
    secrets:
      - zulip__postgres_password
    environment:
      POSTGRES_USER: "zulip"
  zulip:
    image: "ghcr.io/zulip/zulip-server:latest"
    privileged: true
    ports:
      - "25:25"
      - "5432:5432"
    environment:
      SECRETS_rabbitmq_password: "REPLACE_WITH_SECURE_RABBITMQ_PASSWORD"
      SETTING_EXTERNAL_HOST: "localhost.localdomain"
`;

const wholeProject = new Set(rules.filter((r) => r.meta.wholeProject).map((r) => r.meta.id));

t.test('an environment that does not load: its files audited on their own, marked partial', async (t) => {
  const a = auditBundle({ files: { 'compose.yaml': BROKEN } }).json;
  t.match(a.environments.default, { loaded: false, partial: true, role: 'production' });
  t.ok(
    a.diagnostics.some((d) => d.code === 'undefined-secret'),
    'the load error is still there',
  );
  t.ok(a.findings.length > 0);
  t.ok(
    a.findings.every((f) => f.partial === true),
    'every finding says it is partial',
  );
  t.same(
    a.findings.filter((f) => wholeProject.has(f.rule as string)).map((f) => f.rule),
    [],
    'no "missing X" rule on a file alone',
  );
  const rules = new Set(a.findings.map((f) => f.rule));
  for (const r of ['privileged', 'image-unpinned', 'port-all-interfaces', 'secret-in-environment'])
    t.ok(rules.has(r), `${r} found`);
  t.ok(
    a.groups.every((g) => g.partial === true),
    'groups too',
  );
  const text = auditBundle({ files: { 'compose.yaml': BROKEN } }, { format: 'text' }).rendered!.body;
  t.match(text, /it does not load: its files are audited on their own \(partial\)/);
  t.match(text, /\[privileged\] \(default\) \(partial: file audited on its own\)/);
});

t.test('the CLI writes the requested format and exits 2', async (t) => {
  const dir = tempDir('cr-partial-');
  writeFileSync(join(dir, 'compose.yaml'), BROKEN);
  const cli = async (argv: string[]) => {
    let stdout = '';
    let stderr = '';
    const code = await main(argv, { stdout: (s) => (stdout += s), stderr: (s) => (stderr += s), env: {}, cwd: dir });
    return { code, stdout, stderr };
  };
  const json = await cli(['audit', '-f', 'compose.yaml', '--format', 'json']);
  t.equal(json.code, 2);
  const body = JSON.parse(json.stdout);
  t.ok(body.diagnostics.some((d: { code: string }) => d.code === 'undefined-secret'));
  t.ok(body.findings.length > 0 && body.findings.every((f: { partial?: boolean }) => f.partial));
  t.match(json.stderr, /default cannot be loaded/);
  const sarif = await cli(['audit', '--format', 'sarif']);
  t.equal(sarif.code, 2);
  const log = JSON.parse(sarif.stdout);
  t.ok(log.runs[0].results.some((r: { ruleId: string }) => r.ruleId === 'undefined-secret'));
  t.ok(log.runs[0].results.some((r: { ruleId: string }) => r.ruleId === 'privileged'));
  const text = await cli(['audit']);
  t.equal(text.code, 2);
  t.match(text.stdout, /\[privileged\]/);
});

t.test('directory mode audits every environment that loads and reports the others', async (t) => {
  // dockprom's shape: a standalone exporters file taken for an override of the base
  const dir = tempDir('cr-partial-dir-');
  writeFileSync(
    join(dir, 'docker-compose.yml'),
    'services:\n  nodeexporter:\n    image: prom/node-exporter:v1.9.1\n    networks: [monitor-net]\nnetworks:\n  monitor-net: {}\n',
  );
  writeFileSync(
    join(dir, 'docker-compose.exporters.yml'),
    'services:\n  nodeexporter:\n    image: prom/node-exporter:v1.9.1\n    network_mode: host\n    volumes: ["/:/rootfs:ro"]\n',
  );
  let stdout = '';
  let stderr = '';
  const code = await main(['audit', '--format', 'json'], {
    stdout: (s) => (stdout += s),
    stderr: (s) => (stderr += s),
    env: {},
    cwd: dir,
  });
  t.equal(code, 2);
  const body = JSON.parse(stdout);
  t.match(body.environments, { default: { loaded: true }, exporters: { loaded: false, partial: true } });
  t.ok(
    body.findings.some((f: { rule: string; partial?: boolean }) => f.rule === 'cap-drop-missing' && !f.partial),
    'the environment that loads is audited in full',
  );
  t.ok(
    body.findings.some(
      (f: { rule: string; file: string; partial?: boolean }) =>
        f.rule === 'sensitive-host-mount' && f.file === 'docker-compose.exporters.yml' && f.partial,
    ),
    'the one that does not, file by file',
  );
  t.match(stderr, /exporters cannot be loaded/);
});

t.test('every corpus set that does not load still yields partial findings', async (t) => {
  for (const set of corpusSets()) {
    const a = auditBundle({ files: set.bundle.files, environments: { default: set.spec } }).json;
    if (a.environments.default.loaded) continue;
    t.ok(a.diagnostics.length > 0, `${set.id} ${set.spec.files.join(',')}: diagnostics`);
    t.ok(
      a.findings.length > 0 && a.findings.every((f) => f.partial),
      `${set.id} ${set.spec.files.join(',')}: ${a.findings.length} partial findings`,
    );
  }
});

t.test('a change that breaks an environment does not claim to fix what its files alone cannot show', async (t) => {
  const { reviewBundle } = await import('../src/usecases/index.js');
  const good = 'services:\n  web:\n    image: nginx:1.27\n    privileged: true\n';
  const broken = good + '    secrets: [undeclared]\n';
  const r = reviewBundle({
    base: { files: { 'compose.yaml': good } },
    head: { files: { 'compose.yaml': broken } },
  }).json;
  t.equal(r.verdict.status, 'fail');
  t.same(
    r.fixedFindings.map((f) => f.rule),
    [],
    'cap-drop-missing and friends are not "fixed": they were not looked for',
  );
});
