// compose-go's project operations and dependency graph as the tests use them: types.Project's methods
// (on a project the test built, or on one an earlier call returned), graph/'s walks, and the small
// Go APIs around them (dependency options, visitor callbacks, the graph the tests build by hand).
// Each call becomes a vector; a method called on a project an earlier call returned is a new vector
// that repeats the earlier calls (`then`), so each state the test asserts on is a vector of its own.
import { posix } from 'node:path';
import type { Checkout, Node } from './source.js';
import { field, kids } from './source.js';
import { type ApiHandler, type Interp, MAP_METHODS, STRUCT_METHODS, SYM_METHODS } from './interp.js';
import { addRepoFiles, json, newVec, results } from './apis.js';
import { Comparison } from './asserts.js';
import { Fn, GoMap, GoStruct, Native, Poison, Sym, Tuple, Typed, Unsupported, type Val, type Vec } from './values.js';

const PROJECT = '*types.Project';
const E = ['error'];

/** The result types of the types.Project methods that have a counterpart (src/project). */
const PROJECT_METHODS: Record<string, string[]> = {
  WithProfiles: [PROJECT, ...E],
  WithServicesEnabled: [PROJECT, ...E],
  WithSelectedServices: [PROJECT, ...E],
  WithServicesDisabled: [PROJECT],
  WithoutUnnecessaryResources: [PROJECT],
  WithServicesEnvironmentResolved: [PROJECT, ...E],
  WithServicesLabelsResolved: [PROJECT, ...E],
  GetServices: ['types.Services', ...E],
  ServicesWithBuild: ['[]string'],
  ServicesWithDependsOn: ['[]string'],
  CheckContainerNameUnicity: E,
  MarshalYAML: ['$yaml-text', ...E],
};

/** Methods with no counterpart, and why. */
const NO_COUNTERPART: Record<string, string> = {
  ServicesWithExtends:
    'types.Project.ServicesWithExtends: a loaded project never has `extends` (the loader resolves it, in compose-go too): no counterpart',
  WithImagesResolved:
    'types.Project.WithImagesResolved resolves image digests with a registry: a remote resource, out of scope',
};

const str = (v: Val): string => {
  if (typeof v === 'string') return v;
  if (v instanceof Typed && typeof v.v === 'string') return v.v;
  if (v instanceof Poison) throw new Unsupported(v.reason);
  throw new Unsupported('string expected');
};

/** The dependency option a test passes (IncludeDependencies, IncludeDependents, IgnoreDependencies). */
function policyOf(opts: Val[]): string | undefined {
  let policy: string | undefined;
  for (const o of opts) {
    const name = o instanceof Native ? o.name : undefined;
    if (name === 'types.IncludeDependencies') policy = 'dependencies';
    else if (name === 'types.IncludeDependents') policy = 'dependents';
    else if (name === 'types.IgnoreDependencies') policy = 'none';
    else throw new Unsupported(`dependency option ${o instanceof Native ? o.name : typeof o}`);
  }
  return policy;
}

/**
 * A visitor callback that only records the services it is called with (`seen = append(seen, name);
 * return nil`, under a mutex or not): the variable it appends to is the visit order, which the
 * vector's result holds. Any other callback is a Go API of the test.
 */
