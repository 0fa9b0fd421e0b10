#!/usr/bin/env node
/**
 * compose-review CLI. Exit codes (actionlint's): 0 ran, nothing at the threshold; 1 problems found;
 * 2 usage error; 3 the run could not finish (an environment that cannot be loaded, an output that
 * cannot be written, an internal error). See src/cli/usage.ts for what each covers.
 */
import { parseArgs } from 'node:util';
import { pathToFileURL } from 'node:url';
import { loadBudgets, loadProject, ParseCache, type LoadOptions } from '../load/project.js';
import { provenance, formatLocation } from '../load/provenance.js';
import { renderConfig } from '../report/config.js';
import { formatText } from '../report/text.js';
import { textLine } from '../report/escape.js';
import type { Bundle } from '../bundle/bundle.js';
import type { BundleOptions } from '../load/bundle.js';
import { validateBundle, UnanswerableError } from '../usecases/index.js';
import { extractVariables } from '../interpolate/variables.js';
import { isObject } from '../yaml/located.js';
import { localProject, UsageError } from './files.js';
import { LocalReads, readStdin, STDIN } from './io.js';
import { renderRawModel } from './raw-model.js';
import { packageVersion } from './version.js';
import { stringify } from 'yaml';
import { basename } from 'node:path';
import { auditCommand, diffCommand, reviewCommand } from './review.js';
import { BudgetError, budgetsFromCli } from '../limits.js';
import { projectMasker, secretLike } from '../redact/secrets.js';
import { MASK, type Masker } from '../redact/mask.js';
import { redactValue } from '../report/diff.js';
import type { Tree, TreeObject } from '../yaml/located.js';
import { COMMANDS, commandUsage, USAGE, type Command } from './usage.js';
import { colorWanted } from './color.js';
import { parseOutputs, RunFailure, writeOutputs } from './outputs.js';
import { SERVER_ENTRY } from './server-entry.js';
import { EXIT, warn, type CliIO } from './cli-io.js';

export { EXIT, type CliIO };

const COMMON = {
  file: { type: 'string', short: 'f', multiple: true },
  'env-file': { type: 'string', multiple: true },
  profile: { type: 'string', multiple: true },
  'project-name': { type: 'string', short: 'p' },
  format: { type: 'string', multiple: true },
  'no-interpolate': { type: 'boolean' },
  'all-resources': { type: 'boolean' },
  services: { type: 'boolean' },
  variables: { type: 'boolean' },
  provenance: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
  env: { type: 'string' },
  'fail-on': { type: 'string' },
  policy: { type: 'string' },
  'fix-override': { type: 'boolean' },
  output: { type: 'string', short: 'o' },
  from: { type: 'string' },
  to: { type: 'string' },
  'base-dir': { type: 'string' },
  'no-redact': { type: 'boolean' },
  budget: { type: 'string', multiple: true },
  force: { type: 'boolean' },
  quiet: { type: 'boolean', short: 'q' },
  color: { type: 'boolean' },
  'no-color': { type: 'boolean' },
} as const;

/**
 * Standard input for the file options given as `-` (and COMPOSE_FILE / COMPOSE_ENV_FILES naming
 * `-`), read once before the run; one of them at most.
 */
async function stdinFor(values: Record<string, unknown>, io: CliIO): Promise<string | undefined> {
  const named = [
    ...((values.file as string[] | undefined) ?? []),
    ...((values['env-file'] as string[] | undefined) ?? []),
    ...(typeof values.policy === 'string' ? [values.policy] : []),
  ];
  if (!(values.file as string[] | undefined)?.length) named.push(...(io.env.COMPOSE_FILE?.split(/[:;]/) ?? []));
  if (!(values['env-file'] as string[] | undefined)?.length)
    named.push(...(io.env.COMPOSE_ENV_FILES?.split(',') ?? []));
  const uses = named.filter((f) => f === STDIN).length;
  if (uses > 1) throw new UsageError('standard input (-) can be given once: as one -f, --env-file or --policy');
  return uses ? readStdin(io.stdin) : undefined;
}

