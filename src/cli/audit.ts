/**
 * The CLI's audit command, and what it shares with diff and review (review.ts): a project read into a
 * bundle, its load options and policy (exit codes: src/cli/usage.ts).
 */
/*
 * Each command reads the local files into a bundle and asks the same use case as the API
 * (src/usecases/): `--format json` prints the API's JSON answer for that bundle.
 */
import { resolve, basename, relative, sep } from 'node:path';
import type { Bundle, EnvironmentSpec } from '../bundle/bundle.js';
import type { BundleOptions } from '../load/bundle.js';
import { policyFromText } from '../audit/policy.js';
import type { AuditPolicy } from '../audit/types.js';
import type { Diagnostic } from '../diagnostics.js';
import { exceedsThreshold, type FailOn, type ReportItem } from '../report/findings.js';
import { renderFindings, FINDING_FORMATS, type FindingFormat } from '../report/render.js';
import { parseOutputs, writeOutputs, type Output } from './outputs.js';
import { formatText } from '../report/text.js';
import { textLine } from '../report/escape.js';
// the use case by its module, not through usecases/index.ts, which holds every use case (the worker's
// task too): a run initializes only the modules its command needs
import { auditBundle } from '../usecases/audit.js';
import { localProject, roleFlag, UsageError } from './files.js';
import { directoryBundle, directoryRoot, projectDirectory } from './directory.js';
import { LocalReads, readOptionFile, STDIN, writeOutput } from './io.js';
import { HARDENING_HEADER } from '../audit/fix.js';
import { EXIT, type CliIO } from './cli-io.js';
import type { FindingGroup } from '../audit/groups.js';
import type { AuditEnvironment } from '../usecases/audit.js';
import { environmentNameOf } from '../bundle/roles.js';
import { append, budgetsFromCli } from '../limits.js';
import { baselineNote, readBaseline, writeBaseline } from './baseline.js';
import type { CliValues } from './options.js';
import type { Identified } from '../baseline/baseline.js';
import { emptyRecord } from '../records.js';

export const FAIL_ON: readonly FailOn[] = ['error', 'warning', 'info', 'none'];

export function oneOf<T extends string>(
  value: string | undefined,
  allowed: readonly T[],
  flag: string,
  fallback: T,
): T {
  const v = value ?? fallback;
  const known = allowed.find((a) => a === v);
  if (known === undefined) throw new UsageError(`${flag} must be one of ${allowed.join(', ')}, not ${v}`);
  return known;
}

function env(io: CliIO): Record<string, string> {
  const out = emptyRecord<string>();
  for (const [k, v] of Object.entries(io.env)) if (typeof v === 'string') out[k] = v;
  return out;
}

/**
 * `audit`: -f files (or COMPOSE_FILE) make one environment; otherwise the directory's file names make
 * them all. `diff` and `review` compare environments: they always derive them from the directory.
 */
export function projectBundle(
  values: CliValues,
  io: CliIO,
  dir = io.cwd,
  command = 'audit',
  /** `dir` was found by looking up from the current directory (for the message when nothing is found) */
  searched = false,
): { bundle: Bundle; only?: string[]; workingDir?: string } {
  const files = values.file ?? [];
  const name = values.env;
  if (command !== 'audit') {
    if (files.length)
      throw new UsageError(
        `${command} compares the environments it derives from the directory's file names; -f makes a single environment (use audit -f)`,
      );
    if (name) throw new UsageError(`--env is an audit option; ${command} takes --from and --to`);
    return {
      bundle: withName(directoryBundle(dir, io.reads, searched, directoryRoot(dir, io.cwd, values.root)), values),
    };
  }
  if (files.length || io.env.COMPOSE_FILE) {
    const local = localProject({
      files,
      envFiles: values['env-file'] ?? [],
      profiles: values.profile ?? [],
      env: env(io),
      cwd: dir,
      ...(values.root !== undefined ? { root: resolve(io.cwd, values.root) } : {}),
      ...(io.reads ? { reads: io.reads } : {}),
    });
    const envName = name ?? environmentNameOf(local.spec.files);
    const specs: Record<string, EnvironmentSpec> = { [envName]: local.spec };
    // the project directory is the first Compose file's (its name the default project name)
    return {
      bundle: withName({ files: local.bundle.files, environments: specs }, values),
      workingDir: local.workingDir,
    };
  }
  const root = directoryRoot(dir, io.cwd, values.root);
  return {
    bundle: withName(directoryBundle(dir, io.reads, searched, root), values),
    ...(name ? { only: [name] } : {}),
  };
}

/** -p: the project name, as the bundle's `projectName` says it to the API. */
export function withName(bundle: Bundle, values: CliValues): Bundle {
  const name = values['project-name'];
  return name === undefined ? bundle : { ...bundle, projectName: name };
}