function visitor(fn: Val): { variable: string; returnsName: boolean; scope: Fn['scope'] } {
  if (!(fn instanceof Fn)) throw new Unsupported('a visitor callback that is not a Go func literal');
  const nameParam = fn.params.find((p) => p.type === 'string')?.name;
  const list = kids(fn.body).find((k) => k.type === 'statement_list');
  let variable: string | undefined;
  let returnsName = false;
  for (const st of list ? kids(list) : []) {
    const text = st.text.replace(/\s+/g, ' ');
    if (st.type === 'defer_statement' || /^\w+\.(Lock|Unlock)\(\)$/.test(text)) continue;
    const append = /^(\w+) = append\(\1, (\w+)\)$/.exec(text);
    if (append && append[2] === nameParam) {
      variable = append[1];
      continue;
    }
    if (st.type === 'return_statement') {
      const vals = text.replace(/^return ?/, '').split(', ');
      if (vals.every((v) => v === 'nil' || v === '')) continue;
      if (vals.length === 2 && vals[0] === nameParam && vals[1] === 'nil') {
        returnsName = true;
        continue;
      }
    }
    throw new Unsupported(`a callback that does more than record the services it visits: ${text.slice(0, 60)}`);
  }
  if (!variable) throw new Unsupported('a callback that does not record the services it visits');
  return { variable, returnsName, scope: fn.scope };
}

/** The visit order of a walk, under `$visits` of the vector's result, bound to the test's variable. */
function bindVisits(v: ReturnType<typeof visitor>, vec: Vec): void {
  const b = v.scope.lookup(v.variable);
  if (!b) throw new Unsupported(`the callback appends to ${v.variable}, which the test does not declare`);
  b.v = new Sym(vec, ['$visits'], '[]string');
}

/** A project the test built, as vector JSON (the project's Go-side fields under `$go`). */
function projectJson(i: Interp, p: Val): unknown {
  if (!(p instanceof GoStruct)) throw new Unsupported('a project that is not a Go literal');
  return json(i, p, 'types.Project');
}

/** The data files of the package the project names (env files, label files), by path. */
function projectFiles(i: Interp, checkout: Checkout, data: unknown): Record<string, string> | undefined {
  const files: Record<string, string> = {};
  const text = JSON.stringify(data);
  for (const p of checkout.paths) {
    if (!p.startsWith(`${i.pkg.dir}/`) || p.endsWith('.go')) continue;
    const rel = posix.relative(i.pkg.dir, p);
    if (text.includes(`"${rel}"`)) addRepoFiles(checkout, i.pkg.dir, rel, files);
  }
  return Object.keys(files).length ? files : undefined;
}

function projectCall(
  i: Interp,
  checkout: Checkout,
  method: string,
  project: unknown,
  args: Val[],
  previous?: Vec,
): Val {
  const ctx = { interp: i, node: i.currentNode, test: i.test };
  const step: Record<string, unknown> = { function: `types.Project.${method}` };
  let callback: ReturnType<typeof visitor> | undefined;
  if (method === 'WithSelectedServices' || method === 'ForEachService') {
    const [names, ...rest] = args;
    step.args = [names === null ? null : json(i, names)];
    if (method === 'ForEachService') callback = visitor(rest.shift() ?? null);
    const policy = policyOf(rest);
    if (policy) step.dependencies = policy;
  } else if (method === 'MarshalYAML') {
    if (args.length)
      throw new Unsupported(
        "MarshalYAML(WithSecretContent): compose-review never prints a secret's value (on purpose)",
      );
    step.args = [];
  } else step.args = args.map((a) => json(i, a));
  const types = method === 'ForEachService' ? E : PROJECT_METHODS[method];
  const data: Record<string, unknown> = previous
    ? (JSON.parse(JSON.stringify(previous.data)) as Record<string, unknown>)
    : { project };
  delete data.setup_skipped;
  delete data.error_ignored;
  delete data.error_optional;
  const fn = previous ? previous.function : `types.Project.${method}`;
  if (previous) data.then = [...((data.then as unknown[]) ?? []), step];
  else Object.assign(data, { ...step, function: undefined });
  delete data.function;
  const files = projectFiles(i, checkout, data);
  if (files) data.repo_files = files;
  if (Object.keys(i.test.diskFiles).length) data.disk_files = { ...i.test.diskFiles };
  const vec = newVec(ctx, fn, data, types);
  if (callback) bindVisits(callback, vec);
  return results(vec, types);
}

