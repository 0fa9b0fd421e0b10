/**
 * fixtures/compose-go/ vectors of compose-go's project operations and dependency graph (types.Project
 * methods, graph/), run on src/project, and of the small Go APIs with a counterpart elsewhere: a
 * service's networks by priority, dotenv's statement start, the volume path test, `KEY=VALUE`
 * mappings and labels, yaml.Marshal / json.Marshal of compose-go's types compared with our `config`
 * output. A project the Go test built is Go data: a field it did not set is Go's zero value
 * (`required: false` for a dependency or an env file), where a Compose file's default is true.
 */
import { parse, stringify } from 'yaml';
import {
  dependencyGraph,
  dependencyOrder,
  networksByPriority,
  profilesOf,
  servicesInOrder,
  servicesWithBuild,
  servicesWithCapabilities,
  servicesWithDependsOn,
  withoutUnnecessaryResources,
  withProfiles,
  withSelectedServices,
  withServicesDisabled,
  withServicesEnabled,
  ProjectError,
  type DependencyPolicy,
  type Project,
} from '../../../src/project/index.js';
import { loadProject } from '../../../src/load/project.js';
import { makeLookup } from '../../../src/load/context.js';
import { toConfigShape } from '../../../src/load/shape.js';
import { validateSemantics } from '../../../src/validate/semantic.js';
import { compileSchema } from '../../../src/validate/validators.js';
import { renderConfig } from '../../../src/report/config.js';
import { statementStart } from '../../../src/interpolate/dotenv.js';
import { isFilePath, volumeString } from '../../../src/syntax/volumes.js';
import { isWindowsAbs } from '../../../src/load/paths.js';
import { parseUnitBytes } from '../../../src/normalize/units.js';
import { isObject, type Tree, type TreeObject } from '../../../src/yaml/located.js';
import { judge, judgeDiagnostics, outcome, type Outcome } from './compose-go.js';
import { at, goModel } from './loader.js';
import { fail, skip, type Adapter, type Vector, type VectorResult } from '../types.js';

type Step = { function: string; args?: unknown[]; dependencies?: DependencyPolicy };

const clone = <T>(v: T): T => JSON.parse(JSON.stringify(v ?? null)) as T;

/** A Go zero value the test left out, where the Compose default differs: `required` is false. */
function goZeroes(services: unknown): TreeObject {
  const out = (isObject(services as Tree) ? clone(services) : {}) as TreeObject;
  for (const s of Object.values(out)) {
    if (!isObject(s)) continue;
    if (isObject(s.depends_on))
      for (const d of Object.values(s.depends_on)) if (isObject(d) && d.required === undefined) d.required = false;
    if (Array.isArray(s.env_file))
      for (const f of s.env_file) if (isObject(f) && f.required === undefined) f.required = false;
  }
  return out;
}

/** The project of a vector: the model, with its Go-side fields (`$go`) as the Project's other parts. */
function goProject(p: unknown): Project & { environment: Record<string, string> } {
  const { $go, ...rest } = clone((p ?? {}) as TreeObject & { $go?: Record<string, unknown> });
  const model: TreeObject = { ...rest };
  if (isObject(model.services)) model.services = goZeroes(model.services);
  const go = ($go ?? {}) as Record<string, unknown>;
  return {
    model,
    disabled: goZeroes(go.DisabledServices),
    profiles: Array.isArray(go.Profiles) ? (go.Profiles as string[]) : [],
    environment: (isObject(go.Environment as Tree) ? go.Environment : {}) as Record<string, string>,
  };
}

const asValue = (p: Project): unknown => ({
  ...p.model,
  $go: { DisabledServices: p.disabled ?? {}, Profiles: p.profiles ?? [] },
});

/**
 * WithServicesEnvironmentResolved / WithServicesLabelsResolved are steps of our loader: the project,
 * written as a Compose file (JSON is YAML), is loaded with the data files of the test's package and
 * the project's environment, the loader's other checks skipped as a Project method has none.
 */