/** What every command passes to the loader: the process environment applies to every environment, as to `docker compose`. */
export function loadOptions(values: CliValues, io: CliIO, dir: string): BundleOptions {
  return {
    budgets: budgetsFromCli(io.env, values.budget),
    env: env(io),
    defaultProjectName: basename(dir),
    allResources: values['all-resources'] === true,
    ...roleFlag(values),
  };
}

export function policyFrom(values: CliValues, io: CliIO): AuditPolicy | undefined {
  const file = values.policy;
  if (!file) return undefined;
  const text = readOptionFile(file, io.cwd, io.reads ?? new LocalReads(), (path) => `cannot read policy file ${path}`);
  const r = policyFromText(text, file);
  if (!io.quiet)
    for (const d of r.diagnostics)
      io.stderr(`${textLine(d.file)}:${d.line}:${d.column}: ${d.severity} ${textLine(d.message)}\n`);
  return r.policy;
}

/** An environment that does not load (or none at all): its errors on stderr, and exit 2. */
function loadFailed(
  environments: string[],
  unloaded: string[],
  diagnostics: readonly Diagnostic[],
  files: Record<string, string>,
  io: CliIO,
  mask: (text: string) => string = (s) => s,
  spans?: (text: string) => readonly number[],
): boolean {
  if (environments.length && !unloaded.length) return false;
  // the snippets are lines of the files: the bundle's secret values masked there too, as written
  io.stderr(
    mask(
      formatText(
        diagnostics.filter((d) => d.severity === 'error'),
        files,
        spans ? { masker: { spans } } : {},
      ),
    ),
  );
  io.stderr(
    unloaded.length
      ? `compose-review: ${unloaded.join(', ')} cannot be loaded\n`
      : 'compose-review: no environment to audit\n',
  );
  return true;
}

/** `audit DIR...`: every directory is a project; findings name files relative to the working directory. */
function auditDirectories(
  dirs: string[],
  values: CliValues,
  io: CliIO,
  outputs: Output<FindingFormat>[],
  failOn: FailOn,
): number {
  const policy = policyFrom(values, io);
  const baseline = readBaseline(values, io);
  const list: ReportItem[] = [];
  // each project's groups (made before its findings were capped) and environments, named from the
  // working directory like the files: the role of each and why is said in every format
  const groups: FindingGroup[] = [];
  const environments = emptyRecord<AuditEnvironment>();
  const files = emptyRecord<string>();
  let failed = false;
  let broken = false;
  const masks: ((s: string) => string)[] = [];
  // every finding of every project (not the capped lists): what a baseline holds, what it knew
  const accepted: Identified[] = [];
  const baselined = { known: 0, fresh: 0 };
  const finders: ((s: string) => readonly number[])[] = [];
  for (const d of dirs) {
    const dir = resolve(io.cwd, d);
    const rel = relative(io.cwd, dir).split(sep).join('/');
    // the bundle names files from the root (the directory, or --root): named here from the working directory
    const root = directoryRoot(dir, io.cwd, values.root);
    const at = (f: string) => relative(io.cwd, resolve(root, f)).split(sep).join('/');
    const { bundle, only } = projectBundle(values, io, dir);
    const {
      json,
      unloaded = [],
      mask,
      spans,
      ...answer
    } = auditBundle(bundle, {
      ...loadOptions(values, io, dir),
      policy,
      failOn,
      ...(only ? { environment: only[0] } : {}),
      ...(baseline ? { baseline } : {}),
      // the baseline's file names are the answer's: from the working directory
      baselinePrefix: at,
    });
    // every place named from the working directory, on stderr as on stdout
    const shown = emptyRecord<string>();
    for (const f of Object.keys(bundle.files)) shown[at(f)] = files[at(f)] = bundle.files[f];
    const diagnostics = json.diagnostics.map((d) => ({ ...d, file: d.file && at(d.file) }));
    broken ||= loadFailed(Object.keys(json.environments), unloaded, diagnostics, shown, io, mask, spans);
    failed ||= exceedsThreshold(json.findings, failOn);
    // the baseline's file names from the working directory, as `baselinePrefix` judged them
    if (values['write-baseline'] !== undefined) append(accepted, answer.accepted());
    baselined.known += answer.baselined?.known ?? 0;
    baselined.fresh += answer.baselined?.fresh ?? 0;
    append(list, diagnostics);
    for (const item of [...json.findings, ...json.suppressed]) list.push({ ...item, file: item.file && at(item.file) });
    for (const g of json.groups) groups.push({ ...g, file: g.file && at(g.file) });
    for (const [name, e] of Object.entries(json.environments)) environments[rel === '' ? name : `${rel}: ${name}`] = e;
    if (mask) masks.push(mask);
    if (spans) finders.push(spans);
  }
  // the findings are masked already; the text format's snippets are lines of the files, read with
  // every project's secret values (each project's masker finds its own)
  const masked = (s: string) => masks.reduce((t, m) => m(t), s);
  const masker = { spans: (s: string) => finders.flatMap((f) => f(s)) };
  const code = broken ? EXIT.load : failed ? EXIT.problems : EXIT.ok;
  writeOutputs(
    outputs,
    (f) =>
      f === 'json'
        ? JSON.stringify({ environments, findings: list, groups }, null, 2) + '\n'
        : masked(renderFindings(f, list, files, { environments, groups, masker }).body),
    io,
    { force: values.force === true, color: io.color, print: !(io.quiet && code === EXIT.ok) },
  );
  baselineNote(values, io, baselined);
  if (!broken) writeBaseline(values, io, accepted);
  return code;
}

