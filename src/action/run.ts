/**
 * The GitHub Action's work (action.yml runs src/action/main.ts): for each Compose project of the
 * repository (the `directories` input, else every directory holding a Compose file), one CLI run
 * (`compose-review review DIR [--base-dir BASE] --format json`) whose answer makes everything else:
 *
 * - the pull request comment, one per project: a marker naming the project (or the `name` input)
 *   lets a later run edit its own comment and leave the other projects' and jobs' alone;
 * - a SARIF file per project (category `compose-review/<project>`) of the head's findings, for
 *   code scanning (which tells new alerts from old itself, so on `push` too);
 * - annotations, within GitHub's 10 errors, 10 warnings and 10 notices a step, with a pointer to the
 *   full report when some are left out: on a pull request, what it adds;
 * - the job summary, which is where the comment goes when the token cannot write (a fork's pull
 *   request): action.yml then uploads the reports as an artifact.
 *
 * Each run reads its project under the repository's root (`--root`): a project may include
 * `../../shared/base.yaml` as compose-go reads it, and every place is named from the repository's
 * root, as annotations and SARIF want them. On a pull request the base's tree is read from git
 * (fetched if the checkout is shallow) into a directory named like the repository's, once, so both
 * sides get the same default project name and the same file names; a project the base does not have
 * (the pull request adds the first Compose file) is reviewed alone and all its findings are new. The
 * root project is named after the repository, as a checkout of it in a directory of that name would
 * be, whatever the checkout path.
 *
 * Nothing here fails the step: the exit code is an output, and action.yml's last step exits with
 * it after the SARIF upload and the artifact.
 */
