/** The CLI's audit, diff and review commands (CI exit codes: 0 pass, 1 fail, 2 usage or load error). */
import { resolve, basename, relative, sep } from 'node:path';
import { writeFileSync } from 'node:fs';
import type { Bundle, EnvironmentSpec } from '../bundle/bundle.js';
import { loadBundle, type BundleResult } from '../load/bundle.js';
import { auditProject } from '../audit/project.js';
import { parsePolicy } from '../audit/run.js';
import type { AuditPolicy } from '../audit/types.js';
import { parseYaml } from '../yaml/parse.js';
import { exceedsThreshold, type FailOn, type ReportItem } from '../report/findings.js';
import { renderFindings, FINDING_FORMATS, type FindingFormat } from '../report/render.js';
import { formatText } from '../report/text.js';
import { defaultPair, diffEnvironments } from '../diff/diff.js';
import { driftRisks } from '../diff/drift.js';
import { diffData, formatDiffMarkdown, formatDiffText } from '../report/diff.js';
import { review, reviewChange } from '../review/review.js';
import { reviewMarkdown, changeReviewMarkdown } from '../report/review.js';
import { formatSarifJson } from '../report/sarif.js';
import { formatGithub } from '../report/github.js';
import { localProject, directoryBundle, UsageError } from './files.js';
import type { CliIO } from './main.js';
import { budgetsFromCli } from '../limits.js';

const FAIL_ON = ['error', 'warning', 'info', 'none'];

function oneOf<T extends string>(value: unknown, allowed: readonly string[], flag: string, fallback: T): T {
  const v = (value as string | undefined) ?? fallback;
  if (!allowed.includes(v)) throw new UsageError(`${flag} must be one of ${allowed.join(', ')}, not ${v}`);
  return v as T;
}

function env(io: CliIO): Record<string, string> {
  const out: Record<string, string> = Object.create(null);
  for (const [k, v] of Object.entries(io.env)) if (typeof v === 'string') out[k] = v;
  return out;
}

/**
 * `audit`: -f files (or COMPOSE_FILE) make one environment; otherwise the directory's file names make
 * them all. `diff` and `review` compare environments: they always derive them from the directory.
 */
function projectBundle(
  values: Record<string, unknown>,
  io: CliIO,
  dir = io.cwd,
  command = 'audit',
): { bundle: Bundle; only?: string[] } {
  const files = (values.file as string[] | undefined) ?? [];
  const name = values.env as string | undefined;
  if (command !== 'audit') {
    if (files.length)
      throw new UsageError(
        `${command} compares the environments it derives from the directory's file names; -f makes a single environment (use audit -f)`,
      );
    if (name) throw new UsageError(`--env is an audit option; ${command} takes --from and --to`);
    return { bundle: directoryBundle(dir) };
  }
  if (files.length || io.env.COMPOSE_FILE) {
    const local = localProject({
      files,
      envFiles: (values['env-file'] as string[] | undefined) ?? [],
      profiles: (values.profile as string[] | undefined) ?? [],
      env: env(io),
      cwd: dir,
    });
    const envName = name ?? (local.spec.files.some((f) => /prod/i.test(basename(f))) ? 'production' : 'development');
    const specs: Record<string, EnvironmentSpec> = { [envName]: local.spec };
    return { bundle: { files: local.bundle.files, environments: specs } };
  }
  return { bundle: directoryBundle(dir), ...(name ? { only: [name] } : {}) };
}

function loadWith(values: Record<string, unknown>, io: CliIO, dir?: string, command = 'audit'): BundleResult {
  const { bundle, only } = projectBundle(values, io, dir, command);
  // the process environment applies to every environment, as it would to `docker compose`
  return loadBundle(bundle, {
    ...(only ? { only } : {}),
    budgets: budgetsFromCli(io.env, values.budget as string[] | undefined),
    env: env(io),
    defaultProjectName: basename(dir ?? io.cwd),
    allResources: values['all-resources'] === true,
  });
}

function policyFrom(values: Record<string, unknown>, io: CliIO): AuditPolicy | undefined {
  const file = values.policy as string | undefined;
  if (!file) return undefined;
  const path = resolve(io.cwd, file);
  let text: string;
  try {
    text = (io.readFile ?? (() => ''))(path);
  } catch {
    throw new UsageError(`cannot read policy file ${path}`);
  }
  const r = parsePolicy(parseYaml(text, file).documents[0]?.tree, file);
  for (const d of r.diagnostics) io.stderr(`${d.file}:${d.line}:${d.column}: ${d.severity} ${d.message}\n`);
  return r.policy;
}

