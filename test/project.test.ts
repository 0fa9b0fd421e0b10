// src/project: the project operations docker compose applies to a loaded project (compose-go
// types/project.go, graph/). The conformance vectors of types/project_test.go and graph/graph_test.go
// run them too; these are the cases those do not reach.
import t from 'tap';
import {
  dependencyGraph,
  dependencyOrder,
  matchName,
  networksByPriority,
  ProjectError,
  servicesInOrder,
  servicesWithCapabilities,
  withoutUnnecessaryResources,
  withProfiles,
  withSelectedServices,
  withServicesDisabled,
  withServicesEnabled,
} from '../src/project/index.js';
import { loadProject } from '../src/load/project.js';
import { provenance } from '../src/load/provenance.js';
import type { TreeObject } from '../src/yaml/located.js';

const model = (services: Record<string, TreeObject>, rest: TreeObject = {}): TreeObject => ({ services, ...rest });
const dep = (...names: string[]): TreeObject =>
  Object.fromEntries(names.map((n) => [n, { condition: 'service_started', required: true }]));

t.test('matchName is Go filepath.Match', async (t) => {
  const cases: [string, string, boolean][] = [
    ['web*', 'web-1', true],
    ['web*', 'api', false],
    ['*', '', true],
    ['a*b*c', 'axxbyyc', true],
    ['a*b*c', 'axxbyy', false],
    ['w?b', 'web', true],
    ['w?b', 'w/b', false],
    ['*', 'a/b', false],
    ['[a-c]x', 'bx', true],
    ['[^a-c]x', 'bx', false],
    ['[^a-c]x', 'dx', true],
    ['\\*', '*', true],
    ['\\*', 'a', false],
    ['[]a]', 'a', false], // ErrBadPattern: matches nothing
    ['[a', 'a', false],
    ['[a-]', 'a', false],
    ['a\\', 'a', false],
    ['[é-ë]', 'ê', true],
  ];
  for (const [p, n, want] of cases) t.equal(matchName(p, n), want, `${p} ~ ${n}`);
});

t.test('profiles: WithProfiles splits enabled and disabled, WithServicesEnabled adds the profiles', async (t) => {
  const p = model({
    a: { image: 'x' },
    b: { image: 'x', profiles: ['debug'] },
    c: { image: 'x', profiles: ['other'] },
  });
  const off = withProfiles({ model: p }, []);
  t.same(Object.keys(off.model.services as TreeObject), ['a']);
  t.same(Object.keys(off.disabled), ['b', 'c']);
  const on = withServicesEnabled(off, ['b']);
  t.same(on.profiles, ['debug']);
  t.same(Object.keys(on.model.services as TreeObject).sort(), ['a', 'b']);
  t.same(Object.keys(withProfiles(off, ['*']).model.services as TreeObject).sort(), ['a', 'b', 'c']);
  t.same(Object.keys(p.services as TreeObject), ['a', 'b', 'c'], 'the input is unchanged');
});

t.test('servicesInOrder: dependencies first, dependents, none; unknown names', async (t) => {
  const p = { model: model({ a: { depends_on: dep('b') }, b: { depends_on: dep('c') }, c: {}, d: {} }) };
  t.same(servicesInOrder(p, ['a']), ['c', 'b', 'a']);
  t.same(servicesInOrder(p, null), ['c', 'b', 'a', 'd']);
  t.same(servicesInOrder(p, ['c'], { dependencies: 'dependents' }), ['a', 'b', 'c']);
  t.same(servicesInOrder(p, ['a'], { dependencies: 'none' }), ['a']);
  t.same(servicesInOrder(p, ['?']), ['c', 'b', 'a', 'd']);
  t.throws(() => servicesInOrder(p, ['nope']), new ProjectError('no-such-service', 'no such service: nope', 'nope'));
  const optional = { model: model({ a: { depends_on: { gone: { required: false } } } }) };
  t.same(servicesInOrder(optional, ['a']), ['a'], 'a missing optional dependency is passed over');
  const required = { model: model({ a: { depends_on: dep('gone') } }) };
  t.throws(() => servicesInOrder(required, ['a']), { message: 'no such service: gone' });
});

t.test('a chain of 20,000 dependencies walks without overflowing the stack', async (t) => {
  const services: Record<string, TreeObject> = {};
  for (let i = 0; i < 20_000; i++) services[`s${i}`] = i ? { depends_on: dep(`s${i - 1}`) } : {};
  const p = { model: model(services) };
  t.equal(servicesInOrder(p, ['s19999']).length, 20_000);
  t.equal(dependencyOrder(p)[0], 's0');
  t.equal(withSelectedServices(p, ['s10']).disabled.s11 !== undefined, true);
});

