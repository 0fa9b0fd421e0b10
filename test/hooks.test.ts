// The pre-commit hooks (.pre-commit-hooks.yaml) and the GitLab CI template
// (ci/gitlab/compose-review.gitlab-ci.yml): valid manifests, file patterns that catch the files a
// Compose project is made of, and the commands they run. The hooks' commands run through the CLI
// here; the template's script runs in a shell against a stand-in `compose-review` that records its
// arguments (its formats, codequality and junit, are the CLI's multi-output syntax).
import t from 'tap';
import { tempDir } from './helpers/temp.js';
import { execFileSync, spawnSync } from 'node:child_process';
import { chmodSync, cpSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { main } from '../src/cli/main.js';
import { FIXTURES } from './helpers/fixtures.js';

const ROOT = join(import.meta.dirname, '..');

async function cli(argv: string[], cwd: string) {
  let stdout = '';
  let stderr = '';
  const code = await main(argv, { stdout: (s) => (stdout += s), stderr: (s) => (stderr += s), env: {}, cwd });
  return { code, stdout, stderr };
}

interface Hook {
  id: string;
  name: string;
  entry: string;
  language: string;
  files: string;
  pass_filenames: boolean;
}

const hooks = parse(readFileSync(join(ROOT, '.pre-commit-hooks.yaml'), 'utf8')) as Hook[];

t.test('.pre-commit-hooks.yaml: a validate and an audit hook, run by the CLI', async (t) => {
  t.same(
    hooks.map((h) => h.id),
    ['compose-review-validate', 'compose-review-audit'],
  );
  for (const h of hooks) {
    t.equal(h.language, 'node', `${h.id}: installed from this package`);
    t.match(h.entry, /^compose-review (validate|audit)$/, `${h.id}: the package's bin`);
    t.equal(h.pass_filenames, false, `${h.id}: the project, not each file alone (an override alone is no project)`);
    const files = new RegExp(h.files);
    for (const f of [
      'compose.yaml',
      'compose.override.yml',
      'docker-compose.yml',
      'docker-compose.prod.yaml',
      'services/shop/compose.yaml',
      '.env',
      '.env.production',
      'deploy/.env',
      // what a project's include, extends or env_file may name
      'common/base.yaml',
      'src/mycompose.yaml',
      'config/app.env',
    ])
      t.match(f, files, `${h.id} runs when ${f} changes`);
    for (const f of ['composer.json', 'compose.yaml.bak', 'README.md', '.envrc', 'yaml/notes.txt'])
      t.notMatch(f, files, `${h.id} does not run for ${f}`);
  }
  t.match('.compose-review.yaml', new RegExp(hooks[1].files), 'the audit hook runs when the policy changes');

  // pre-commit's own check of the manifest, where pre-commit is installed (Debian: pre-commit)
  const which = spawnSync('pre-commit', ['--version'], { encoding: 'utf8' });
  if (which.status !== 0)
    t.skip('pre-commit is not installed (apt-get install pre-commit): manifest not checked by it');
  else
    t.equal(
      spawnSync('pre-commit', ['validate-manifest', join(ROOT, '.pre-commit-hooks.yaml')], { encoding: 'utf8' }).status,
      0,
      `pre-commit ${which.stdout.trim()} validates the manifest`,
    );

  // what each entry does in a repository (pre-commit runs it in the repository's root)
  const repo = tempDir('cr-hooks-');
  cpSync(join(FIXTURES, 'seed'), repo, { recursive: true });
  const run = (h: Hook, args: string[] = []) => cli([...h.entry.split(' ').slice(1), ...args], repo);
  t.equal((await run(hooks[0])).code, 0, 'validate: the seed is valid');
  const audit = await run(hooks[1]);
  t.equal(audit.code, 1, 'audit: the seed has error findings');
  t.match(audit.stdout, /\[privileged\]|\[port-all-interfaces\]/);
  await cli(['audit', '--write-baseline', 'compose-review-baseline.json'], repo);
  t.equal(
    (await run(hooks[1], ['--baseline', 'compose-review-baseline.json'])).code,
    0,
    'audit with a baseline: passes',
  );
  writeFileSync(join(repo, 'docker-compose.override.yml'), 'services:\n  api:\n    imagee: x\n');
  t.equal((await run(hooks[0])).code, 1, 'validate: a typo fails the commit');
});

interface Job {
  stage: string;
  image: string;
  rules: { if: string }[];
  before_script: string[];
  script: string[];
  artifacts: { when: string; reports: { codequality: string; junit: string }; paths: string[] };
}

t.test('the GitLab template: valid YAML, one run publishing Code Quality and JUnit', async (t) => {
  const doc = parse(readFileSync(join(ROOT, 'ci', 'gitlab', 'compose-review.gitlab-ci.yml'), 'utf8')) as {
    variables: Record<string, string>;
    'compose-review': Job;
  };
  const job = doc['compose-review'];
  t.ok(job, 'a compose-review job');
  t.match(
    job.rules.map((r) => r.if).join(' | '),
    /merge_request_event.*CI_DEFAULT_BRANCH/,
    'merge requests and the default branch',
  );
  t.equal(job.artifacts.when, 'always', 'the reports are published when findings fail the job');
  t.same(Object.keys(job.artifacts.reports).sort(), ['codequality', 'junit']);
  t.same(Object.keys(doc.variables).sort(), [
    'COMPOSE_REVIEW_BASELINE',
    'COMPOSE_REVIEW_DIRECTORIES',
    'COMPOSE_REVIEW_FAIL_ON',
    'COMPOSE_REVIEW_PACKAGE',
  ]);

  // the job's commands, run by sh as a runner runs them, with stand-ins for npm and the CLI
  const bin = tempDir('cr-gitlab-bin-');
  const log = join(bin, 'calls');
  for (const name of ['npm', 'compose-review']) {
    writeFileSync(join(bin, name), `#!/bin/sh\nfor a in "$@"; do printf '%s\\n' "$a"; done > "${log}.${name}"\n`);
    chmodSync(join(bin, name), 0o755);
  }
  const script = [...job.before_script, ...job.script].join('\n');
  const runJob = (vars: Record<string, string>) =>
    execFileSync('sh', ['-e', '-c', script], {
      cwd: bin,
      env: { PATH: `${bin}:${process.env.PATH}`, ...doc.variables, ...vars },
      encoding: 'utf8',
    });
  const args = (name: string) => readFileSync(`${log}.${name}`, 'utf8').trimEnd().split('\n');
  runJob({});
  t.same(args('npm'), ['install', '--global', '--no-audit', '--no-fund', doc.variables.COMPOSE_REVIEW_PACKAGE]);
  const audit = args('compose-review');
  t.same(audit, [
    'audit',
    '.',
    '--fail-on',
    'error',
    '--format',
    `codequality=${job.artifacts.reports.codequality}`,
    '--format',
    `junit=${job.artifacts.reports.junit}`,
    '--format',
    'text',
  ]);
  for (const report of Object.values(job.artifacts.reports))
    t.ok(job.artifacts.paths.includes(report), `${report} kept`);
  runJob({ COMPOSE_REVIEW_DIRECTORIES: 'services/shop services/blog', COMPOSE_REVIEW_BASELINE: 'my baseline.json' });
  t.same(args('compose-review').slice(0, 7), [
    'audit',
    'services/shop',
    'services/blog',
    '--fail-on',
    'error',
    '--baseline',
    'my baseline.json',
  ]);
  t.notOk(
    existsSync(join(bin, 'gl-code-quality-report.json')),
    'the stand-in wrote nothing: only the commands are checked',
  );
});
