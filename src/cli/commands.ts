/**
 * The commands `validate` and `config` and what every command needs first (standard input read
 * once, the run's reads); `audit`, `diff` and `review` are in review.ts. Loaded by main.ts when a
 * command runs (not for --help or --version), each command module only when it runs.
 */
import { loadBudgets, loadProject, ParseCache, type LoadOptions } from '../load/project.js';
import { provenance, formatLocation } from '../load/provenance.js';
import { renderConfig } from '../report/config.js';
import { formatText } from '../report/text.js';
import type { Bundle } from '../bundle/bundle.js';
import type { BundleOptions } from '../load/bundle.js';
import { validateBundle } from '../usecases/validate.js';
import { extractVariables } from '../interpolate/variables.js';
import { isObject } from '../yaml/located.js';
import { localProject, roleFlag, UsageError } from './files.js';
import { environmentNameOf } from '../bundle/roles.js';
import { LocalReads, readStdin, STDIN } from './io.js';
import { renderRawModel } from './raw-model.js';
import { stringify } from 'yaml';
import { basename } from 'node:path';
import { budgetsFromCli } from '../limits.js';
import { projectMasker, secretLike } from '../redact/secrets.js';
import { MASK, type Masker } from '../redact/mask.js';
import { redactObject } from '../report/diff.js';
import type { TreeObject } from '../yaml/located.js';
import { parseOutputs, writeOutputs } from './outputs.js';
import { EXIT, warn, type CliIO } from './cli-io.js';
import type { CliValues } from './options.js';
import { emptyRecord } from '../records.js';

export { UsageError };

/** Runs one command (not serve) with its parsed options; standard input is read first when an option names `-`. */
export async function runCommand(
  command: string,
  values: CliValues,
  positionals: string[],
  io: CliIO,
): Promise<number> {
  const cli: CliIO = { ...io, reads: new LocalReads(await stdinFor(values, io)) };
  if (command === 'validate') return validateCommand(values, cli);
  if (command === 'config') return configCommand(values, cli, positionals);
  const { auditCommand, diffCommand, reviewCommand } = await import('./review.js');
  if (command === 'audit') return auditCommand(values, cli, positionals);
  if (command === 'diff') return diffCommand(values, cli, positionals);
  return reviewCommand(values, cli, positionals);
}

/**
 * Standard input for the file options given as `-` (and COMPOSE_FILE / COMPOSE_ENV_FILES naming
 * `-`), read once before the run; one of them at most.
 */
async function stdinFor(values: CliValues, io: CliIO): Promise<string | undefined> {
  const named = [
    ...(values.file ?? []),
    ...(values['env-file'] ?? []),
    ...(typeof values.policy === 'string' ? [values.policy] : []),
  ];
  if (!values.file?.length) named.push(...(io.env.COMPOSE_FILE?.split(/[:;]/) ?? []));
  if (!values['env-file']?.length) named.push(...(io.env.COMPOSE_ENV_FILES?.split(',') ?? []));
  const uses = named.filter((f) => f === STDIN).length;
  if (uses > 1) throw new UsageError('standard input (-) can be given once: as one -f, --env-file or --policy');
  return uses ? readStdin(io.stdin) : undefined;
}

function loadLocal(values: CliValues, io: CliIO, services: string[] = [], options: LoadOptions = {}) {
  const env = processEnv(io);
  const profiles = values.profile ?? [];
  const local = localProject({
    files: values.file ?? [],
    envFiles: values['env-file'] ?? [],
    profiles,
    env,
    cwd: io.cwd,
    ...(io.reads ? { reads: io.reads } : {}),
  });
  for (const w of local.warnings) warn(io, w);
  // the default name is the project directory's, i.e. the first Compose file's directory
  // (compose-go GetWorkingDir + withNamePrecedenceLoad), not the current directory's
  const dirName = basename(local.workingDir) || 'project';
  const budgets = budgetsFromCli(io.env, values.budget);
  const cache = new ParseCache(local.bundle, loadBudgets({ budgets }));
  const project = loadProject(
    local.bundle,
    local.spec,
    {
      budgets,
      projectName: values['project-name'],
      defaultProjectName: dirName,
      noInterpolate: values['no-interpolate'] === true,
      allResources: values['all-resources'] === true,
      services,
      ...options,
    },
    cache,
  );
  // the secret values of what was read: masked in everything `config` prints (src/redact/)
  const trees = cache.files().flatMap((f) => (cache.get(f)?.documents ?? []).map((d) => d.tree));
  const masker = projectMasker(local.bundle, project, trees, loadBudgets({ budgets }).secretChars);
  return { local, project, masker };
}

