// One question, one answer: the CLI's `--format json` prints the JSON the API sends for the same
// bundle and project name (validate, audit, diff, review, and a change review), both computed by the
// use cases of src/usecases/ (the API's in its worker pool, the CLI's in-process).
import t from 'tap';
import { join } from 'node:path';
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { buildApp } from '../src/api/app.js';
import { main } from '../src/cli/main.js';
import { FIXTURES, readTree } from './helpers/fixtures.js';

const seed = join(FIXTURES, 'seed');
const app = buildApp({ rateLimitPerMinute: 0, workers: 1 });
t.teardown(() => app.close());

async function cli(argv: string[], cwd = seed): Promise<unknown> {
  let stdout = '';
  let stderr = '';
  const code = await main(argv, { stdout: (s) => (stdout += s), stderr: (s) => (stderr += s), env: {}, cwd });
  t.ok(code === 0 || code === 1, `${argv.join(' ')}: exit ${code} ${stderr}`);
  return JSON.parse(stdout);
}

async function api(url: string, payload: unknown): Promise<unknown> {
  const r = await app.inject({ method: 'POST', url, payload: payload as object });
  t.equal(r.statusCode, 200, `${url}: ${r.body.slice(0, 300)}`);
  return r.json();
}

t.test('validate: -f files and -p are the bundle of one environment', async (t) => {
  const files = readTree('seed');
  const bundle = {
    files: {
      '.env': files['.env'],
      'docker-compose.yml': files['docker-compose.yml'],
      'docker-compose.prod.yml': files['docker-compose.prod.yml'],
    },
    environments: { production: { files: ['docker-compose.yml', 'docker-compose.prod.yml'] } },
    projectName: 'shop',
  };
  const fromCli = await cli([
    'validate',
    '-f',
    'docker-compose.yml',
    '-f',
    'docker-compose.prod.yml',
    '-p',
    'shop',
    '--format',
    'json',
  ]);
  t.same(fromCli, await api('/v1/validate', bundle));
  t.match(fromCli, { valid: true, environments: { production: { projectName: 'shop', loaded: true } } });
});

t.test('audit, diff and review of a directory: the bundle of its files, environments from their names', async (t) => {
  const bundle = { files: readTree('seed'), projectName: 'shop' };
  t.same(
    await cli(['audit', '-p', 'shop', '--format', 'json', '--fail-on', 'warning']),
    await api('/v1/audit?failOn=warning', bundle),
  );
  t.same(await cli(['diff', '-p', 'shop', '--format', 'json']), await api('/v1/diff', bundle));
  t.same(
    await cli(['diff', '-p', 'shop', '--format', 'json', '--no-redact', '--from', 'production', '--to', 'development']),
    await api('/v1/diff?redact=false&from=production&to=development', bundle),
  );
  const review = await cli(['review', '-p', 'shop', '--format', 'json']);
  t.same(review, await api('/v1/review', bundle));
  t.match(review, { verdict: { status: 'fail', cause: 'findings' }, markdown: /compose-review:pr-comment/ });
});

t.test('a change review: base and head directories, base and head bundles', async (t) => {
  const head = mkdtempSync(join(tmpdir(), 'cr-usecase-'));
  cpSync(seed, head, { recursive: true });
  writeFileSync(
    join(head, 'docker-compose.prod.yml'),
    readFileSync(join(seed, 'docker-compose.prod.yml'), 'utf8').replace(
      '    deploy:\n',
      '    privileged: true\n    deploy:\n',
    ),
  );
  const fromCli = await cli(['review', head, '--base-dir', seed, '-p', 'shop', '--format', 'json']);
  const pair = {
    base: { files: readTree('seed'), projectName: 'shop' },
    head: { files: readTree('seed'), projectName: 'shop' },
  };
  pair.head.files['docker-compose.prod.yml'] = readFileSync(join(head, 'docker-compose.prod.yml'), 'utf8');
  t.same(fromCli, await api('/v1/review', pair));
  t.match(fromCli, { newFindings: [{ rule: 'privileged' }] });
});