t.test('WithSelectedServices keeps the selection and drops depends_on on what it disables', async (t) => {
  const p = {
    model: model({ web: { depends_on: dep('db') }, db: {}, worker: { depends_on: dep('db', 'web') } }),
  };
  const sel = withSelectedServices(p, ['web']);
  t.same(Object.keys(sel.model.services as TreeObject).sort(), ['db', 'web']);
  t.same(Object.keys(sel.disabled), ['worker']);
  const nodeps = withSelectedServices(p, ['worker'], { dependencies: 'none' });
  t.same(sel.model.services, { web: { depends_on: dep('db') }, db: {} });
  t.same((nodeps.model.services as TreeObject).worker, {}, 'no depends_on entry is left');
  const off = withServicesDisabled(p, ['db']);
  t.same(off.model.services, { web: {}, worker: { depends_on: dep('web') } });
  t.same(Object.keys(off.disabled), ['db']);
});

t.test('WithoutUnnecessaryResources keeps what enabled services use, in place', async (t) => {
  const p = model(
    {
      a: {
        networks: { front: null },
        volumes: [{ type: 'volume', source: 'data', target: '/d' }],
        secrets: [{ source: 's' }],
        build: { context: '.', secrets: [{ source: 'b' }] },
      },
    },
    {
      networks: { front: {}, back: {} },
      volumes: { data: {}, other: {} },
      secrets: { s: {}, b: {}, unused: {} },
      configs: { c: {} },
      'x-extra': 1,
    },
  );
  const out = withoutUnnecessaryResources({ model: p });
  t.same(Object.keys(out.model), ['services', 'networks', 'volumes', 'secrets', 'x-extra']);
  t.same(out.model.secrets, { s: {}, b: {} });
  t.same(Object.keys(p.networks as TreeObject), ['front', 'back'], 'the input is unchanged');
});

t.test('dependencyGraph: compose-go errors; dependencyOrder: waves by name', async (t) => {
  t.throws(() => dependencyGraph({ model: model({ a: { depends_on: dep('b') } }) }), {
    message: 'service "a" depends on unknown service "b"',
  });
  t.throws(
    () =>
      dependencyGraph({
        model: model({ a: { depends_on: dep('b') } }),
        disabled: { b: { profiles: ['x', 'y'] } },
      }),
    { message: 'service "b" is required by "a" but is disabled. Can be enabled by profiles [x y]' },
  );
  // compose-go's search from A enters the cycle at Z: the message starts there, not at its smallest name
  t.throws(
    () =>
      dependencyGraph({
        model: model({ A: { depends_on: dep('Z') }, Z: { depends_on: dep('Y') }, Y: { depends_on: dep('Z') } }),
      }),
    { message: 'dependency cycle detected: Z -> Y -> Z', code: 'dependency-cycle' },
  );
  const p = {
    model: model({ web: { depends_on: dep('db', 'cache') }, db: {}, cache: {}, admin: { depends_on: dep('db') } }),
  };
  t.same(dependencyGraph(p).db, { dependencies: [], dependents: ['admin', 'web'] });
  t.same(dependencyOrder(p), ['cache', 'db', 'admin', 'web']);
  t.same(dependencyOrder(p, { reverse: true }), ['admin', 'web', 'cache', 'db']);
  t.same(dependencyOrder(p, { reverse: true, from: ['cache'] }), ['web', 'cache']);
});

t.test('the loader: config SERVICE through the project operations, provenance kept', async (t) => {
  const files = {
    'compose.yaml': [
      'services:',
      '  web:',
      '    image: nginx',
      '    depends_on: [db]',
      '  db:',
      '    image: postgres',
      '  other:',
      '    image: busybox',
      '  debug:',
      '    image: busybox',
      '    profiles: [debug]',
      '',
    ].join('\n'),
  };
  const loaded = loadProject({ files }, { files: ['compose.yaml'] }, { services: ['web'] });
  t.same(loaded.diagnostics, []);
  t.same(Object.keys((loaded.model as TreeObject).services as TreeObject).sort(), ['db', 'web']);
  t.same(loaded.disabledServices, ['debug', 'other']);
  t.match(provenance(loaded.model as TreeObject)['services.db.image'], { file: 'compose.yaml', line: 6 });
  const missing = loadProject({ files }, { files: ['compose.yaml'] }, { services: ['nope'] });
  t.match(missing.diagnostics, [{ code: 'no-such-service', message: 'no such service: nope', file: 'compose.yaml' }]);
});

t.test('servicesWithCapabilities and networksByPriority', async (t) => {
  const dev = (caps: string[]) => ({ deploy: { resources: { reservations: { devices: [{ capabilities: caps }] } } } });
  t.same(servicesWithCapabilities({ model: model({ a: dev(['gpu']), b: dev(['tpu', 'compute']), c: {} }) }), {
    capabilities: ['a', 'b'],
    gpu: ['a'],
    tpu: ['b'],
  });
  t.same(networksByPriority({ networks: { a: null, b: { priority: 5 }, c: { priority: 5 } } }), ['b', 'c', 'a']);
});