function resolvedByLoader(v: Vector, p: ReturnType<typeof goProject>, discard: boolean): Outcome {
  // the files the test wrote under its temporary directory ($TMPDIR) are the bundle's .tmp/
  const tmp = (path: string): string => path.replace(/^\$TMPDIR(?=\/|$)/, '.tmp');
  const files: Record<string, string> = { ...((v.repo_files ?? {}) as Record<string, string>) };
  for (const [path, text] of Object.entries((v.disk_files ?? {}) as Record<string, string>)) files[tmp(path)] = text;
  files['compose.json'] = JSON.stringify({ services: p.model.services ?? {} }).replaceAll('"$TMPDIR/', '".tmp/');
  const loaded = loadProject(
    { files },
    { files: ['compose.json'], env: p.environment },
    {
      skipSchema: true,
      skipConsistencyCheck: true,
      skipNormalization: true,
      noInterpolate: true,
      keepEnvFiles: !discard,
      allResources: true,
      defaultProjectName: 'project',
      projectNameFromEnv: false,
    },
  );
  const errors = loaded.diagnostics.filter((d) => d.severity === 'error');
  if (errors.length || !loaded.model) return { error: errors.map((d) => d.message).join('\n') || 'no model' };
  return { value: asValue({ model: goModel(loaded.model) as TreeObject }) };
}

/** One types.Project method on a project: the next project, or the method's answer. */
function projectStep(v: Vector, p: ReturnType<typeof goProject>, step: Step): Project | { value: unknown } | Outcome {
  const args = step.args ?? [];
  const names = (args as (string | null)[]).filter((n): n is string => typeof n === 'string');
  switch (step.function.replace(/^types\.Project\./, '')) {
    case 'WithProfiles':
      return withProfiles(p, (args[0] ?? []) as string[]);
    case 'WithServicesEnabled':
      return withServicesEnabled(p, names);
    case 'WithSelectedServices':
      return withSelectedServices(p, (args[0] ?? []) as string[], { dependencies: step.dependencies });
    case 'WithServicesDisabled':
      return withServicesDisabled(p, names);
    case 'WithoutUnnecessaryResources':
      return withoutUnnecessaryResources(p);
    case 'ForEachService':
      return {
        value: { $visits: servicesInOrder(p, args[0] as string[] | null, { dependencies: step.dependencies }) },
      };
    case 'GetServices': {
      // a lookup by name (compose-go: `no such service: NAME: not found`)
      const services = isObject(p.model.services) ? p.model.services : {};
      const missing = names.find((n) => !Object.hasOwn(services, n));
      if (missing) return { error: `no such service: ${missing}: not found` };
      return { value: names.length ? Object.fromEntries(names.map((n) => [n, services[n]])) : services };
    }
    case 'ServicesWithBuild':
      return { value: servicesWithBuild(p) };
    case 'ServicesWithDependsOn':
      return { value: servicesWithDependsOn(p) };
    case 'ServicesWithCapabilities':
      return { value: servicesWithCapabilities(p) };
    case 'MarshalYAML':
      return { value: renderConfig(p.model, 'yaml', { noInterpolate: true }) };
    case 'WithServicesEnvironmentResolved':
    case 'WithServicesLabelsResolved':
      return resolvedByLoader(v, p, args[0] === true);
  }
  throw new Error(`no project step ${step.function}`);
}

function projectVector(v: Vector): VectorResult {
  const first: Step = { function: v.function, args: v.args, dependencies: v.dependencies };
  const steps: Step[] = [first, ...((v.then ?? []) as Step[])];
  if (v.function === 'types.Project.CheckContainerNameUnicity') {
    const p = goProject(v.project);
    const errors = validateSemantics(p.model).filter((d) => d.code === 'duplicate-container-name');
    return judgeDiagnostics(v, errors);
  }
  const out = outcome(() => {
    let p: ReturnType<typeof goProject> | Project = goProject(v.project);
    let value: unknown;
    for (const step of steps) {
      if (step.function === 'types.Services.GetProfiles') {
        value = profilesOf(value as Record<string, unknown>);
        continue;
      }
      const r = projectStep(v, { environment: {}, ...p } as ReturnType<typeof goProject>, step);
      if ('error' in r) throw new ProjectError('no-such-service', r.error, '');
      if ('value' in r) value = r.value;
      else {
        p = r;
        value = asValue(r);
      }
    }
    return value;
  });
  return judge(v, out);
}

