/**
 * The schema judges the merged model, as compose-go does (loader.go loadYamlFile validates the
 * model merged so far after each document): an override incomplete on its own loads when an earlier
 * file completes it; what the merged model still lacks is reported at its definition in the last
 * file that defines it; every other problem at the file and line that set the value.
 */
import t from 'tap';
import { tempDir } from './helpers/temp.js';
import { join } from 'node:path';
import { writeFileSync } from 'node:fs';
import { loadProject } from '../src/load/project.js';
import { buildApp } from '../src/api/app.js';
import { main } from '../src/cli/main.js';
import type { Diagnostic } from '../src/diagnostics.js';

const load = (files: Record<string, string>, order = Object.keys(files)) => loadProject({ files }, { files: order });
const errors = (ds: Diagnostic[]) => ds.filter((d) => d.severity === 'error');
const place = (d: Diagnostic) => ({ code: d.code, file: d.file, line: d.line, column: d.column, path: d.path });

const BASE = [
  'services:',
  '  db:',
  '    image: postgres',
  '  web:',
  '    image: nginx',
  '    depends_on:',
  '      db:',
  '        condition: service_healthy',
  '    provider:',
  '      type: model',
  '',
].join('\n');

// on its own, this file breaks the schema twice: `condition` and `type` are required
const PARTIAL = [
  'services:',
  '  web:',
  '    depends_on:',
  '      db:',
  '        required: false',
  '    provider:',
  '      options: {model: ai/smollm2}',
  '',
].join('\n');

t.test('an override that leaves out required properties loads when the base gives them', async (t) => {
  const p = load({ 'compose.yaml': BASE, 'compose.override.yaml': PARTIAL });
  t.same(errors(p.diagnostics), []);
  const web = (p.model!.services as Record<string, Record<string, Record<string, unknown>>>).web;
  t.same({ ...(web.depends_on.db as object) }, { condition: 'service_healthy', required: false });
  t.equal((web.provider as Record<string, unknown>).type, 'model');
  // the merged values keep their provenance: condition from the base, required from the override
  const alone = load({ 'compose.override.yaml': PARTIAL });
  t.same(errors(alone.diagnostics).map(place), [
    {
      code: 'schema-required',
      file: 'compose.override.yaml',
      line: 4,
      column: 7,
      path: 'services.web.depends_on.db',
    },
    {
      code: 'schema-required',
      file: 'compose.override.yaml',
      line: 6,
      column: 5,
      path: 'services.web.provider',
    },
  ]);
  t.match(errors(alone.diagnostics)[0].composeMessage, "services.web.depends_on.db missing property 'condition'");
});

t.test('a service the override does not give an image loads when the base does', async (t) => {
  const p = load({
    'compose.yaml': 'services:\n  web:\n    image: nginx\n',
    'compose.override.yaml': 'services:\n  web:\n    environment: [DEBUG=1]\n',
  });
  t.same(errors(p.diagnostics), []);
});

t.test('what the merged model lacks points at the service in the last file that defines it', async (t) => {
  const p = load({
    'compose.yaml': 'services:\n  web:\n    environment: [A=1]\n',
    'compose.mid.yaml': 'services:\n  db:\n    image: postgres\n',
    'compose.override.yaml': 'x-note: last\nservices:\n  web:\n    labels: [tier=front]\n',
  });
  t.same(errors(p.diagnostics).map(place), [
    { code: 'missing-image-or-build', file: 'compose.override.yaml', line: 3, column: 3, path: 'services.web' },
  ]);
  // a required property the merge leaves out: at the mapping in the file whose merge left it out
  const reset = load({
    'compose.yaml': BASE,
    'compose.override.yaml':
      'services:\n  web:\n    depends_on:\n      db:\n        condition: !reset null\n        required: false\n',
  });
  t.same(errors(reset.diagnostics).map(place), [
    {
      code: 'schema-required',
      file: 'compose.override.yaml',
      line: 4,
      column: 7,
      path: 'services.web.depends_on.db',
    },
  ]);
  // a secret without a source, defined in two files: at the last one
  const secret = load({
    'compose.yaml': 'services:\n  web:\n    image: nginx\n    secrets: [key]\nsecrets:\n  key:\n    labels: [a=1]\n',
    'compose.override.yaml': 'secrets:\n  key:\n    labels: [b=2]\n',
  });
  t.match(errors(secret.diagnostics).map(place), [
    { code: 'source-missing', file: 'compose.override.yaml', line: 2, column: 3, path: 'secrets.key' },
  ]);
});