import { existsSync, mkdirSync, rmSync, symlinkSync, writeFileSync, appendFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { DEFAULT_COMPOSE_NAMES } from '../bundle/bundle.js';
import { mergeEnvironments, type ReportItem } from '../report/findings.js';
import { formatSarifJson } from '../report/sarif.js';
import { mdCode, runnerText, textLine } from '../report/escape.js';
import { GITHUB_COMMENT_LIMIT } from '../report/review.js';
import { cappedAnnotations } from './annotations.js';
import { summaryOf } from './summary.js';
import { ruleDocsTemplate } from '../report/rule-links.js';
import { readContext, readInputs, type Context, type Inputs } from './context.js';
import { composeDirectories, ensureCommit, extractTree, hasProject } from './git.js';
import { GitHub, GitHubError } from './github.js';
import { errorMessage } from '../errors.js';

export interface Ran {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs the CLI with these arguments (the action: `node <action>/bin/compose-review.js ...`). */
export type CliRunner = (args: string[], options: { cwd: string; env: NodeJS.ProcessEnv }) => Promise<Ran>;

export interface Target {
  /** relative to the workspace, `.` for the root */
  dir: string;
  /** what the comment marker, the SARIF category and the report files are named by */
  key: string;
  marker: string;
  slug: string;
}

export interface TargetResult {
  target: Target;
  /** the CLI's exit code: 0 pass, 1 fail, 2 a project or environment that does not load */
  code: number;
  status: 'pass' | 'fail' | 'error' | 'skipped';
  reason: string;
  /** the comment, as posted (or as it would have been) */
  body?: string;
  sarif?: string;
  /** what the annotations show: on a pull request, what it adds */
  annotate: ReportItem[];
  comment?: { url?: string; skipped?: string };
  newFindings: number;
}

export interface ActionResult {
  exitCode: number;
  targets: TargetResult[];
  outputs: Record<string, string>;
  /** the annotations written to standard output */
  annotations: string;
}

export interface RunOptions {
  cli: CliRunner;
  /** where workflow commands go (annotations) */
  stdout: (s: string) => void;
  /** the log */
  stderr: (s: string) => void;
}

/** What a review answers (the CLI's `--format json`), as far as the action reads it. */
interface ReviewJson {
  verdict: { status: 'pass' | 'fail'; reason: string };
  diagnostics: ReportItem[];
  findings?: ReportItem[];
  drift?: ReportItem[];
  newFindings?: ReportItem[];
  markdown: string;
}

/**
 * The rule pages the outputs link to: COMPOSE_REVIEW_RULE_DOCS_URL when the workflow sets it, else
 * the docs/rules of the action's own repository at the ref the workflow uses (a composite action
 * learns them from github.action_repository / action_ref, passed by action.yml).
 */
export function docsTemplate(env: Record<string, string | undefined>, serverUrl: string): string | undefined {
  const t =
    env.COMPOSE_REVIEW_RULE_DOCS_URL ||
    (env.ACTION_REPOSITORY && env.ACTION_REF
      ? `${serverUrl}/${env.ACTION_REPOSITORY}/blob/${env.ACTION_REF}/docs/rules/{id}.md`
      : undefined);
  return ruleDocsTemplate(t ?? false);
}

const slugOf = (key: string): string => key.replace(/[^A-Za-z0-9._-]+/g, '-').replace(/^[-.]+|-+$/g, '') || 'root';

export function targetsOf(dirs: string[], name: string): Target[] {
  return dirs.map((dir) => {
    const key = name ? (dirs.length > 1 ? `${name}/${dir}` : name) : dir;
    // encoded: no `-->` or line break can end the marker early
    return { dir, key, marker: `<!-- compose-review:target=${encodeURIComponent(key)} -->`, slug: slugOf(key) };
  });
}

/** The comment for a target: its marker first (what finds it again), under GitHub's size limit. */
export function commentBody(target: Target, markdown: string, note?: string): string {
  let text = markdown;
  if (note) {
    // after the verdict's heading
    const i = text.indexOf('\n## ');
    const end = i < 0 ? -1 : text.indexOf('\n', i + 1);
    text = end < 0 ? `${text}\n\n${note}\n` : `${text.slice(0, end + 1)}\n${note}\n${text.slice(end + 1)}`;
  }
  let body = `${target.marker}\n${text}`;
  if (body.length > GITHUB_COMMENT_LIMIT) {
    const cut = "\n\n… (cut to fit GitHub's comment size: the full report is in the job summary)\n";
    body = body.slice(0, body.lastIndexOf('\n', GITHUB_COMMENT_LIMIT - cut.length)) + cut;
  }
  return body;
}

/** `outputs` as the GITHUB_OUTPUT file takes them (one `name=value` line each: the values are single-line). */
function writeOutputs(file: string | undefined, outputs: Record<string, string>): void {
  if (!file) return;
  appendFileSync(
    file,
    Object.entries(outputs)
      .map(([k, v]) => `${k}=${v.replace(/[\r\n]+/g, ' ')}\n`)
      .join(''),
  );
}

function hasComposeFile(dir: string): boolean {
  return DEFAULT_COMPOSE_NAMES.some((n) => existsSync(join(dir, n)));
}

/** The repository's name for the root project: a directory of that name standing for the checkout. */
function rootPath(ctx: Context, work: string): string {
  const name = ctx.repository.split('/')[1] ?? '';
  if (!name || basename(ctx.workspace) === name) return ctx.workspace;
  const link = join(work, 'names', name);
  mkdirSync(join(work, 'names'), { recursive: true });
  rmSync(link, { force: true });
  symlinkSync(ctx.workspace, link, 'dir');
  return link;
}

async function reviewTarget(
  target: Target,
  ctx: Context,
  inputs: Inputs,
  env: Record<string, string | undefined>,
  work: string,
  root: string,
  /** the base's tree (extracted once, on the first project that has a base), when there is a base */
  baseTree: (() => Promise<string>) | undefined,
  options: RunOptions,
): Promise<TargetResult> {
  const head = target.dir === '.' ? root : join(ctx.workspace, target.dir);
  // the repository's root: the root project's directory stands for it (named like the repository)
  const top = target.dir === '.' ? root : ctx.workspace;
  const result: TargetResult = { target, code: 0, status: 'skipped', reason: '', annotate: [], newFindings: 0 };
  if (!hasComposeFile(head)) {
    result.reason = `no Compose file (${DEFAULT_COMPOSE_NAMES.join(', ')}) in ${target.dir}`;
    return result;
  }
  const pr = ctx.pullRequest;
  let base: string | undefined;
  // which project a comment is about, when the repository is not one project at its root
  const notes = target.dir === '.' ? [] : [`Project ${mdCode(target.dir)}.`];
  if (pr && baseTree) {
    // the project's directory in the base's tree: named like the head's (the same default project
    // name), as far below the tree as the head is below the repository (the same file names)
    if (await hasProject(ctx.workspace, pr.baseSha, target.dir))
      base = target.dir === '.' ? await baseTree() : join(await baseTree(), target.dir);
    else
      notes.push(
        `This pull request adds the Compose project ${mdCode(target.dir)}: there is no base to compare with, so every finding is new.`,
      );
  }
  const args = ['review', head, '--root', top, '--format', 'json', '--fail-on', inputs.failOn];
  if (base) args.push('--base-dir', base);
  if (inputs.from) args.push('--from', inputs.from);
  if (inputs.to) args.push('--to', inputs.to);
  if (inputs.baseline) {
    const file = join(head, inputs.baseline);
    if (existsSync(file)) args.push('--baseline', file);
    else
      options.stderr(
        `compose-review: ${textLine(target.key)}: no baseline ${textLine(inputs.baseline)} in ${textLine(target.dir)}: every finding counts\n`,
      );
  }
  const docs = docsTemplate(env, ctx.serverUrl);
  const ran = await options.cli(args, {
    cwd: ctx.workspace,
    env: {
      ...env,
      ...(docs ? { COMPOSE_REVIEW_RULE_DOCS_URL: docs } : {}),
      // file:line links of the comment point at the commit, under the project's directory
      GITHUB_WORKSPACE: target.dir === '.' ? root : ctx.workspace,
      GITHUB_SHA: ctx.sha,
      GITHUB_SERVER_URL: ctx.serverUrl,
      GITHUB_REPOSITORY: ctx.repository,
    },
  });
  result.code = ran.code;
  let json: ReviewJson | undefined;
  try {
    json = JSON.parse(ran.stdout) as ReviewJson;
  } catch {
    json = undefined;
  }
  if (!json?.verdict) {
    result.status = 'error';
    result.code = ran.code || 2;
    result.reason = ran.stderr.trim().split('\n').slice(-20).join('\n') || `compose-review exited with ${ran.code}`;
    return result;
  }
  result.status = ran.code === 0 ? 'pass' : ran.code === 1 ? 'fail' : 'error';
  result.reason = json.verdict.reason;
  result.body = commentBody(target, json.markdown, notes.join(' ') || undefined);
  const diagnostics = json.diagnostics ?? [];
  const head_ = [...diagnostics, ...(json.findings ?? []), ...(json.drift ?? [])];
  const added = base ? [...diagnostics, ...(json.newFindings ?? [])] : head_;
  // one finding in several environments is one finding, as the annotations and SARIF count it
  result.newFindings = mergeEnvironments(added).filter((d) => d.rule !== undefined && !d.suppressed).length;
  result.annotate = added;
  if (inputs.outputs.has('sarif')) {
    const file = join(work, 'sarif', `${target.slug}.sarif`);
    const prefix = target.dir === '.' ? '' : `${target.dir}/`;
    writeFileSync(
      file,
      formatSarifJson(head_, {
        category: `compose-review/${target.key}`,
        fallbackFile: `${prefix}${DEFAULT_COMPOSE_NAMES.find((n) => existsSync(join(head, n)))}`,
        docsBase: docs ?? false,
      }),
    );
    result.sarif = file;
  }
  writeFileSync(join(work, 'reports', `${target.slug}.md`), result.body);
  writeFileSync(join(work, 'reports', `${target.slug}.json`), ran.stdout);
  return result;
}

/** Creates or edits the target's comment; a token that cannot write leaves it to the summary. */
async function comment(
  r: TargetResult,
  ctx: Context,
  inputs: Inputs,
  github: GitHub | undefined,
  existing: () => Promise<{ id: number; body?: string }[]>,
): Promise<void> {
  const pr = ctx.pullRequest;
  if (!pr || !r.body || !inputs.outputs.has('comment') || inputs.comment === 'off') return;
  if (pr.fork || !github) {
    r.comment = {
      skipped: pr.fork ? 'a pull request from a fork gets a read-only token' : 'no token (the token input is empty)',
    };
    return;
  }
  try {
    const mine =
      inputs.comment === 'update'
        ? (await existing()).find((c) => c.body?.startsWith(`${r.target.marker}\n`))
        : undefined;
    const c = mine ? await github.updateComment(mine.id, r.body) : await github.createComment(pr.number, r.body);
    r.comment = c.html_url ? { url: c.html_url } : {};
  } catch (e) {
    if (!(e instanceof GitHubError)) throw e;
    r.comment = {
      skipped:
        e.status === 403 || e.status === 404
          ? `the token cannot write to the pull request (${e.status}: give the job "pull-requests: write")`
          : `GitHub answered ${e.status}`,
    };
  }
}

export async function runAction(env: Record<string, string | undefined>, given: RunOptions): Promise<ActionResult> {
  // the log is text, none of it a workflow command of ours (those go to stdout): no line of it can
  // make one (src/escape-runner.ts), whatever directory name, input or message it holds
  const options: RunOptions = { ...given, stderr: (s) => given.stderr(runnerText(s)) };
  const inputs = readInputs(env);
  const ctx = readContext(env);
  const work = join(ctx.temp, 'compose-review');
  for (const d of ['sarif', 'reports']) {
    rmSync(join(work, d), { recursive: true, force: true });
    mkdirSync(join(work, d), { recursive: true });
  }
  const dirs = inputs.directories.length ? inputs.directories : await composeDirectories(ctx.workspace);
  const targets = targetsOf(dirs, inputs.name);
  const artifact = `compose-review-${slugOf(ctx.job)}${inputs.name ? `-${slugOf(inputs.name)}` : ''}`;
  const root = rootPath(ctx, work);
  let baseTree: (() => Promise<string>) | undefined;
  if (ctx.pullRequest)
    try {
      const sha = ctx.pullRequest.baseSha;
      await ensureCommit(ctx.workspace, sha);
      let tree: Promise<string> | undefined;
      // named like the root project's directory: the root project gets the same default name on both sides
      const dest = join(work, 'base', basename(root));
      baseTree = () => (tree ??= extractTree(ctx.workspace, sha, dest));
    } catch (e) {
      options.stderr(`compose-review: ${textLine(errorMessage(e))}: each project is reviewed alone\n`);
    }
  const github = ctx.token ? new GitHub(ctx.apiUrl, ctx.token, ctx.repository) : undefined;
  let comments: Promise<{ id: number; body?: string }[]> | undefined;
  // the comments the token wrote: one by anyone else that starts with the marker is not ours to edit
  const existing = () =>
    (comments ??= Promise.all([github!.comments(ctx.pullRequest!.number), github!.login()]).then(([all, me]) =>
      all.filter((c) => c.user?.login === me),
    ));
  const results: TargetResult[] = [];
  for (const target of targets) {
    const r = await reviewTarget(target, ctx, inputs, env, work, root, baseTree, options);
    await comment(r, ctx, inputs, github, existing);
    const how = r.comment?.url
      ? `, comment ${r.comment.url}`
      : r.comment?.skipped
        ? `, no comment: ${r.comment.skipped}`
        : '';
    options.stderr(textLine(`compose-review: ${target.key}: ${r.status} (${r.reason.split('\n')[0]})${how}`) + '\n');
    results.push(r);
  }
  if (!targets.length) options.stderr('compose-review: no Compose project in this repository\n');

  const commented = results.some((r) => r.comment?.url);
  const skipped = results.some((r) => r.comment?.skipped);
  const sarif = results.some((r) => r.sarif);
  let annotations = '';
  if (inputs.outputs.has('annotations')) {
    const where = [
      'in the job summary',
      ...(commented ? ['the pull request comment'] : []),
      ...(skipped ? [`the artifact ${artifact}`] : []),
      ...(sarif ? ['code scanning (SARIF)'] : []),
    ];
    const text = where.length > 1 ? `${where.slice(0, -1).join(', ')} and ${where.at(-1)}` : where[0];
    annotations = cappedAnnotations(
      results.map((r) => r.annotate),
      text,
    ).text;
    options.stdout(annotations);
  }
  if (ctx.summaryFile && results.length) appendFileSync(ctx.summaryFile, summaryOf(results, artifact));
  const exitCode = Math.max(0, ...results.map((r) => (r.status === 'skipped' ? 0 : r.code)));
  const outputs: Record<string, string> = {
    'exit-code': String(exitCode),
    verdict: exitCode === 0 ? 'pass' : 'fail',
    'new-findings': String(results.reduce((n, r) => n + r.newFindings, 0)),
    'sarif-dir': sarif ? join(work, 'sarif') : '',
    'report-dir': join(work, 'reports'),
    'comment-skipped': String(skipped),
    'artifact-name': artifact,
    fork: String(ctx.pullRequest?.fork ?? false),
  };
  writeOutputs(ctx.outputFile, outputs);
  return { exitCode, targets: results, outputs, annotations };
}