/** graph/: the graph of a project, its cycle check, and the walks (visit order under `$visits`). */
function graphVector(v: Vector): VectorResult {
  const p = goProject(v.project);
  return judge(
    v,
    outcome(() => {
      if (v.function === 'graph.checkCycle') return dependencyGraph(p) && null;
      if (v.function === 'graph.newGraph') {
        const g = dependencyGraph(p);
        const set = (names: string[]) => Object.fromEntries(names.map((n) => [n, {}]));
        return {
          vertices: Object.fromEntries(
            Object.entries(g).map(([n, x]) => [
              n,
              { key: n, service: { name: n }, children: set(x.dependencies), parents: set(x.dependents) },
            ]),
          ),
        };
      }
      const order = dependencyOrder(p, { reverse: v.reverse === true, from: v.from as string[] | undefined });
      return { $visits: order, $results: Object.fromEntries(order.map((n) => [n, n])) };
    }),
  );
}

// ------------------------------------------------------------------ yaml.Marshal, json.Marshal

/** Where our model holds a value of a compose-go type: printed as `config` prints that place. */
const PLACES: Record<string, (v: Tree) => [TreeObject, string[]]> = {
  'types.ServiceConfig': (v) => [{ services: { s: v } }, ['services', 's']],
  'types.BuildConfig': (v) => [{ services: { s: { build: v } } }, ['services', 's', 'build']],
  'types.UnitBytes': (v) => [{ services: { s: { shm_size: v } } }, ['services', 's', 'shm_size']],
};

const read = (format: string, text: string): unknown => (format === 'json' ? JSON.parse(text) : parse(text));
const write = (format: string, data: unknown): string => (format === 'json' ? JSON.stringify(data) : stringify(data));

/** Marshal: the value as our `config` output prints it in that format (a struct of such values, field by field). */
function encode(format: string, type: string, value: unknown, types?: Record<string, string>): unknown {
  const place = PLACES[type];
  if (place) {
    const [model, path] = place(value as Tree);
    return at(read(format, renderConfig(model, format as 'yaml' | 'json', { noInterpolate: true })) as Tree, path)
      .value;
  }
  if (isObject(value as Tree) && types && !type.startsWith('map['))
    return Object.fromEntries(
      Object.entries(value as object).map(([k, x]) => [k, types[k] ? encode(format, types[k], x) : x]),
    );
  if (type.startsWith('map[') || type === 'any') return value;
  throw new Error(`no counterpart for marshalling ${type}`);
}

/** Unmarshal: the document, with a UnitBytes read by our decoder. */
function decode(format: string, type: string, text: string): unknown {
  const data = read(format, text);
  if (type !== 'types.UnitBytes') return data;
  if (typeof data === 'number' && Number.isInteger(data)) return data;
  if (typeof data === 'string') return parseUnitBytes(data);
  throw new Error(`cannot unmarshal ${JSON.stringify(data)} into UnitBytes`);
}

function marshalVector(v: Vector): VectorResult {
  const format = String(v.function).split('.')[0];
  const steps = [{ function: v.function, go_type: v.go_type as string }, ...((v.then ?? []) as Step[])];
  if (!PLACES[v.go_type] && !v.value_types) return skip(`marshalling ${v.go_type} has no counterpart`);
  return judge(
    v,
    outcome(() => {
      const outputs: unknown[] = [];
      let current: unknown = v.value;
      let type = v.go_type as string;
      for (const step of steps as (Step & { go_type?: string })[]) {
        const [fmt, op] = step.function.split('.');
        if (op === 'Marshal') current = write(fmt, encode(fmt, type, current, v.value_types));
        else {
          type = step.go_type ?? 'any';
          current = decode(fmt, type, current as string);
        }
        outputs.push(current);
      }
      return { $steps: outputs };
    }),
  );
}

// ------------------------------------------------------------------ small Go APIs with a counterpart

const noLookup = (): undefined => undefined;