export function auditCommand(values: CliValues, io: CliIO, positionals: string[] = []): number {
  const outputs = parseOutputs(values.format, FINDING_FORMATS, 'text', io.cwd);
  const failOn = oneOf<FailOn>(values['fail-on'], FAIL_ON, '--fail-on', 'error');
  if (positionals.length && values.file?.length)
    throw new UsageError('give either -f files or project directories, not both');
  if (positionals.length && !values['fix-override']) return auditDirectories(positionals, values, io, outputs, failOn);
  if (positionals.length > 1) throw new UsageError('--fix-override writes one override: give one project directory');
  // -f files (and COMPOSE_FILE's) are named from the current directory, as docker compose reads them:
  // no Compose file is looked up in its parents (it read `-f x.yaml` as the parent's x.yaml)
  const named = Boolean(values.file?.length || io.env.COMPOSE_FILE);
  const dir =
    positionals[0] !== undefined ? resolve(io.cwd, positionals[0]) : named ? resolve(io.cwd) : projectDirectory(io.cwd);
  const { bundle, only, workingDir } = projectBundle(values, io, dir, 'audit', positionals[0] === undefined);
  const fix = values['fix-override'] === true;
  if (fix && values.format !== undefined)
    throw new UsageError('--fix-override prints the override (YAML): it takes no --format');
  const a = auditBundle(bundle, {
    ...loadOptions(values, io, workingDir ?? dir),
    failOn,
    fix,
    policy: policyFrom(values, io),
    ...(only ? { environment: only[0] } : {}),
    ...(values.baseline !== undefined ? { baseline: readBaseline(values, io) } : {}),
  });
  if (fix) {
    if (
      loadFailed(
        Object.keys(a.json.environments),
        a.unloaded ?? [],
        a.json.diagnostics,
        bundle.files,
        io,
        a.mask,
        a.spans,
      )
    )
      return EXIT.load;
    const envs = Object.entries(a.json.environments);
    const [name, target] = envs.find(([, e]) => e.role === 'production') ?? envs[0];
    const out = values.output;
    const { yaml = '', fixed = 0, withheld } = target.fix ?? {};
    if (withheld) {
      // the override names a service, volume or value that holds a secret, shown masked: it would not apply
      io.stderr(
        `compose-review: nothing written for ${textLine(name)}: ${withheld}${out ? `; ${textLine(out)} left as it was` : ''}\n`,
      );
      return EXIT.ok;
    }
    if (yaml === '') {
      // nothing to write: no file is created or truncated, and that is no failure
      if (!io.quiet)
        io.stderr(
          `compose-review: nothing to write: no fixable finding in ${textLine(name)}${out ? `; ${textLine(out)} left as it was` : ''}\n`,
        );
      return EXIT.ok;
    }
    if (out && out !== STDIN) {
      // the marker is the first line of every override it generates (src/audit/fix.ts)
      writeOutput(resolve(io.cwd, out), yaml, {
        force: values.force === true,
        marker: `#${HARDENING_HEADER.split('\n')[0]}`,
        reads: io.reads ?? new LocalReads(),
      });
      if (!io.quiet) io.stderr(`wrote ${textLine(out)}: closes ${fixed} finding(s) of ${textLine(name)}\n`);
    } else io.stdout(yaml);
    return EXIT.ok;
  }
  // the answer is written whatever happens (JSON and SARIF keep the diagnostics and the partial findings
  // of an environment that does not load); such an environment still makes the run one that could not
  // load (exit 2)
  const broken = loadFailed(
    Object.keys(a.json.environments),
    a.unloaded ?? [],
    a.json.diagnostics,
    bundle.files,
    io,
    a.mask,
    a.spans,
  );
  const code = broken ? EXIT.load : exceedsThreshold(a.json.findings, failOn) ? EXIT.problems : EXIT.ok;
  writeOutputs(outputs, (f) => (f === 'json' ? JSON.stringify(a.json, null, 2) + '\n' : a.render(f).body), io, {
    force: values.force === true,
    color: io.color,
    print: !(io.quiet && code === EXIT.ok),
  });
  if (broken) return code;
  if (a.baselined) baselineNote(values, io, a.baselined);
  if (values['write-baseline'] !== undefined) writeBaseline(values, io, a.accepted());
  return code;
}
