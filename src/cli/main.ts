#!/usr/bin/env node
/**
 * compose-review CLI. Exit codes: 0 ok, 1 problems found (errors, or findings at/above --fail-on),
 * 2 usage or load error.
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
import { localProject, roleFlag, UsageError } from './files.js';
import { environmentNameOf } from '../bundle/roles.js';
import { LocalReads, readStdin, STDIN } from './io.js';
import { renderRawModel } from './raw-model.js';
import { stringify } from 'yaml';
import { basename } from 'node:path';
import { auditCommand, diffCommand, reviewCommand } from './review.js';
import { BudgetError, budgetsFromCli } from '../limits.js';
import { projectMasker, secretLike } from '../redact/secrets.js';
import { MASK, type Masker } from '../redact/mask.js';
import { redactValue } from '../report/diff.js';
import type { Tree, TreeObject } from '../yaml/located.js';

export interface CliIO {
  stdout: (s: string) => void;
  stderr: (s: string) => void;
  env: Record<string, string | undefined>;
  cwd: string;
  /** standard input, read when a file option is `-` (default: the process's) */
  stdin?: NodeJS.ReadableStream;
  /** this run's reads (src/cli/io.ts): set by `main` */
  reads?: LocalReads;
}

const USAGE = `Usage: compose-review <command> [options]

Commands:
  validate   validate the Compose files (schema + Compose's own checks)
  audit      hardening audit of every environment (or the -f files)
  diff       semantic diff between two environments (default development -> production)
  review     everything a CI job or PR bot needs: verdict, findings, diff, PR comment
  config     print the merged, canonical model like \`docker compose config [SERVICE...]\`
  serve      start the HTTP service (PORT, HOST)

Options (validate, config):
  -f, --file FILE        Compose file (repeatable; default: COMPOSE_FILE or compose.yaml [+ override],
                         here or in the nearest parent directory holding one)
  --env-file FILE        env file (repeatable; default: .env in the project directory)
  --profile NAME         active profile (repeatable; default: COMPOSE_PROFILES)
  -p, --project-name N   project name (default: COMPOSE_PROJECT_NAME, name:, the first file's directory name)
  --format FORMAT        validate: text|json; config: yaml|json
  --all-resources        keep networks, volumes, secrets, configs no service uses
  config only: --no-interpolate --services --variables --provenance

Options (audit, diff, review):
  --env NAME             audit: only this environment (with -f: the name of the -f environment;
                         default: the role word of the file names, e.g. production, ci, else default)
  --role ROLE            production|development|other: the role of every environment (default: the
                         bundle's, the policy's, the names': production-like unless a name says dev,
                         local, test, ci, devcontainer or override)
  --format FORMAT        audit: text|json|sarif|markdown|github; diff: text|json|markdown;
                         review: markdown|json|sarif|github
  --fail-on LEVEL        error|warning|info|none (default error): exit 1 at or above it
  --policy FILE          policy file (default: .compose-review.yaml in the project)
  --fix-override         audit: print compose.hardening.yaml (closes the fixable findings)
  -o, --output FILE      audit --fix-override: write it to FILE (atomically; never over a file the
                         run read, nor over one it did not generate, unless --force)
  --force                let --output replace such a file
  --from NAME --to NAME  diff, review: the environments to compare
  --base-dir DIR         review: compare with the project in DIR (the PR's base)
  --baseline FILE        audit, review: findings listed in FILE are accepted (suppressed, never fail)
  --write-baseline FILE  audit, review: write every current finding to FILE (then use --baseline FILE)
  --no-redact            show secret values in diffs, previews and config (diagnostics and
                         findings always mask them)

Work budgets (every command; see the README's limits section):
  --budget NAME=N        raise or lower a budget (repeatable), e.g. --budget yaml-nodes=200000;
                         also COMPOSE_REVIEW_MAX_<NAME> (COMPOSE_REVIEW_MAX_YAML_NODES=200000)
`;