function loadLocal(values: Record<string, unknown>, io: CliIO, services: string[] = [], options: LoadOptions = {}) {
  const env: Record<string, string> = Object.create(null);
  for (const [k, v] of Object.entries(io.env)) if (typeof v === 'string') env[k] = v;
  const profiles = (values.profile as string[] | undefined) ?? [];
  const local = localProject({
    files: (values.file as string[] | undefined) ?? [],
    envFiles: (values['env-file'] as string[] | undefined) ?? [],
    profiles,
    env,
    cwd: io.cwd,
    ...(io.reads ? { reads: io.reads } : {}),
  });
  for (const w of local.warnings) warn(io, w);
  // the default name is the project directory's, i.e. the first Compose file's directory
  // (compose-go GetWorkingDir + withNamePrecedenceLoad), not the current directory's
  const dirName = basename(local.workingDir) || 'project';
  const budgets = budgetsFromCli(io.env, values.budget as string[] | undefined);
  const cache = new ParseCache(local.bundle, loadBudgets({ budgets }));
  const project = loadProject(
    local.bundle,
    local.spec,
    {
      budgets,
      projectName: (values['project-name'] as string | undefined) ?? undefined,
      defaultProjectName: dirName,
      noInterpolate: values['no-interpolate'] === true,
      allResources: values['all-resources'] === true,
      services,
      ...options,
    },
    cache,
  );
  // the secret values of what was read: masked in everything `config` prints (src/redact/)
  const trees = cache.files().flatMap((f) => (cache.get(f)?.documents ?? []).map((d) => d.tree as Tree));
  const masker = projectMasker(local.bundle, project, trees);
  return { local, project, masker };
}

/** `config` masks secret values unless --no-redact: by their names in the model, and every known one anywhere. */
function shownModel(model: TreeObject, masker: Masker, redact: boolean): TreeObject {
  return redact ? (redactValue('', model, masker) as TreeObject) : model;
}

/**
 * The -f files (or COMPOSE_FILE, or the default files) as a bundle of one environment, named by
 * --env, else `production` when a file name says prod, else `development`: the bundle the API would
 * be sent for the same question, so both answer with the same JSON.
 */
export function localBundle(values: Record<string, unknown>, io: CliIO): { bundle: Bundle; options: BundleOptions } {
  const local = localProject({
    files: (values.file as string[] | undefined) ?? [],
    envFiles: (values['env-file'] as string[] | undefined) ?? [],
    profiles: (values.profile as string[] | undefined) ?? [],
    env: processEnv(io),
    cwd: io.cwd,
    ...(io.reads ? { reads: io.reads } : {}),
  });
  for (const w of local.warnings) warn(io, w);
  const name =
    (values.env as string | undefined) ??
    (local.spec.files.some((f) => /prod/i.test(basename(f))) ? 'production' : 'development');
  const projectName = values['project-name'] as string | undefined;
  const bundle: Bundle = { files: local.bundle.files, environments: { [name]: local.spec } };
  if (projectName !== undefined) bundle.projectName = projectName;
  return {
    bundle,
    options: {
      budgets: budgetsFromCli(io.env, values.budget as string[] | undefined),
      // the default name is the project directory's, i.e. the first Compose file's directory
      defaultProjectName: basename(local.workingDir) || 'project',
      noInterpolate: values['no-interpolate'] === true,
      allResources: values['all-resources'] === true,
    },
  };
}

export function processEnv(io: CliIO): Record<string, string> {
  const env: Record<string, string> = Object.create(null);
  for (const [k, v] of Object.entries(io.env)) if (typeof v === 'string') env[k] = v;
  return env;
}