const HANDLERS: Record<string, (v: Vector) => VectorResult> = {
  'types.ServiceConfig.NetworksByPriority': (v) =>
    judge(v, { value: networksByPriority(goZeroes({ s: v.args[0] }).s as TreeObject) }),
  'dotenv.getStatementStart': (v) => judge(v, { value: statementStart(v.content as string) }),
  'format.isFilePath': (v) => judge(v, { value: isFilePath(v.args[0] as string) }),
  'paths.IsWindowsAbs': (v) => judge(v, { value: isWindowsAbs(v.args[0] as string) }),
  'types.ServiceVolumeConfig.String': (v) => judge(v, { value: volumeString(v.args[0] as Record<string, unknown>) }),
  // types.Mapping: a `KEY` item is "" (as labels are); types.MappingWithEquals: nil (as environment is)
  'types.NewMapping': (v) =>
    judge(
      v,
      outcome(() => shaped('labels', v.args[0])),
    ),
  'types.NewMappingWithEquals': (v) =>
    judge(
      v,
      outcome(() => shaped('environment', v.args[0])),
    ),
  'types.Labels.DecodeMapstructure': (v) =>
    judge(
      v,
      outcome(() => shaped('labels', v.args[0])),
    ),
  'graph.newGraph': graphVector,
  'graph.checkCycle': graphVector,
  'graph.walk': graphVector,
  'graph.InDependencyOrder': graphVector,
  'graph.CollectInDependencyOrder': graphVector,
  // compose-go's schema (the file it embeds) compiled by our validator's compiler (draft 2020-12)
  'jsonschema.Compile': (v) =>
    v.draft !== 'Draft2020'
      ? skip(`compose-review's validator compiles draft 2020-12 schemas, not ${v.draft}`)
      : judge(v, compiled(v.schema as string)),
  // mapstructure with compose-go's decoder hook into a ServiceConfig: the loader's Go shapes of a service
  'mapstructure.Decode': (v) =>
    v.go_type !== 'types.ServiceConfig'
      ? skip(`decoding into ${v.go_type} on its own is a Go API`)
      : judge(
          v,
          outcome(() => {
            const model = toConfigShape({ services: { s: clone(v.input) as Tree } }, noLookup);
            return ((goModel(model) as TreeObject).services as TreeObject).s;
          }),
        ),
  // the loader's lookup of a variable in the environment it was given (src/load/context.ts)
  'types.ConfigDetails.LookupEnv': (v) => {
    // case_insensitive_env: the test set compose-go's isCaseInsensitiveEnvVars (its value on Windows)
    const value = makeLookup(
      (v.env ?? {}) as Record<string, string>,
      v.case_insensitive_env === true,
    )(String(v.args[0]));
    return judge(v, { value: { value: value ?? '', ok: value !== undefined } });
  },
  'yaml.Marshal': marshalVector,
  'json.Marshal': marshalVector,
};

function compiled(schema: string): Outcome {
  try {
    return { value: typeof compileSchema(JSON.parse(schema) as Record<string, unknown>).validate };
  } catch (e) {
    return { error: (e as Error).message };
  }
}

/** A service key decoded as the loader decodes it into compose-go's type (src/load/shape.ts). */
function shaped(key: string, value: unknown): Tree {
  const model = toConfigShape({ services: { s: { [key]: value as Tree } } }, noLookup);
  return ((model.services as TreeObject).s as TreeObject)[key];
}

function run(v: Vector): VectorResult {
  const fn = String(v.function);
  if (fn.startsWith('types.Project.')) return projectVector(v);
  const h = HANDLERS[fn];
  return h ? h(v) : fail(`no handler for ${fn}`);
}

const PROJECT_FUNCTIONS = [
  'WithProfiles',
  'WithServicesEnabled',
  'WithSelectedServices',
  'WithServicesDisabled',
  'WithoutUnnecessaryResources',
  'ForEachService',
  'GetServices',
  'ServicesWithBuild',
  'ServicesWithDependsOn',
  'ServicesWithCapabilities',
  'CheckContainerNameUnicity',
  'MarshalYAML',
  'WithServicesEnvironmentResolved',
  'WithServicesLabelsResolved',
].map((m) => `types.Project.${m}`);

const adapter: Adapter = { files: [], functions: [...PROJECT_FUNCTIONS, ...Object.keys(HANDLERS)], run };
export default adapter;