const COMMON = {
  file: { type: 'string', short: 'f', multiple: true },
  'env-file': { type: 'string', multiple: true },
  profile: { type: 'string', multiple: true },
  'project-name': { type: 'string', short: 'p' },
  format: { type: 'string' },
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
  role: { type: 'string' },
  budget: { type: 'string', multiple: true },
  force: { type: 'boolean' },
  baseline: { type: 'string' },
  'write-baseline': { type: 'string' },
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
  for (const w of local.warnings) io.stderr(`compose-review: warning: ${textLine(w)}\n`);
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
 * --env, else by the role word of the file names (`production` for compose.prod.yaml), else
 * `default`: the bundle the API would be sent for the same question, so both answer with the same JSON.
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
  for (const w of local.warnings) io.stderr(`compose-review: warning: ${textLine(w)}\n`);
  const name = (values.env as string | undefined) ?? environmentNameOf(local.spec.files);
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
      ...roleFlag(values),
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
  if (!command || command === '-h' || command === '--help' || command === 'help') {
    (command ? io.stdout : io.stderr)(USAGE);
    return command ? 0 : 2;
  }
  try {
    if (command === 'serve') {
      const { serve } = await import('../api/server.js');
      await serve({});
      return -1; // keeps running
    }
    const { values, positionals } = parseArgs({
      args: rest,
      options: COMMON,
      allowPositionals: ['config', 'diff', 'review', 'audit'].includes(command),
      strict: true,
    });
    if (values.help) {
      io.stdout(USAGE);
      return 0;
    }
    const cli: CliIO = { ...io, reads: new LocalReads(await stdinFor(values, io)) };
    if (command === 'validate') return validateCommand(values, cli);
    if (command === 'config') return configCommand(values, cli, positionals);
    if (command === 'audit') return auditCommand(values, cli, positionals);
    if (command === 'diff') return diffCommand(values, cli, positionals);
    if (command === 'review') return reviewCommand(values, cli, positionals);
    io.stderr(`unknown command ${JSON.stringify(command)}\n\n${USAGE}`);
    return 2;
  } catch (e) {
    if (
      e instanceof UsageError ||
      e instanceof BudgetError ||
      e instanceof UnanswerableError ||
      (e as Error).name === 'ConfigError' ||
      (e as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')
    ) {
      // the message may name a path from the disk or the command line: one line, controls escaped
      io.stderr(`compose-review: ${textLine((e as Error).message)}\n`);
      return 2;
    }
    throw e;
  }
}

function validateCommand(values: Record<string, unknown>, io: CliIO): number {
  const format = (values.format as string | undefined) ?? 'text';
  if (format !== 'text' && format !== 'json') throw new UsageError(`--format must be text or json, not ${format}`);
  const { bundle, options } = localBundle(values, io);
  const a = validateBundle(bundle, { ...options, format });
  io.stdout(format === 'json' ? JSON.stringify(a.json, null, 2) + '\n' : a.rendered!.body);
  return a.json.valid ? 0 : 1;
}

function configCommand(values: Record<string, unknown>, io: CliIO, services: string[] = []): number {
  const format = (values.format as string | undefined) ?? 'yaml';
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
    return 2;
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
    io.stderr(
      'compose-review: warning: service filtering is not applied when --no-interpolate is set, the full model will be rendered\n',
    );
  const redact = values['no-redact'] !== true;
  const { local, project, masker } = loadLocal(values, io, [], { stage: 'raw', noInterpolate: true });
  if (!project.model) {
    io.stderr(masker.rendered(formatText(project.diagnostics, local.bundle.files)));
    return 2;
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
    io.stderr(
      'compose-review: warning: service filtering is not applied when --variables is set, variables from the full model will be rendered\n',
    );
  const redact = values['no-redact'] !== true;
  const { local, project, masker } = loadLocal(values, io, [], {
    stage: 'model',
    noInterpolate: true,
    skipSchema: true,
  });
  if (!project.model) {
    io.stderr(masker.rendered(formatText(project.diagnostics, local.bundle.files)));
    return 2;
  }
  // a secret-named variable's default is its value when it is unset: masked like the value
  const hide = (name: string, v: string): string =>
    !redact || v === '' ? v : secretLike(name) ? MASK : masker.text(v);
  const vars = Object.values(extractVariables(project.model))
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
    .map((v) => ({ ...v, defaultValue: hide(v.name, v.defaultValue), presenceValue: hide(v.name, v.presenceValue) }));
  const format = values.format as string | undefined;
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

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  main(process.argv.slice(2), {
    stdout: (s) => process.stdout.write(s),
    stderr: (s) => process.stderr.write(s),
    env: process.env,
    cwd: process.cwd(),
  }).then(
    (code) => {
      if (code >= 0) process.exitCode = code;
    },
    (e) => {
      process.stderr.write(`compose-review: internal error: ${(e as Error).stack ?? e}\n`);
      process.exitCode = 2;
    },
  );
}