t.test('other problems stay where the value was set, each reported once', async (t) => {
  const p = load({
    'compose.yaml': 'services:\n  web:\n    image: nginx\n    pots: ["80:80"]\n',
    'compose.override.yaml': 'services:\n  web:\n    cgroup: shared\n    mem_limit: 1g\n',
  });
  t.same(errors(p.diagnostics).map(place), [
    { code: 'schema-enum', file: 'compose.override.yaml', line: 3, column: 13, path: 'services.web.cgroup' },
    { code: 'schema-unknown-key', file: 'compose.yaml', line: 4, column: 5, path: 'services.web.pots' },
  ]);
  // a value of another type than the base's: compose-go's merge refuses it, at the override's value
  const conflict = load({
    'compose.yaml': 'services:\n  web:\n    image: nginx\n    ports: ["80:80"]\n',
    'compose.override.yaml': 'services:\n  web:\n    ports: 8080\n',
  });
  t.match(errors(conflict.diagnostics), [
    {
      code: 'merge-invalid',
      file: 'compose.override.yaml',
      line: 3,
      path: 'services.web.ports',
      composeMessage: 'cannot override services.web.ports',
    },
  ]);
  t.equal(errors(conflict.diagnostics).length, 1);
});

t.test('an included model is validated on its own, as compose-go loads it before importing it', async (t) => {
  const p = load(
    {
      'compose.yaml':
        'include: [sub/compose.yaml]\nservices:\n  web:\n    depends_on:\n      db:\n        condition: service_started\n',
      'sub/compose.yaml':
        'services:\n  db:\n    image: postgres\n  web:\n    image: nginx\n    depends_on:\n      db:\n        required: false\n',
    },
    ['compose.yaml'],
  );
  t.same(errors(p.diagnostics).map(place), [
    { code: 'schema-required', file: 'sub/compose.yaml', line: 7, column: 7, path: 'services.web.depends_on.db' },
  ]);
});

t.test('through the API and the CLI, the partial override is valid; the merged gap is at the override', async (t) => {
  const app = buildApp({ workers: 1 });
  t.teardown(() => app.close());
  const bundle = { files: { 'compose.yaml': BASE, 'compose.override.yaml': PARTIAL } };
  const ok = await app.inject({ method: 'POST', url: '/v1/validate', payload: bundle });
  t.equal(ok.statusCode, 200);
  t.equal(ok.json().valid, true, JSON.stringify(ok.json().diagnostics));
  const gap = {
    files: {
      'compose.yaml': 'services:\n  web:\n    environment: [A=1]\n',
      'compose.override.yaml': 'services:\n  web:\n    labels: [a=1]\n',
    },
  };
  const bad = await app.inject({ method: 'POST', url: '/v1/validate', payload: gap });
  t.equal(bad.json().valid, false);
  t.match(bad.json().diagnostics, [
    { code: 'missing-image-or-build', file: 'compose.override.yaml', line: 2, column: 3, path: 'services.web' },
  ]);

  const dir = tempDir('cr-merged-');
  for (const [name, text] of Object.entries(bundle.files)) writeFileSync(join(dir, name), text);
  const run = async (argv: string[]) => {
    let stdout = '';
    let stderr = '';
    const code = await main(argv, { stdout: (s) => (stdout += s), stderr: (s) => (stderr += s), env: {}, cwd: dir });
    return { code, out: stdout + stderr };
  };
  const valid = await run(['validate', '-f', 'compose.yaml', '-f', 'compose.override.yaml']);
  t.equal(valid.code, 0, valid.out);
  const config = await run(['config', '--format', 'json']);
  t.equal(config.code, 0, config.out);
  t.match(JSON.parse(config.out.slice(config.out.indexOf('{'))), {
    services: { web: { depends_on: { db: { condition: 'service_healthy', required: false } } } },
  });
  writeFileSync(join(dir, 'compose.yaml'), gap.files['compose.yaml']);
  writeFileSync(join(dir, 'compose.override.yaml'), gap.files['compose.override.yaml']);
  const invalid = await run(['validate']);
  t.equal(invalid.code, 1);
  t.match(invalid.out, /compose\.override\.yaml:2:3: error service "web" has neither an image nor a build context/);
});