function loadFailed(result: BundleResult, io: CliIO): boolean {
  const failed = Object.values(result.environments).filter((e) => !e.model);
  if (Object.keys(result.environments).length && !failed.length) return false;
  io.stderr(
    formatText(
      result.diagnostics.filter((d) => d.severity === 'error'),
      result.cache.bundle.files,
    ),
  );
  io.stderr(
    failed.length
      ? `compose-review: ${failed.map((e) => e.environment_name).join(', ')} cannot be loaded\n`
      : 'compose-review: no environment to audit\n',
  );
  return true;
}

/** `audit DIR...`: every directory is a project; findings name files relative to the working directory. */
function auditDirectories(
  dirs: string[],
  values: Record<string, unknown>,
  io: CliIO,
  format: FindingFormat,
  failOn: FailOn,
): number {
  const policy = policyFrom(values, io);
  const list: ReportItem[] = [];
  const files: Record<string, string> = Object.create(null);
  let failed = false;
  let broken = false;
  for (const d of dirs) {
    const dir = resolve(io.cwd, d);
    const rel = relative(io.cwd, dir).split(sep).join('/');
    const at = (f: string) => (rel === '' ? f : `${rel}/${f}`);
    const result = loadWith(values, io, dir);
    broken ||= loadFailed(result, io);
    const audit = auditProject(result, { policy });
    failed ||= exceedsThreshold(audit.findings, failOn);
    for (const item of [...result.diagnostics, ...audit.diagnostics, ...audit.findings, ...audit.suppressed])
      list.push({ ...item, file: item.file && at(item.file) });
    for (const f of Object.keys(result.cache.bundle.files)) files[at(f)] = result.cache.bundle.files[f];
  }
  if (format === 'json') io.stdout(JSON.stringify({ findings: list }, null, 2) + '\n');
  else io.stdout(renderFindings(format, list, files).body);
  return broken ? 2 : failed ? 1 : 0;
}

export function auditCommand(values: Record<string, unknown>, io: CliIO, positionals: string[] = []): number {
  const format = oneOf<FindingFormat>(values.format, FINDING_FORMATS, '--format', 'text');
  const failOn = oneOf<FailOn>(values['fail-on'], FAIL_ON, '--fail-on', 'error');
  if (positionals.length && (values.file as string[] | undefined)?.length)
    throw new UsageError('give either -f files or project directories, not both');
  if (positionals.length && !values['fix-override']) return auditDirectories(positionals, values, io, format, failOn);
  if (positionals.length > 1) throw new UsageError('--fix-override writes one override: give one project directory');
  const result = loadWith(values, io, positionals[0] === undefined ? undefined : resolve(io.cwd, positionals[0]));
  if (loadFailed(result, io)) return 2;
  const audit = auditProject(result, { policy: policyFrom(values, io), fix: values['fix-override'] === true });
  if (values['fix-override']) {
    const envs = Object.entries(audit.environments);
    const [name, target] = envs.find(([, e]) => e.role === 'production') ?? envs[0];
    const out = values.output as string | undefined;
    if (out) {
      writeFileSync(resolve(io.cwd, out), target.fix!.yaml);
      io.stderr(`wrote ${out}: closes ${target.fix!.fixed} finding(s) of ${name}\n`);
    } else io.stdout(target.fix!.yaml);
    return 0;
  }
  const list = [...audit.diagnostics, ...audit.findings, ...audit.suppressed];
  if (format === 'json')
    io.stdout(JSON.stringify({ environments: audit.environments, diagnostics: audit.diagnostics }, null, 2) + '\n');
  else
    io.stdout(
      renderFindings(format, list, result.cache.bundle.files, {
        fallbackFile: Object.values(result.environments)[0]?.files[0],
      }).body,
    );
  return exceedsThreshold(audit.findings, failOn) ? 1 : 0;
}

