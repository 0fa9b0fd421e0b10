// The GitHub Action end to end (src/action/, action.yml): real git repositories (a shallow clone
// of an "origin" on disk, as actions/checkout makes one), fake event payloads, the real CLI in a
// child process, and a local stand-in for the GitHub REST API (no network). The five scenarios of
// issue 18: a pull request, a fork's pull request, a pull request adding the first Compose file, a
// monorepo with two projects, and a push.
import t from 'tap';
import { tempDir } from './helpers/temp.js';
import { runnerCommands } from './helpers/runner-commands.js';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync, cpSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import { runAction, type CliRunner, type ActionResult } from '../src/action/run.js';
import { exec } from '../src/action/git.js';
import { FIXTURES } from './helpers/fixtures.js';
import { formatGithub } from '../src/report/github.js';
import { main } from '../src/cli/main.js';
import { TS_LOADER, TS_NODE_ARGS } from './helpers/ts-child.js';

const ROOT = join(import.meta.dirname, '..');

/** The CLI from the sources, in its own process (what action.yml runs from bin/ once built). */
const spawned: CliRunner = async (args, { cwd, env }) => {
  const r = await exec(process.execPath, [...TS_NODE_ARGS, join(ROOT, 'src', 'cli', 'main.ts'), ...args], { cwd, env });
  return { code: r.code, stdout: r.stdout.toString('utf8'), stderr: r.stderr };
};

/** The same CLI in this process (a TypeScript process start costs seconds on a busy machine). */
const inProcess: CliRunner = async (args, { cwd, env }) => {
  let stdout = '';
  let stderr = '';
  const code = await main(args, { stdout: (s) => (stdout += s), stderr: (s) => (stderr += s), env, cwd });
  return { code, stdout, stderr };
};

const git = (cwd: string, ...args: string[]): string =>
  execFileSync('git', args, {
    cwd,
    encoding: 'utf8',
    env: {
      ...process.env,
      GIT_AUTHOR_NAME: 't',
      GIT_AUTHOR_EMAIL: 't@example.com',
      GIT_COMMITTER_NAME: 't',
      GIT_COMMITTER_EMAIL: 't@example.com',
      GIT_CONFIG_NOSYSTEM: '1',
      HOME: tmpdir(),
    },
  }).trim();

function writeTree(dir: string, files: Record<string, string | null>): void {
  for (const [path, text] of Object.entries(files)) {
    const full = join(dir, path);
    if (text === null) {
      execFileSync('rm', ['-f', full]);
      continue;
    }
    mkdirSync(dirname(full), { recursive: true });
    writeFileSync(full, text);
  }
}

interface Repo {
  origin: string;
  /** the checkout: a shallow clone of the head, in a directory not named like the repository */
  workspace: string;
  base: string;
  head: string;
}

/** An origin with a base commit and a head commit on top, and a depth-1 checkout of the head. */
function repository(base: Record<string, string | null>, head: Record<string, string | null>): Repo {
  const root = tempDir('cr-action-');
  const origin = join(root, 'origin');
  mkdirSync(origin);
  git(origin, 'init', '-q', '-b', 'main');
  writeTree(origin, { 'README.md': '# shop\n', ...base });
  git(origin, 'add', '-A');
  git(origin, 'commit', '-q', '-m', 'base');
  const baseSha = git(origin, 'rev-parse', 'HEAD');
  writeTree(origin, head);
  git(origin, 'add', '-A');
  git(origin, 'commit', '-q', '--allow-empty', '-m', 'head');
  const headSha = git(origin, 'rev-parse', 'HEAD');
  const workspace = join(root, 'checkout');
  git(root, 'clone', '-q', '--depth', '1', `file://${origin}`, workspace);
  return { origin, workspace, base: baseSha, head: headSha };
}

interface Request {
  method: string;
  url: string;
  body?: { body?: string };
  authorization?: string;
}