function graphProject(g: GoStruct): unknown {
  // the graph a test builds by hand (addVertex, addEdge) is the project whose depends_on it stands for
  const services: Record<string, unknown> = {};
  const vertices = g.f.get('vertices');
  if (!(vertices instanceof GoMap)) throw new Unsupported('a graph without vertices');
  for (const [k, v] of vertices.m) {
    const children = v instanceof GoStruct ? v.f.get('children') : null;
    const deps = children instanceof GoMap ? [...children.m.keys()].map(String) : [];
    services[String(k)] = {
      name: String(k),
      ...(deps.length ? { depends_on: Object.fromEntries(deps.map((d) => [d, { required: true }])) } : {}),
    };
  }
  return { services };
}

/** graph.Options the walk functions take: InReverseOrder, WithRootNodesAndDown, WithMaxConcurrency. */
function walkOptions(i: Interp, opts: Val[], into = new GoStruct('graph.Options')): GoStruct {
  for (const o of opts) {
    if (!(o instanceof Native)) throw new Unsupported("a walk option that is not compose-go's");
    o.call([into], i.currentNode);
  }
  return into;
}

function walkVector(i: Interp, fn: string, project: unknown, options: GoStruct, callback: Val, collect: boolean): Val {
  const ctx = { interp: i, node: i.currentNode, test: i.test };
  const data: Record<string, unknown> = { project };
  if (options.f.get('inverse') === true) data.reverse = true;
  const after = options.f.get('after');
  if (Array.isArray(after) && after.length) data.from = after.map(str);
  const v = visitor(callback);
  if (collect && !v.returnsName) throw new Unsupported('a collector that returns something else than the service name');
  if (collect) data.collect = 'name';
  const types = collect ? ['map[string]string', ...E] : E;
  const vec = newVec(ctx, fn, data, types);
  bindVisits(v, vec);
  if (!collect) return results(vec, types);
  return new Tuple([new Sym(vec, ['$results'], 'map[string]string'), new Sym(vec, [], 'error', 'error')]);
}