export async function main(argv: string[], io: CliIO): Promise<number> {
  const [command, ...rest] = argv;
  if (command === '--version' || command === '-v' || command === 'version') {
    io.stdout(`compose-review ${packageVersion()}\n`);
    return EXIT.ok;
  }
  if (!command || command === '-h' || command === '--help' || command === 'help') {
    const page = command === 'help' && COMMANDS.includes(rest[0] as Command) ? commandUsage(rest[0] as Command) : USAGE;
    (command ? io.stdout : io.stderr)(page);
    return command ? EXIT.ok : EXIT.usage;
  }
  if (!COMMANDS.includes(command as Command)) {
    io.stderr(`compose-review: unknown command ${textLine(JSON.stringify(command))}\n\n${USAGE}`);
    return EXIT.usage;
  }
  try {
    const { values, positionals } = parseArgs({
      args: rest,
      options: COMMON,
      allowPositionals: ['config', 'diff', 'review', 'audit'].includes(command),
      strict: true,
    });
    if (values.help) {
      io.stdout(commandUsage(command as Command));
      return EXIT.ok;
    }
    if (values.color && values['no-color']) throw new UsageError('--color and --no-color contradict each other');
    if (command === 'serve') {
      if (positionals.length || Object.keys(values).length)
        throw new UsageError('serve takes no option: the service is configured by its environment (PORT, HOST, ...)');
      // the service is a module of its own, loaded only here (the CLI imports nothing of src/api/)
      const { serve } = (await import(SERVER_ENTRY)) as { serve: (o: object) => Promise<void> };
      await serve({});
      return -1; // keeps running
    }
    const cli: CliIO = {
      ...io,
      quiet: values.quiet === true,
      color: colorWanted({ color: values.color, noColor: values['no-color'] }, io.env, io.isTTY === true),
      reads: new LocalReads(await stdinFor(values, io)),
    };
    if (command === 'validate') return validateCommand(values, cli);
    if (command === 'config') return configCommand(values, cli, positionals);
    if (command === 'audit') return auditCommand(values, cli, positionals);
    if (command === 'diff') return diffCommand(values, cli, positionals);
    return reviewCommand(values, cli, positionals);
  } catch (e) {
    const usage =
      e instanceof UsageError ||
      e instanceof BudgetError ||
      e instanceof UnanswerableError ||
      (e as Error).name === 'ConfigError' ||
      (e as { code?: string }).code?.startsWith('ERR_PARSE_ARGS');
    if (usage || e instanceof RunFailure) {
      // the message may name a path from the disk or the command line: one line, controls escaped
      io.stderr(`compose-review: ${textLine((e as Error).message)}\n`);
      if (usage && !(e instanceof UnanswerableError) && (e as Error).name !== 'ConfigError')
        io.stderr(`(compose-review ${command} --help for its options)\n`);
      return usage ? EXIT.usage : EXIT.failure;
    }
    io.stderr(`compose-review: internal error: ${(e as Error)?.stack ?? String(e)}\n`);
    return EXIT.failure;
  }
}

function validateCommand(values: Record<string, unknown>, io: CliIO): number {
  const outputs = parseOutputs(values.format, ['text', 'json'], 'text', io.cwd);
  const { bundle, options } = localBundle(values, io);
  const a = validateBundle(bundle, options);
  const code = a.json.valid ? EXIT.ok : EXIT.problems;
  writeOutputs(outputs, (f) => (f === 'json' ? JSON.stringify(a.json, null, 2) + '\n' : a.render!(f).body), io, {
    force: values.force === true,
    color: io.color,
    print: !(io.quiet && code === EXIT.ok),
  });
  return code;
}

function configCommand(values: Record<string, unknown>, io: CliIO, services: string[] = []): number {
  const formats = (values.format as string[] | undefined) ?? [];
  if (formats.length > 1) throw new UsageError('config prints one model: give one --format');
  const format = formats[0] ?? 'yaml';
  if (format !== 'yaml' && format !== 'json') throw new UsageError(`--format must be yaml or json, not ${format}`);
  const noInterpolate = values['no-interpolate'] === true;
  if (noInterpolate && !values.variables && !values.services && !values.provenance)
    return rawConfigCommand(values, io, services, format);
  if (values.variables) return variablesCommand(values, io, services);
  const redact = values['no-redact'] !== true;
  const { local, project, masker } = loadLocal(values, io, services);
  const out = (s: string) => io.stdout(redact ? masker.rendered(s) : s);
  if (!project.model) {
    io.stderr(masker.rendered(formatText(project.diagnostics, local.bundle.files)));
    return EXIT.failure;
  }
  if (values.services) {
    out(Object.keys(isObject(project.model.services) ? project.model.services : {}).join('\n') + '\n');
    return 0;
  }
  if (values.provenance) {
    const prov = Object.fromEntries(Object.entries(provenance(project.model)).map(([k, l]) => [k, formatLocation(l)]));
    out(format === 'json' ? JSON.stringify(prov, null, 2) + '\n' : stringify(prov, { lineWidth: 0 }));
    return 0;
  }
  out(
    renderConfig(shownModel(project.model, masker, redact), format, {
      noInterpolate: values['no-interpolate'] === true,
    }),
  );
  return 0;
}

/**
 * `config --no-interpolate` prints the raw model (docker compose runConfigNoInterpolate): loaded up to
 * compose-go's LoadModel (the loader's `stage: 'raw'`), never turned into a project.
 */