/** `config` masks secret values unless --no-redact: by their names in the model, and every known one anywhere. */
function shownModel(model: TreeObject, masker: Masker, redact: boolean): TreeObject {
  return redact ? redactObject(model, masker) : model;
}

/**
 * The -f files (or COMPOSE_FILE, or the default files) as a bundle of one environment, named by
 * --env, else by the role word of the file names (`production` for compose.prod.yaml), else
 * `default`: the bundle the API would be sent for the same question, so both answer with the same JSON.
 */
export function localBundle(values: CliValues, io: CliIO): { bundle: Bundle; options: BundleOptions } {
  const local = localProject({
    files: values.file ?? [],
    envFiles: values['env-file'] ?? [],
    profiles: values.profile ?? [],
    env: processEnv(io),
    cwd: io.cwd,
    ...(io.reads ? { reads: io.reads } : {}),
  });
  for (const w of local.warnings) warn(io, w);
  const name = values.env ?? environmentNameOf(local.spec.files);
  const projectName = values['project-name'];
  const bundle: Bundle = { files: local.bundle.files, environments: { [name]: local.spec } };
  if (projectName !== undefined) bundle.projectName = projectName;
  return {
    bundle,
    options: {
      budgets: budgetsFromCli(io.env, values.budget),
      // the default name is the project directory's, i.e. the first Compose file's directory
      defaultProjectName: basename(local.workingDir) || 'project',
      noInterpolate: values['no-interpolate'] === true,
      allResources: values['all-resources'] === true,
      ...roleFlag(values),
    },
  };
}

export function processEnv(io: CliIO): Record<string, string> {
  const env = emptyRecord<string>();
  for (const [k, v] of Object.entries(io.env)) if (typeof v === 'string') env[k] = v;
  return env;
}

function validateCommand(values: CliValues, io: CliIO): number {
  const outputs = parseOutputs(values.format, ['text', 'json'], 'text', io.cwd);
  const { bundle, options } = localBundle(values, io);
  const a = validateBundle(bundle, options);
  const code = a.json.valid ? EXIT.ok : EXIT.problems;
  writeOutputs(outputs, (f) => (f === 'json' ? JSON.stringify(a.json, null, 2) + '\n' : a.render(f).body), io, {
    force: values.force === true,
    color: io.color,
    print: !(io.quiet && code === EXIT.ok),
  });
  return code;
}

function configCommand(values: CliValues, io: CliIO, services: string[] = []): number {
  const formats = values.format ?? [];
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
    return EXIT.load;
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
function rawConfigCommand(values: CliValues, io: CliIO, services: string[], format: 'yaml' | 'json'): number {
  if (services.length)
    warn(io, 'service filtering is not applied when --no-interpolate is set, the full model will be rendered');
  const redact = values['no-redact'] !== true;
  const { local, project, masker } = loadLocal(values, io, [], { stage: 'raw', noInterpolate: true });
  if (!project.model) {
    io.stderr(masker.rendered(formatText(project.diagnostics, local.bundle.files)));
    return EXIT.load;
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
function variablesCommand(values: CliValues, io: CliIO, services: string[]): number {
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
    return EXIT.load;
  }
  // a secret-named variable's default is its value when it is unset: masked like the value
  const hide = (name: string, v: string): string =>
    !redact || v === '' ? v : secretLike(name) ? MASK : masker.text(v);
  const vars = Object.values(extractVariables(project.model))
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
    .map((v) => ({ ...v, defaultValue: hide(v.name, v.defaultValue), presenceValue: hide(v.name, v.presenceValue) }));
  const format = values.format?.[0];
  if (format === 'json') {
    const out = emptyRecord<unknown>();
    for (const v of vars)
      out[v.name] = {
        Name: v.name,
        DefaultValue: v.defaultValue,
        PresenceValue: v.presenceValue,
        Required: v.required,
      };
    io.stdout(JSON.stringify(out, null, 4) + '\n');
  } else if (format === 'yaml') {
    const out = emptyRecord<unknown>();
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