export function projectApis(t: Map<string, ApiHandler>, checkout: Checkout): void {
  // types.Project methods on a project the test built
  for (const method of [...Object.keys(PROJECT_METHODS), 'ForEachService'])
    STRUCT_METHODS[`types.Project.${method}`] = (i, p, args) =>
      projectCall(i, checkout, method, projectJson(i, p), args);
  for (const [method, reason] of Object.entries(NO_COUNTERPART))
    STRUCT_METHODS[`types.Project.${method}`] = () => {
      throw new Unsupported(reason);
    };
  // GetService on the test's own project: the service it holds (a map read), to change and put back
  STRUCT_METHODS['types.Project.GetService'] = (_i, p, [name]) => {
    const services = p.f.get('Services');
    const s = services instanceof GoMap ? services.m.get(str(name)) : undefined;
    if (!(s instanceof GoStruct)) throw new Unsupported('GetService of a service the test did not build');
    return new Tuple([new GoStruct(s.type, new Map(s.f)), null]);
  };
  STRUCT_METHODS['types.Project.ServicesWithCapabilities'] = (i, p) => {
    const ctx = { interp: i, node: i.currentNode, test: i.test };
    const vec = newVec(ctx, 'types.Project.ServicesWithCapabilities', { project: projectJson(i, p), args: [] }, [
      '[]string',
      '[]string',
      '[]string',
    ]);
    return new Tuple(['capabilities', 'gpu', 'tpu'].map((k) => new Sym(vec, [k], '[]string')));
  };
  // the same methods on a project an earlier call returned: that call again, one more step
  // (MarshalYAML of a loaded project stays the round trip of apis.ts)
  for (const method of [...Object.keys(PROJECT_METHODS), 'ForEachService'].filter((m) => m !== 'MarshalYAML'))
    SYM_METHODS[`types.Project.${method}`] = (i, s, args) => {
      if (s.path.length || !s.vec.function.startsWith('types.Project.'))
        throw new Unsupported(`Go method types.Project.${method} on a project the loader returned`);
      return projectCall(i, checkout, method, undefined, args, s.vec);
    };
  // names of a project's services and resources: sorted keys
  const names = (path: string[]) => (_i: Interp, s: Sym) =>
    new Sym(s.vec, [...s.path, ...path], '[]string', s.kind, [...s.apply, ['keys']]);
  SYM_METHODS['types.Project.ServiceNames'] = names(['services']);
  SYM_METHODS['types.Project.DisabledServiceNames'] = names(['$go', 'DisabledServices']);
  for (const kind of ['Network', 'Volume', 'Secret', 'Config', 'Model'])
    SYM_METHODS[`types.Project.${kind}Names`] = names([`${kind.toLowerCase()}s`]);
  SYM_METHODS['types.Services.GetProfiles'] = (i, s) => {
    if (s.path.length) throw new Unsupported('GetProfiles of part of a result');
    const then = (s.vec.data.then ??= []) as unknown[];
    then.push({ function: 'types.Services.GetProfiles', args: [] });
    return new Sym(s.vec, [], '[]string');
  };
  t.set('types.WithSecretContent', () => {
    throw new Unsupported("MarshalYAML(WithSecretContent): compose-review never prints a secret's value (on purpose)");
  });
  for (const [name, policy] of [
    ['IncludeDependencies', 'dependencies'],
    ['IncludeDependents', 'dependents'],
    ['IgnoreDependencies', 'none'],
  ])
    t.set(`types.${name}`, () => {
      throw new Unsupported(`types.${name} is passed to ForEachService or WithSelectedServices (${policy})`);
    });

  // a service's networks by priority
  STRUCT_METHODS['types.ServiceConfig.NetworksByPriority'] = (i, s) => {
    const ctx = { interp: i, node: i.currentNode, test: i.test };
    return results(
      newVec(ctx, 'types.ServiceConfig.NetworksByPriority', { args: [json(i, s, 'types.ServiceConfig')] }, [
        '[]string',
      ]),
      ['[]string'],
    );
  };
  // the short syntax docker compose hands the Docker API for a mount (`/src:/target:rw,z,shared`)
  STRUCT_METHODS['types.ServiceVolumeConfig.String'] = (i, v) => {
    const ctx = { interp: i, node: i.currentNode, test: i.test };
    return results(
      newVec(ctx, 'types.ServiceVolumeConfig.String', { args: [json(i, v, 'types.ServiceVolumeConfig')] }, ['string']),
      ['string'],
    );
  };

  // graph/: the graph of a project, the walks, and the graph a test builds by hand
  t.set('graph.newGraph', (args, ctx) => {
    const vec = newVec(ctx, 'graph.newGraph', { project: projectJson(ctx.interp, args[0]) }, [
      '*graph.graph[types.ServiceConfig]',
      ...E,
    ]);
    return results(vec, ['*graph.graph[types.ServiceConfig]', ...E]);
  });
  STRUCT_METHODS['graph.graph.addVertex'] = (_i, g, [name, service]) => {
    let vertices = g.f.get('vertices');
    if (!(vertices instanceof GoMap)) g.f.set('vertices', (vertices = new GoMap('map[string]*graph.vertex')));
    const key = str(name);
    vertices.m.set(
      key,
      new GoStruct(
        'graph.vertex',
        new Map<string, Val>([
          ['key', key],
          ['service', service],
          ['children', new GoMap('map[string]*graph.vertex')],
          ['parents', new GoMap('map[string]*graph.vertex')],
        ]),
      ),
    );
    return null;
  };
  STRUCT_METHODS['graph.graph.addEdge'] = (_i, g, [src, dest]) => {
    const vertices = g.f.get('vertices') as GoMap;
    const a = vertices.m.get(str(src));
    const b = vertices.m.get(str(dest));
    if (!(a instanceof GoStruct) || !(b instanceof GoStruct)) throw new Unsupported('addEdge between unknown vertices');
    (a.f.get('children') as GoMap).m.set(str(dest), b);
    (b.f.get('parents') as GoMap).m.set(str(src), a);
    return null;
  };
  STRUCT_METHODS['graph.graph.checkCycle'] = (i, g) => {
    const ctx = { interp: i, node: i.currentNode, test: i.test };
    return results(newVec(ctx, 'graph.checkCycle', { project: graphProject(g) }, E), E);
  };
  t.set(
    'graph.newTraversal',
    ([fn]) =>
      new GoStruct(
        'graph.traversal',
        new Map<string, Val>([
          ['Options', new GoStruct('graph.Options')],
          ['visitor', fn],
        ]),
      ),
  );
  t.set('graph.InReverseOrder', ([o]) => {
    (o as GoStruct).f.set('inverse', true);
    return null;
  });
  t.set(
    'graph.WithRootNodesAndDown',
    ([nodes]) =>
      new Native('graph.WithRootNodesAndDown', ([o]) => {
        (o as GoStruct).f.set('after', nodes);
        return null;
      }),
  );
  // how many services are visited at once does not change which are, nor when each may be
  t.set('graph.WithMaxConcurrency', () => new Native('graph.WithMaxConcurrency', () => null));
  t.set('graph.walk', (args, ctx) => {
    const [, g, trav] = args;
    if (!(g instanceof GoStruct) || !(trav instanceof GoStruct))
      throw new Unsupported('walk of a graph the test did not build');
    return walkVector(
      ctx.interp,
      'graph.walk',
      graphProject(g),
      trav.f.get('Options') as GoStruct,
      trav.f.get('visitor') ?? null,
      false,
    );
  });
  for (const [name, collect] of [
    ['InDependencyOrder', false],
    ['CollectInDependencyOrder', true],
  ] as const)
    t.set(`graph.${name}`, (args, ctx) => {
      const [, project, fn, ...opts] = args;
      return walkVector(
        ctx.interp,
        `graph.${name}`,
        projectJson(ctx.interp, project),
        walkOptions(ctx.interp, opts),
        fn,
        collect,
      );
    });

  // utils.ArrayContains(result, items): every item is in the result (an order Go's map iteration varies)
  t.set('utils.ArrayContains', ([source, items], ctx) => {
    if (!(source instanceof Sym)) throw new Unsupported('ArrayContains on a value the test computed');
    return new Comparison((go) => ctx.interp.addAssertion(source, 'contains_all', items, go));
  });
  // the JSON schema library compose-go validates with, as TestSchema compiles compose-go's schema
  // (the file compose-go embeds): the compilation is a vector, compared with our validator's
  t.set('jsonschema.NewCompiler', () => new GoStruct('jsonschema.Compiler'));
  for (const draft of ['Draft4', 'Draft6', 'Draft7', 'Draft2019', 'Draft2020'])
    t.set(`jsonschema.${draft}`, () => {
      throw new Unsupported(`jsonschema.${draft} is a value`);
    });
  t.set('jsonschema.UnmarshalJSON', ([reader]) => new Tuple([new Typed('$json-text', str(reader)), null]));
  STRUCT_METHODS['jsonschema.Compiler.AddResource'] = (_i, c, [name, doc]) => {
    if (!(doc instanceof Typed) || doc.type !== '$json-text')
      throw new Unsupported('a schema resource that is not a text');
    c.f.set(`resource:${str(name)}`, doc.v);
    return null;
  };
  STRUCT_METHODS['jsonschema.Compiler.DefaultDraft'] = (_i, c, [draft]) => {
    c.f.set('draft', draft instanceof Native ? draft.name.replace(/^jsonschema\./, '') : null);
    return null;
  };
  STRUCT_METHODS['jsonschema.Compiler.Compile'] = (i, c, [name]) => {
    const schema = c.f.get(`resource:${str(name)}`);
    if (typeof schema !== 'string') throw new Unsupported('compiling a schema the test did not add');
    const ctx = { interp: i, node: i.currentNode, test: i.test };
    const data = { schema, draft: c.f.get('draft') ?? null };
    return results(newVec(ctx, 'jsonschema.Compile', data, ['*jsonschema.Schema', ...E]), ['*jsonschema.Schema', ...E]);
  };
  // mapstructure with compose-go's decoder hook, as TestDecodeMapStructure decodes a service: the
  // decoding is a vector (compared with how our loader gives a service compose-go's Go types)
  t.set('loader.decoderHook', () => {
    throw new Unsupported('loader.decoderHook is handed to mapstructure, not called');
  });
  t.set('mapstructure.ComposeDecodeHookFunc', (hooks) => {
    const names = hooks.map((h) => (h instanceof Native ? h.name : '?'));
    if (names.join() !== 'loader.decoderHook') throw new Unsupported(`decode hooks ${names.join(', ')}`);
    return new Typed('$decode-hook', names.join());
  });
  t.set(
    'mapstructure.NewDecoder',
    ([config]) => new Tuple([new GoStruct('mapstructure.Decoder', new Map([['config', config]])), null]),
  );
  STRUCT_METHODS['mapstructure.Decoder.Decode'] = (i, d, [input]) => {
    const config = d.f.get('config');
    const hook = config instanceof GoStruct ? config.f.get('DecodeHook') : undefined;
    const result = config instanceof GoStruct ? config.f.get('Result') : undefined;
    if (!(hook instanceof Typed) || config?.f.get('TagName') !== 'yaml' || !(result instanceof GoStruct))
      throw new Unsupported("mapstructure without compose-go's decoder hook and yaml tags");
    const ctx = { interp: i, node: i.currentNode, test: i.test };
    const vec = newVec(ctx, 'mapstructure.Decode', { go_type: result.type, input: json(i, input), hook: hook.v }, [
      result.type,
      ...E,
    ]);
    // the test reads the decoded struct back through the variable it pointed Result at
    for (let sc: typeof i.currentScope | undefined = i.currentScope; sc; sc = sc.parent)
      for (const b of sc.vars.values()) if (b.v === result) b.v = new Sym(vec, [], result.type);
    return new Sym(vec, [], 'error', 'error');
  };
  // a variable as the loader looks it up in the environment it was given (case-sensitive on Linux)
  STRUCT_METHODS['types.ConfigDetails.LookupEnv'] = (i, cd, [key]) => {
    const ctx = { interp: i, node: i.currentNode, test: i.test };
    const env = cd.f.get('Environment') ?? null;
    const vec = newVec(
      ctx,
      'types.ConfigDetails.LookupEnv',
      { env: env === null ? null : json(i, env), args: [str(key)] },
      ['string', 'bool'],
    );
    return new Tuple([new Sym(vec, ['value'], 'string'), new Sym(vec, ['ok'], 'bool')]);
  };
  t.set('utils.NewSet', () => {
    throw new Unsupported('Go utility functions with no counterpart');
  });
  MAP_METHODS['types.Extensions.Get'] = () => {
    throw new Unsupported('types.Extensions.Get decodes an x-* extension into a Go struct of the caller: a Go API');
  };
  // utils.Set as the graph tests fill it
  MAP_METHODS['utils.Set.AddAll'] = (_i, m, items) => {
    for (const x of items) m.m.set(str(x), new GoStruct('struct{}'));
    return null;
  };
  MAP_METHODS['utils.Set.Add'] = MAP_METHODS['utils.Set.AddAll'];
}

/** The identifier a method was called on (`l.DecodeMapstructure(...)` -> `l`), to bind its new value. */
export function receiverOf(call: Node): string | undefined {
  const fnNode = field(call, 'function');
  const operand = fnNode?.type === 'selector_expression' ? field(fnNode, 'operand') : null;
  return operand?.type === 'identifier' ? operand.text : undefined;
}