function rawConfigCommand(
  values: Record<string, unknown>,
  io: CliIO,
  services: string[],
  format: 'yaml' | 'json',
): number {
  if (services.length)
    warn(io, 'service filtering is not applied when --no-interpolate is set, the full model will be rendered');
  const redact = values['no-redact'] !== true;
  const { local, project, masker } = loadLocal(values, io, [], { stage: 'raw', noInterpolate: true });
  if (!project.model) {
    io.stderr(masker.rendered(formatText(project.diagnostics, local.bundle.files)));
    return EXIT.failure;
  }
  const text = renderRawModel(shownModel(project.model, masker, redact), format);
  io.stdout(redact ? masker.rendered(text) : text);
  return 0;
}

/**
 * `config --variables` as docker compose's runVariables: the variables of the whole model (every -f
 * file, what they include and extend), loaded without interpolation or validation; a table by
 * default (sorted here, where Go's map order is random), `--format json` / `yaml` as
 * formatter.ToStandardJSON / yaml.Marshal print a map of template.Variable.
 */
function variablesCommand(values: Record<string, unknown>, io: CliIO, services: string[]): number {
  if (services.length)
    warn(
      io,
      'service filtering is not applied when --variables is set, variables from the full model will be rendered',
    );
  const redact = values['no-redact'] !== true;
  const { local, project, masker } = loadLocal(values, io, [], {
    stage: 'model',
    noInterpolate: true,
    skipSchema: true,
  });
  if (!project.model) {
    io.stderr(masker.rendered(formatText(project.diagnostics, local.bundle.files)));
    return EXIT.failure;
  }
  // a secret-named variable's default is its value when it is unset: masked like the value
  const hide = (name: string, v: string): string =>
    !redact || v === '' ? v : secretLike(name) ? MASK : masker.text(v);
  const vars = Object.values(extractVariables(project.model))
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
    .map((v) => ({ ...v, defaultValue: hide(v.name, v.defaultValue), presenceValue: hide(v.name, v.presenceValue) }));
  const format = (values.format as string[] | undefined)?.[0];
  if (format === 'json') {
    const out: Record<string, unknown> = Object.create(null);
    for (const v of vars)
      out[v.name] = {
        Name: v.name,
        DefaultValue: v.defaultValue,
        PresenceValue: v.presenceValue,
        Required: v.required,
      };
    io.stdout(JSON.stringify(out, null, 4) + '\n');
  } else if (format === 'yaml') {
    const out: Record<string, unknown> = Object.create(null);
    for (const v of vars)
      out[v.name] = {
        name: v.name,
        defaultvalue: v.defaultValue,
        presencevalue: v.presenceValue,
        required: v.required,
      };
    io.stdout(stringify(out, { lineWidth: 0 }));
  } else
    io.stdout(
      tabwriter([
        ['NAME', 'REQUIRED', 'DEFAULT VALUE', 'ALTERNATE VALUE'],
        ...vars.map((v) => [v.name, String(v.required), v.defaultValue, v.presenceValue]),
      ]),
    );
  return 0;
}

/** text/tabwriter as docker's formatter sets it up (minwidth 20, padding 3, spaces): every cell but the last aligned. */
function tabwriter(rows: string[][]): string {
  const widths: number[] = [];
  for (const r of rows) r.slice(0, -1).forEach((c, i) => (widths[i] = Math.max(widths[i] ?? 20, [...c].length + 3)));
  return (
    rows
      .map((r) => r.map((c, i) => (i < r.length - 1 ? c + ' '.repeat(widths[i] - [...c].length) : c)).join(''))
      .join('\n') + '\n'
  );
}

/**
 * The CLI as a process: its streams, environment and exit code. A reader that goes away (`| head`)
 * ends the process quietly the way cat or a Go tool (actionlint) ends: by SIGPIPE (status 141 in a
 * shell), not with a stack trace. Node ignores SIGPIPE; listening to it and letting go restores the
 * default action, which the signal then takes.
 */
export async function runProcess(argv = process.argv.slice(2)): Promise<void> {
  const onError = (e: NodeJS.ErrnoException) => {
    if (e.code !== 'EPIPE') throw e;
    process.on('SIGPIPE', () => {});
    process.removeAllListeners('SIGPIPE');
    process.kill(process.pid, 'SIGPIPE');
  };
  process.stdout.on('error', onError);
  process.stderr.on('error', onError);
  const code = await main(argv, {
    stdout: (s) => void process.stdout.write(s),
    stderr: (s) => void process.stderr.write(s),
    env: process.env,
    cwd: process.cwd(),
    isTTY: process.stdout.isTTY === true,
  });
  if (code >= 0) process.exitCode = code;
}

// run as a script (node dist/src/cli/main.js, tsx src/cli/main.ts, node dist/bundle/cli.mjs)
if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) void runProcess();