/** The GitHub REST API as far as the action uses it: a pull request's comments. */
async function fakeGitHub(
  t: { teardown(fn: () => unknown): void },
  opts: {
    readOnly?: boolean;
    comments?: number;
    /** a personal access token's user (GET /user); else the Actions token, which cannot call it */
    user?: string;
    /** comments already there, by their author */
    earlier?: { login: string; body: string }[];
  } = {},
) {
  const requests: Request[] = [];
  const comments: { id: number; body: string; html_url: string; user: { login: string } }[] = [];
  // someone else's comments first: the listing has several pages
  for (let i = 0; i < (opts.comments ?? 0); i++)
    comments.push({
      id: 1000 + i,
      body: `a reviewer's comment ${i}`,
      html_url: `https://github.example/c/${1000 + i}`,
      user: { login: 'reviewer' },
    });
  for (const [i, c] of (opts.earlier ?? []).entries())
    comments.push({
      id: 500 + i,
      body: c.body,
      html_url: `https://github.example/c/${500 + i}`,
      user: { login: c.login },
    });
  // who the token writes as: the Actions token's comments are github-actions[bot]'s
  const me = opts.user ?? 'github-actions[bot]';
  let next = 1;
  const server = http.createServer((req, res) => {
    let raw = '';
    req.on('data', (c) => (raw += c));
    req.on('end', () => {
      const r: Request = { method: req.method!, url: req.url!, authorization: req.headers.authorization };
      if (raw) r.body = JSON.parse(raw);
      requests.push(r);
      const send = (status: number, value: unknown) => {
        res.writeHead(status, { 'content-type': 'application/json' });
        res.end(JSON.stringify(value));
      };
      const url = new URL(req.url!, 'http://x');
      if (req.method === 'GET' && url.pathname === '/user')
        return opts.user
          ? send(200, { login: opts.user, type: 'User' })
          : send(403, { message: 'Resource not accessible by integration' });
      if (opts.readOnly && req.method !== 'GET')
        return send(403, { message: 'Resource not accessible by integration' });
      if (req.method === 'GET' && /^\/repos\/acme\/shop-stack\/issues\/7\/comments$/.test(url.pathname)) {
        const per = Number(url.searchParams.get('per_page'));
        const page = Number(url.searchParams.get('page'));
        return send(200, comments.slice((page - 1) * per, page * per));
      }
      if (req.method === 'POST' && url.pathname === '/repos/acme/shop-stack/issues/7/comments') {
        const c = {
          id: next++,
          body: r.body!.body!,
          html_url: `https://github.example/c/${next}`,
          user: { login: me },
        };
        comments.push(c);
        return send(201, c);
      }
      const m = /^\/repos\/acme\/shop-stack\/issues\/comments\/(\d+)$/.exec(url.pathname);
      if (req.method === 'PATCH' && m) {
        const c = comments.find((x) => x.id === Number(m[1]));
        if (!c) return send(404, { message: 'Not Found' });
        c.body = r.body!.body!;
        return send(200, c);
      }
      send(404, { message: `no route ${req.method} ${url.pathname}` });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  t.teardown(() => new Promise<void>((resolve) => server.close(() => resolve())));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return { url, requests, comments, writes: () => requests.filter((r) => r.method !== 'GET') };
}

interface Run extends ActionResult {
  stdout: string;
  stderr: string;
  summary: string;
  outputFile: Record<string, string>;
}

async function action(
  repo: Repo,
  api: string,
  event: { name: string; payload: object },
  inputs: Record<string, string> = {},
  cli: CliRunner = inProcess,
): Promise<Run> {
  const temp = tempDir('cr-runner-');
  const eventPath = join(temp, 'event.json');
  writeFileSync(eventPath, JSON.stringify(event.payload));
  const env: Record<string, string> = {
    PATH: process.env.PATH ?? '',
    HOME: tmpdir(),
    GITHUB_EVENT_NAME: event.name,
    GITHUB_EVENT_PATH: eventPath,
    GITHUB_REPOSITORY: 'acme/shop-stack',
    GITHUB_WORKSPACE: repo.workspace,
    GITHUB_SHA: repo.head,
    GITHUB_SERVER_URL: 'https://github.example',
    GITHUB_API_URL: api,
    GITHUB_TOKEN: 'ghs_test-token',
    GITHUB_JOB: 'compose',
    RUNNER_TEMP: temp,
    GITHUB_OUTPUT: join(temp, 'output'),
    GITHUB_STEP_SUMMARY: join(temp, 'summary.md'),
    ACTION_REPOSITORY: 'acme/compose-review',
    ACTION_REF: 'v1',
    ...Object.fromEntries(Object.entries(inputs).map(([k, v]) => [`INPUT_${k.toUpperCase().replace(/-/g, '_')}`, v])),
  };
  let stdout = '';
  let stderr = '';
  const r = await runAction(env, { cli, stdout: (s) => (stdout += s), stderr: (s) => (stderr += s) });
  const summary = existsSync(env.GITHUB_STEP_SUMMARY) ? readFileSync(env.GITHUB_STEP_SUMMARY, 'utf8') : '';
  const outputFile = Object.fromEntries(
    readFileSync(env.GITHUB_OUTPUT, 'utf8')
      .trim()
      .split('\n')
      .map((l) => [l.slice(0, l.indexOf('=')), l.slice(l.indexOf('=') + 1)]),
  );
  return { ...r, stdout, stderr, summary, outputFile };
}

const pullRequest = (repo: Repo, fork = false) => ({
  name: 'pull_request',
  payload: {
    pull_request: {
      number: 7,
      base: { sha: repo.base, repo: { full_name: 'acme/shop-stack' } },
      head: { sha: repo.head, repo: { full_name: fork ? 'someone/shop-stack' : 'acme/shop-stack' } },
    },
  },
});

const BASE = `services:
  web:
    image: nginx:1.27.2
    ports:
      - "127.0.0.1:8080:80"
    healthcheck:
      test: ["CMD", "true"]
`;
// the web block moved down, a new service above it with a finding the base did not have
const HEAD = `services:
  cache:
    image: redis:7.4.1
    privileged: true

  web:
    image: nginx:1.27.2
    ports:
      - "127.0.0.1:8080:80"
    healthcheck:
      test: ["CMD", "true"]
`;

const annotationCount = (text: string, kind: string) =>
  text.split('\n').filter((l) => l.startsWith(`::${kind} `)).length;

t.test('a pull request: one comment (then edited), SARIF of the head, annotations of what it adds', async (t) => {
  const repo = repository({ 'compose.yaml': BASE }, { 'compose.yaml': HEAD });
  t.throws(() => git(repo.workspace, 'cat-file', '-e', `${repo.base}^{commit}`), 'the shallow checkout lacks the base');
  const gh = await fakeGitHub(t, { comments: 130 });
  const r = await action(repo, gh.url, pullRequest(repo), {}, spawned);
  t.equal(r.exitCode, 1, r.stderr);
  t.match(r.outputFile, { 'exit-code': '1', verdict: 'fail', fork: 'false', 'comment-skipped': 'false' });
  // what the new service brings: privileged, and none of the production hardening (a lone compose.yaml is deployed)
  const added = Number(r.outputFile['new-findings']);
  t.ok(added >= 2, `${added} new findings`);
  // the comment
  const posts = gh.writes();
  t.equal(posts.length, 1);
  t.match(posts[0], {
    method: 'POST',
    url: '/repos/acme/shop-stack/issues/7/comments',
    authorization: 'Bearer ghs_test-token',
  });
  const body = posts[0].body!.body!;
  t.ok(body.startsWith('<!-- compose-review:target=. -->\n<!-- compose-review:pr-comment -->\n'), body.slice(0, 120));
  t.match(body, /privileged/);
  t.match(body, 'https://github.example/acme/shop-stack/blob/', 'file:line link to the commit');
  t.ok(gh.requests.filter((q) => q.method === 'GET').length >= 2, 'the comments were listed page by page');
  // both sides are named after the repository (the base is read into a directory of its own)
  t.notMatch(body, /checkout|cr-runner|base\/0/, 'no directory name in the comment');
  t.notMatch(body, /\| name \|.*\| project\b/);
  // SARIF: the head's findings, the category of the project, files from the repository root
  const sarifDir = r.outputFile['sarif-dir'];
  const sarif = JSON.parse(readFileSync(join(sarifDir, readdirSync(sarifDir)[0]), 'utf8'));
  t.equal(sarif.runs[0].automationDetails.id, 'compose-review/./');
  t.ok(sarif.runs[0].results.some((x: { ruleId: string }) => x.ruleId === 'privileged'));
  t.ok(sarif.runs[0].results.length > 1, 'all of the head, not only what is new');
  t.match(
    sarif.runs[0].tool.driver.rules.find((x: { id: string }) => x.id === 'privileged').helpUri,
    'https://github.example/acme/compose-review/blob/v1/docs/rules/privileged.md',
  );
  // annotations: what the pull request adds
  t.match(r.stdout, /^::error file=compose\.yaml,line=4,col=5,.*title=privileged::service "cache" runs privileged/m);
  t.equal(annotationCount(r.stdout, 'error'), 1);
  for (const line of r.stdout.trim().split('\n')) t.match(line, /cache/, 'about the new service');
  t.notMatch(r.stdout, /service "web"/, 'nothing about what the base had already');
  t.match(r.summary, /Posted as \[the pull request comment\]\(https:\/\/github\.example\/c\/\d+\)/);

  // a second run edits the same comment, and leaves the reviewers' alone
  const again = await action(repo, gh.url, pullRequest(repo));
  t.equal(again.exitCode, 1);
  const writes = gh.writes();
  t.equal(writes.length, 2);
  t.match(writes[1], { method: 'PATCH', url: `/repos/acme/shop-stack/issues/comments/1` });
  t.equal(gh.comments.filter((c) => c.body.startsWith('<!-- compose-review')).length, 1);
});

t.test(
  "a fork's pull request: no write with the read-only token; the comment goes to the summary and the artifact",
  async (t) => {
    const repo = repository({ 'compose.yaml': BASE }, { 'compose.yaml': HEAD });
    const gh = await fakeGitHub(t);
    const r = await action(repo, gh.url, pullRequest(repo, true));
    t.equal(r.exitCode, 1);
    t.same(gh.requests, [], 'no call to the API at all');
    t.match(r.outputFile, { fork: 'true', 'comment-skipped': 'true', 'artifact-name': 'compose-review-compose' });
    t.match(r.summary, /Not posted as a comment: a pull request from a fork gets a read-only token/);
    t.match(r.summary, /runs privileged/);
    const report = readdirSync(r.outputFile['report-dir']);
    t.same(report.sort(), ['root.json', 'root.md']);
    t.match(readFileSync(join(r.outputFile['report-dir'], 'root.md'), 'utf8'), /^<!-- compose-review:target=\. -->/);
    t.match(r.stdout, /::error file=compose\.yaml/, 'annotations need no token');

    // a token that turns out read-only (Dependabot, a missing permission) ends the same way
    const ro = await fakeGitHub(t, { readOnly: true });
    const denied = await action(repo, ro.url, pullRequest(repo));
    t.equal(denied.outputFile['comment-skipped'], 'true');
    t.match(denied.summary, /the token cannot write to the pull request \(403/);
  },
);

t.test('a pull request adding the first Compose file: reviewed alone, every finding new', async (t) => {
  const repo = repository({}, { 'compose.yaml': HEAD });
  const gh = await fakeGitHub(t);
  const r = await action(repo, gh.url, pullRequest(repo));
  t.equal(r.exitCode, 1, r.stderr);
  t.notMatch(r.stderr, /no configuration file provided/);
  const body = gh.writes()[0].body!.body!;
  t.match(
    body,
    'This pull request adds the Compose project `.`: there is no base to compare with, so every finding is new.',
  );
  t.ok(Number(r.outputFile['new-findings']) >= 2, 'every finding of the head is new');
  // the root project is named after the repository, not after the checkout directory
  t.match(body, /^name: shop-stack$/m);
  t.match(r.stdout, /runs privileged/);
});

t.test('a monorepo with two projects: one comment, one SARIF category, one marker each', async (t) => {
  const shop = BASE.replace('8080:80', '8081:80');
  const repo = repository(
    { 'shop/compose.yaml': shop, 'blog/docker-compose.yml': BASE, 'docs/notes.md': 'x\n' },
    { 'shop/compose.yaml': HEAD },
  );
  const gh = await fakeGitHub(t);
  const r = await action(repo, gh.url, pullRequest(repo), { name: 'hardening' });
  t.same(
    r.targets.map((x) => [x.target.dir, x.target.key, x.status]),
    [
      ['blog', 'hardening/blog', 'pass'],
      ['shop', 'hardening/shop', 'fail'],
    ],
  );
  t.equal(r.exitCode, 1);
  const bodies = gh.writes().map((w) => w.body!.body!);
  t.equal(bodies.length, 2);
  t.ok(bodies[0].startsWith('<!-- compose-review:target=hardening%2Fblog -->\n'));
  t.ok(bodies[1].startsWith('<!-- compose-review:target=hardening%2Fshop -->\n'));
  t.match(bodies[1], /blob\/[0-9a-f]{40}\/shop\/compose\.yaml#L4/, 'links under the project directory');
  t.match(bodies[1], /^## ❌ compose-review: fail\n\nProject `shop`\.\n/m, 'the comment names its project');
  const sarifs = readdirSync(r.outputFile['sarif-dir']).sort();
  t.same(sarifs, ['hardening-blog.sarif', 'hardening-shop.sarif']);
  const shopSarif = JSON.parse(readFileSync(join(r.outputFile['sarif-dir'], 'hardening-shop.sarif'), 'utf8'));
  t.equal(shopSarif.runs[0].automationDetails.id, 'compose-review/hardening/shop/');
  t.ok(
    shopSarif.runs[0].results.every((x: { locations: { physicalLocation: { artifactLocation: { uri: string } } }[] }) =>
      x.locations[0].physicalLocation.artifactLocation.uri.startsWith('shop/'),
    ),
    'SARIF paths from the repository root',
  );
  t.match(r.stdout, /::error file=shop\/compose\.yaml,line=4/);

  // a second job with another name gets comments of its own
  await action(repo, gh.url, pullRequest(repo), { name: 'strict', 'fail-on': 'warning', directories: 'shop' });
  t.equal(gh.writes().length, 3);
  t.ok(gh.writes()[2].body!.body!.startsWith('<!-- compose-review:target=strict -->\n'));
  t.equal(gh.writes()[2].method, 'POST', "not an edit of the other job's comment");
});

t.test(
  'a push: the base analysis for code scanning, annotations capped with a pointer to the full report',
  async (t) => {
    const seed = tempDir('cr-seed-');
    cpSync(join(FIXTURES, 'seed'), seed, { recursive: true });
    const files = Object.fromEntries(readdirSync(seed).map((f) => [f, readFileSync(join(seed, f), 'utf8')]));
    // and twelve services with an error and a warning each: more than GitHub shows
    const workers = Array.from(
      { length: 12 },
      (_, i) => `  worker${i}:\n    image: example/worker:latest\n    privileged: true\n`,
    ).join('');
    files['docker-compose.yml'] = files['docker-compose.yml'].replace('services:\n', `services:\n${workers}`);
    const repo = repository({}, files);
    const gh = await fakeGitHub(t);
    const r = await action(
      repo,
      gh.url,
      { name: 'push', payload: { ref: 'refs/heads/main', after: repo.head } },
      { 'fail-on': 'none' },
    );
    t.equal(r.exitCode, 0, 'fail-on none: the push job passes');
    t.same(gh.requests, [], 'no comment on a push');
    const sarif = JSON.parse(readFileSync(join(r.outputFile['sarif-dir'], 'root.sarif'), 'utf8'));
    const results = sarif.runs[0].results.length;
    t.ok(results > 30, `${results} results in SARIF`);
    for (const kind of ['error', 'warning', 'notice'])
      t.ok(annotationCount(r.stdout, kind) <= 10, `at most 10 ${kind}s`);
    t.match(
      r.stdout,
      /^::notice title=compose-review::\d+ more annotations than GitHub shows \(10 errors, 10 warnings and 10 notices a step\): the full report is in the job summary and code scanning \(SARIF\)$/m,
    );
    const shown =
      annotationCount(r.stdout, 'error') +
      annotationCount(r.stdout, 'warning') +
      annotationCount(r.stdout, 'notice') -
      1;
    const left = Number(/::notice title=compose-review::(\d+) more/.exec(r.stdout)![1]);
    t.equal(
      shown + left,
      formatGithub(r.targets[0].annotate).trim().split('\n').length,
      'every annotation is shown or counted',
    );
    t.match(r.summary, /compose-review: (pass|fail)/);
  },
);

t.test('action.yml: a composite action running the CLI from its own files', async (t) => {
  const doc = parse(readFileSync(join(ROOT, 'action.yml'), 'utf8'));
  t.equal(doc.runs.using, 'composite');
  for (const input of ['directories', 'environments', 'fail-on', 'formats', 'comment', 'name', 'baseline', 'token'])
    t.ok(doc.inputs[input], `input ${input}`);
  const review = doc.runs.steps.find((s: { id?: string }) => s.id === 'review');
  t.match(review.run, 'dist/src/action/main.js');
  t.match(review.env.COMPOSE_REVIEW_CLI, '${{ github.action_path }}/bin/compose-review.js');
  for (const [k, v] of Object.entries(review.env as Record<string, string>))
    if (k.startsWith('INPUT_')) t.match(v, /^\$\{\{ inputs\.[a-z-]+ \}\}$/, `${k} passes its input`);
  t.ok(existsSync(join(ROOT, 'bin', 'compose-review.js')));
  const example = parse(readFileSync(join(ROOT, 'examples', 'compose-review.yml'), 'utf8'));
  t.ok(example.on.push && 'pull_request' in example.on, 'the example runs on push and pull_request');
  t.ok(
    example.jobs.review.steps.some((s: { uses?: string }) => /compose-review@/.test(s.uses ?? '')),
    'the example uses the action',
  );
  t.ok(existsSync(fileURLToPath(TS_LOADER)), 'the loader the spawned CLI runs under');
});

t.test('a comment that starts with the marker is edited only when the token wrote it', async (t) => {
  const repo = repository({ 'compose.yaml': BASE }, { 'compose.yaml': HEAD });
  const marker = '<!-- compose-review:target=. -->\n';
  // the Actions token: someone else's comment starting with the marker is left alone
  const gh = await fakeGitHub(t, { earlier: [{ login: 'mallory', body: `${marker}## ✅ compose-review: pass\n` }] });
  await action(repo, gh.url, pullRequest(repo));
  t.same(
    gh.writes().map((w) => [w.method, w.url]),
    [['POST', '/repos/acme/shop-stack/issues/7/comments']],
  );
  t.equal(gh.comments[0].body, `${marker}## ✅ compose-review: pass\n`, "mallory's comment as it was");
  await action(repo, gh.url, pullRequest(repo));
  t.match(gh.writes()[1], { method: 'PATCH', url: '/repos/acme/shop-stack/issues/comments/1' }, 'its own, edited');
  // a personal access token: its user's comment is the action's, not the bot's
  const pat = await fakeGitHub(t, {
    user: 'octocat',
    earlier: [
      { login: 'github-actions[bot]', body: `${marker}another token's\n` },
      { login: 'octocat', body: `${marker}an earlier run's\n` },
    ],
  });
  await action(repo, pat.url, pullRequest(repo));
  t.same(
    pat.writes().map((w) => [w.method, w.url]),
    [['PATCH', '/repos/acme/shop-stack/issues/comments/501']],
  );
});

t.test("the action's log: no directory name or input makes a workflow command", async (t) => {
  const hostile = ['svc ##[error]forged', 'line\n::error title=Forged::x', '  ::warning::y'];
  const repo = repository(
    {},
    Object.fromEntries(hostile.map((d) => [`${d}/compose.yaml`, 'services:\n  web:\n    image: nginx:1.27\n'])),
  );
  const gh = await fakeGitHub(t);
  const r = await action(
    repo,
    gh.url,
    { name: 'push', payload: { ref: 'refs/heads/main', after: repo.head } },
    { baseline: 'missing ##[warning]baseline.json', formats: 'annotations' },
  );
  t.equal(r.targets.length, 3, r.stderr);
  t.match(r.stderr, /no baseline missing ##\\x5bwarning\]baseline\.json in svc ##\\x5berror\]forged/);
  t.match(r.stderr, /in line\\n::error title=Forged::x: every finding counts/);
  t.same(runnerCommands(r.stderr), [], 'stderr');
  t.same(
    runnerCommands(r.stdout, (l) => /^::(error|warning|notice) /.test(l)),
    [],
    'stdout: its annotations only',
  );
});

t.test("a push of two projects: each project's project-level annotations apart", async (t) => {
  const two = 'services:\n  api:\n    image: nginx:1.27\n  db:\n    image: postgres:16\n';
  const one = 'services:\n  web:\n    image: nginx:1.27\n    privileged: true\n';
  const repo = repository({}, { 'a/compose.yaml': two, 'b/compose.yaml': one });
  const gh = await fakeGitHub(t);
  const r = await action(repo, gh.url, { name: 'push', payload: { ref: 'refs/heads/main', after: repo.head } });
  // as the CLI's `audit a b --format github`: a group per project, at that project's file
  const groups = r.stdout.split('\n').filter((l) => l.includes('title=cap-drop-missing::'));
  t.equal(groups.length, 2, r.stdout);
  t.match(groups[0], /^::warning file=a\/compose\.yaml,.*::none of the 2 services drop every capability .*: api, db /);
  t.match(groups[1], /^::warning file=b\/compose\.yaml,.*::none of the 1 services drop every capability .*: web \(/);
});

t.test('a project including ../../shared: both sides load, places from the repository root', async (t) => {
  // compose-go reads any path an include names (loader/include.go): the action extracted the base's
  // project subtree alone and ran each side as its own root, so `../../shared/base.yaml` pointed
  // outside the bundle on both sides (exit 2) and the change could not be reviewed
  const shop =
    'include: [../../shared/base.yaml]\nservices:\n  web:\n    image: nginx:1.27.2\n    env_file: ../../shared/common.env\n';
  const shared = 'services:\n  db:\n    image: postgres:16.4\n';
  const repo = repository(
    { 'services/shop/compose.yaml': shop, 'shared/base.yaml': shared, 'shared/common.env': 'A=1\n' },
    // the change is in the shared file: a new privileged service there
    { 'shared/base.yaml': `${shared}  admin:\n    image: alpine:3.20\n    privileged: true\n` },
  );
  const gh = await fakeGitHub(t);
  const r = await action(repo, gh.url, pullRequest(repo), { directories: 'services/shop' });
  t.same(
    r.targets.map((x) => [x.target.dir, x.status]),
    [['services/shop', 'fail']],
    r.targets[0].reason,
  );
  // what the change adds: the new service's findings, none of web's or db's (known from the base)
  const answer = JSON.parse(readFileSync(join(r.outputFile['report-dir'], 'services-shop.json'), 'utf8'));
  t.ok(answer.newFindings.length > 0);
  t.same(
    answer.newFindings.filter((f: { path: string }) => !f.path.startsWith('services.admin')),
    [],
    'only the admin service is new',
  );
  t.ok(
    answer.newFindings.some(
      (f: { rule: string; file: string }) => f.rule === 'privileged' && f.file === 'shared/base.yaml',
    ),
    'the privileged service, at the shared file',
  );
  t.match(
    r.stdout,
    /::error file=shared\/base\.yaml,line=6,/,
    'annotated at the shared file, from the repository root',
  );
  t.notMatch(r.stdout, /file=services\/shop\/\.\.|file=\.\./);
  const sarif = JSON.parse(readFileSync(join(r.outputFile['sarif-dir'], 'services-shop.sarif'), 'utf8'));
  const uris = sarif.runs[0].results.map(
    (x: { locations: { physicalLocation: { artifactLocation: { uri: string } } }[] }) =>
      x.locations[0].physicalLocation.artifactLocation.uri,
  );
  t.ok(
    uris.includes('shared/base.yaml') && uris.every((u: string) => /^(services\/shop|shared)\//.test(u)),
    uris.join(),
  );
  const body = gh.writes()[0].body!.body!;
  t.match(body, /blob\/[0-9a-f]{40}\/shared\/base\.yaml#L6/, 'the comment links the shared file at the commit');
});