export function diffCommand(values: Record<string, unknown>, io: CliIO, positionals: string[]): number {
  const format = oneOf<'text' | 'json' | 'markdown'>(values.format, ['text', 'json', 'markdown'], '--format', 'text');
  const result = loadWith(values, io, positionals[0] ? resolve(io.cwd, positionals[0]) : undefined, 'diff');
  const envs = result.environments;
  const pair =
    values.from || values.to
      ? [envs[(values.from as string) ?? 'development'], envs[(values.to as string) ?? 'production']]
      : defaultPair(envs);
  if (!pair || !pair[0] || !pair[1])
    throw new UsageError(`need two environments to diff (found: ${Object.keys(envs).join(', ') || 'none'})`);
  const diff = diffEnvironments(pair[0], pair[1]);
  const drift = pair[0].model && pair[1].model ? driftRisks(pair[0], pair[1], { diff }) : [];
  const redact = values['no-redact'] !== true;
  if (format === 'json') io.stdout(JSON.stringify(diffData(diff, { redact, drift }), null, 2) + '\n');
  else if (format === 'markdown') io.stdout(formatDiffMarkdown(diff, { redact, drift }));
  else io.stdout(formatDiffText(diff, { redact, drift }));
  return pair[0].model && pair[1].model ? 0 : 2;
}

export function reviewCommand(values: Record<string, unknown>, io: CliIO, positionals: string[]): number {
  const format = oneOf<'markdown' | 'json' | 'sarif' | 'github'>(
    values.format,
    ['markdown', 'json', 'sarif', 'github'],
    '--format',
    'markdown',
  );
  const failOn = oneOf<FailOn>(values['fail-on'], FAIL_ON, '--fail-on', 'error');
  const dir = resolve(io.cwd, positionals[0] ?? '.');
  const { bundle } = projectBundle(values, io, dir, 'review'); // refuses -f and --env
  const from = values.from as string | undefined;
  const to = values.to as string | undefined;
  const options = {
    failOn,
    budgets: budgetsFromCli(io.env, values.budget as string[] | undefined),
    policy: policyFrom(values, io),
    env: env(io),
    defaultProjectName: basename(dir),
    allResources: values['all-resources'] === true,
    ...(from || to ? { from: from ?? 'development', to: to ?? 'production' } : {}),
  };
  const redact = values['no-redact'] !== true;
  const linkBase =
    io.env.GITHUB_SERVER_URL && io.env.GITHUB_REPOSITORY && io.env.GITHUB_SHA
      ? `${io.env.GITHUB_SERVER_URL}/${io.env.GITHUB_REPOSITORY}/blob/${io.env.GITHUB_SHA}/`
      : undefined;
  const md = { redact, ...(linkBase ? { linkBase } : {}) };
  if (values['base-dir']) {
    const c = reviewChange(directoryBundle(resolve(io.cwd, values['base-dir'] as string)), bundle, options);
    if (format === 'json')
      io.stdout(
        JSON.stringify(
          {
            verdict: c.verdict,
            environments: c.environments,
            newFindings: c.newFindings,
            fixedFindings: c.fixedFindings,
          },
          null,
          2,
        ) + '\n',
      );
    else if (format === 'markdown') io.stdout(changeReviewMarkdown(c, md));
    else if (format === 'sarif') io.stdout(formatSarifJson(c.newFindings));
    else io.stdout(formatGithub(c.newFindings));
    if (Object.values(c.head.result.environments).some((e) => !e.model)) return 2;
    return c.verdict.status === 'pass' ? 0 : 1;
  }
  const r = review(bundle, options);
  for (const n of [options.from, options.to])
    if (n !== undefined && !r.result.environments[n])
      throw new UsageError(
        `no environment ${JSON.stringify(n)} (found: ${Object.keys(r.result.environments).join(', ') || 'none'})`,
      );
  const all = [...r.diagnostics, ...r.audit.findings, ...r.audit.suppressed, ...r.drift];
  if (format === 'json')
    io.stdout(
      JSON.stringify(
        {
          verdict: r.verdict,
          diagnostics: r.diagnostics,
          findings: r.audit.findings,
          drift: r.drift,
          diff: r.diff ? diffData(r.diff, { redact }) : undefined,
        },
        null,
        2,
      ) + '\n',
    );
  else if (format === 'markdown') io.stdout(reviewMarkdown(r, md));
  else if (format === 'sarif')
    io.stdout(formatSarifJson(all, { fallbackFile: Object.values(r.result.environments)[0]?.files[0] }));
  else io.stdout(formatGithub(all));
  if (Object.values(r.result.environments).some((e) => !e.model) || Object.keys(r.result.environments).length === 0)
    return 2;
  return r.verdict.status === 'pass' ? 0 : 1;
}
