/**
 * `config`: the merged, canonical model as `docker compose config` prints it, its raw form
 * (--no-interpolate) and its variables (--variables). Loaded by commands.ts when `config` runs: the
 * other commands never initialize the model's renderers.
 */
import { loadBudgets, loadProject, ParseCache, type LoadOptions } from '../load/project.js';
import { provenance, formatLocation } from '../load/provenance.js';
import { renderConfig } from '../report/config.js';
import { formatText } from '../report/text.js';
import { extractVariables } from '../interpolate/variables.js';
import { isObject, type TreeObject } from '../yaml/located.js';
import { localProject, UsageError } from './files.js';
import { renderRawModel } from './raw-model.js';
import { Document, Scalar, visit } from 'yaml';
import { basename } from 'node:path';
import { budgetsFromCli } from '../limits.js';
import { projectMasker, secretLike } from '../redact/secrets.js';
import { MASK, type Masker } from '../redact/mask.js';
import { redactObject } from '../report/diff.js';
import { EXIT, processEnv, warn, type CliIO } from './cli-io.js';
import type { CliValues } from './options.js';
import { emptyRecord } from '../records.js';
import { goJsonText } from '../utf8.js';
import { runnerJson, runnerText } from '../report/escape.js';
import { runnerUnsafe } from '../report/go-yaml-style.js';

function loadLocal(values: CliValues, io: CliIO, services: string[] = [], options: LoadOptions = {}) {
  const env = processEnv(io);
  const profiles = values.profile ?? [];
  const local = localProject({
    files: values.file ?? [],
    envFiles: values['env-file'] ?? [],
    profiles,
    env,
    cwd: io.cwd,
    ...(values.root !== undefined ? { root: values.root } : {}),
    ...(io.reads ? { reads: io.reads } : {}),
  });
  for (const w of local.warnings) warn(io, w);
  // the default name is the project directory's, i.e. the first Compose file's directory
  // (compose-go GetWorkingDir + withNamePrecedenceLoad), not the current directory's; one that
  // normalizes to nothing (`プロジェクト`, `--`, `/`) is "project name must not be empty", not `project`
  const dirName = basename(local.workingDir);
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
  // a file with a syntax error: its secret-named lines read from its text (src/redact/collector.ts secretLines)
  const unparsed = cache
    .files()
    .filter((f) => cache.get(f)?.diagnostics.some((d) => d.severity === 'error'))
    .map((f) => local.bundle.files[f])
    .filter((text) => typeof text === 'string');
  const masker = projectMasker(local.bundle, project, trees, loadBudgets({ budgets }).secretChars, unparsed);
  return { local, project, masker };
}

/** `config` masks secret values unless --no-redact: by their names in the model, and every known one anywhere. */
function shownModel(model: TreeObject, masker: Masker, redact: boolean): TreeObject {
  return redact ? redactObject(model, masker) : model;
}

export function configCommand(values: CliValues, io: CliIO, services: string[] = []): number {
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
    io.stderr(masker.rendered(formatText(project.diagnostics, local.bundle.files, { masker })));
    return EXIT.load;
  }
  if (values.services) {
    out(runnerText(Object.keys(isObject(project.model.services) ? project.model.services : {}).join('\n') + '\n'));
    return 0;
  }
  if (values.provenance) {
    const prov = Object.fromEntries(Object.entries(provenance(project.model)).map(([k, l]) => [k, formatLocation(l)]));
    out(format === 'json' ? runnerJson(goJsonText(JSON.stringify(prov, null, 2))) + '\n' : stringify(prov));
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
    io.stderr(masker.rendered(formatText(project.diagnostics, local.bundle.files, { masker })));
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
    io.stderr(masker.rendered(formatText(project.diagnostics, local.bundle.files, { masker })));
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
    io.stdout(runnerJson(JSON.stringify(out, null, 4)) + '\n');
  } else if (format === 'yaml') {
    const out = emptyRecord<unknown>();
    for (const v of vars)
      out[v.name] = {
        name: v.name,
        defaultvalue: v.defaultValue,
        presencevalue: v.presenceValue,
        required: v.required,
      };
    io.stdout(stringify(out));
  } else
    io.stdout(
      runnerText(
        tabwriter([
          ['NAME', 'REQUIRED', 'DEFAULT VALUE', 'ALTERNATE VALUE'],
          ...vars.map((v) => [v.name, String(v.required), v.defaultValue, v.presenceValue]),
        ]),
      ),
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
 * `value` as YAML (yaml's stringify, no line width), a string that would make a line the GitHub
 * Actions runner takes as a workflow command (src/escape-runner.ts) double-quoted with its `##[`
 * written `##\x5b`: every `##[` of the text is then inside double quotes.
 */
function stringify(value: unknown): string {
  const doc = new Document(value);
  visit(doc, {
    Scalar(_key, node) {
      if (typeof node.value === 'string' && runnerUnsafe(node.value)) node.type = Scalar.QUOTE_DOUBLE;
    },
  });
  return doc.toString({ lineWidth: 0 }).replace(/##\[/g, '##\\x5b');
}
