// The first file of environments that load it alike is loaded once per request (src/load/files.ts
// sharedFirstFile): each environment still gets its own model and everything the load told it.
import t from 'tap';
import { loadBundle } from '../src/load/bundle.js';
import { ParseCache } from '../src/load/cache.js';
import type { Bundle } from '../src/bundle/bundle.js';
import type { TreeObject } from '../src/yaml/located.js';

/** Runs `f` counting the first-file loads found kept (another environment's) and the ones asked for. */
function counting<T>(f: () => T): { value: T; found: number; asked: number } {
  const original = ParseCache.prototype.firstLoad;
  let found = 0;
  let asked = 0;
  ParseCache.prototype.firstLoad = function (...args: Parameters<typeof original>) {
    const load = original.apply(this, args);
    asked++;
    if (load) found++;
    return load;
  };
  try {
    return { value: f(), found, asked };
  } finally {
    ParseCache.prototype.firstLoad = original;
  }
}

const base =
  'version: "3"\nservices:\n  api:\n    image: shop/api:${TAG}\n    environment:\n      MODE: ${MODE}\n    ports:\n      - "8080:8080"\n';
const files = {
  'compose.yaml': base,
  'compose.override.yaml': 'services:\n  api:\n    command: npm run dev\n',
  'compose.prod.yaml': 'services:\n  api:\n    read_only: true\n',
  '.env': 'TAG=1.0\n',
};
const services = (m: TreeObject | undefined) => (m?.services ?? {}) as Record<string, TreeObject>;

t.test('environments with the same first file and variables share its load, not its model', async (t) => {
  const { value: r, found, asked } = counting(() => loadBundle({ files }));
  t.equal(asked, 2);
  t.equal(found, 1, 'production took the load development made');
  const [dev, prod] = [r.environments.development, r.environments.production];
  for (const e of [dev, prod]) {
    t.match(
      e.diagnostics.map((d) => d.code),
      ['obsolete-version', 'interpolation-warning'],
      `${e.environment_name}: the first file's warnings`,
    );
    t.same(e.sources, ['compose.yaml', e.files[1]]);
  }
  const [api, prodApi] = [services(dev.model).api, services(prod.model).api];
  t.not(api, prodApi, 'each its own model');
  t.not(api.ports, prodApi.ports);
  t.same(api.command, ['npm', 'run', 'dev']);
  t.notOk(Object.hasOwn(prodApi, 'command'), 'the development override did not reach production');
  t.equal(prodApi.read_only, true);
  t.notOk(Object.hasOwn(api, 'read_only'));
  t.equal(prodApi.image, 'shop/api:1.0');
});

t.test('other variables, or a load that includes, are not shared', async (t) => {
  const bundle: Bundle = {
    files,
    environments: {
      blue: { files: ['compose.yaml'], env: { TAG: 'blue' } },
      green: { files: ['compose.yaml'], env: { TAG: 'green' } },
    },
  };
  const { value: r, found } = counting(() => loadBundle(bundle));
  t.equal(found, 0);
  t.equal(services(r.environments.blue.model).api.image, 'shop/api:blue');
  t.equal(services(r.environments.green.model).api.image, 'shop/api:green');
  const including = {
    files: {
      'compose.yaml': 'include:\n  - inc.yaml\nservices:\n  api:\n    image: x\n',
      'inc.yaml': 'services:\n  db:\n    image: postgres\n',
      'compose.prod.yaml': 'services:\n  api:\n    read_only: true\n',
      'compose.override.yaml': 'services:\n  api:\n    command: x\n',
    },
  };
  const inc = counting(() => loadBundle(including));
  t.equal(inc.found, 0);
  for (const e of Object.values(inc.value.environments)) {
    t.same(Object.keys(services(e.model)).sort(), ['api', 'db']);
    t.same(e.sources.sort(), ['compose.yaml', e.files[1], 'inc.yaml'].sort());
  }
});

t.test("the shared load counts against each environment's budgets", async (t) => {
  // the first file's substitution alone fits the budget; with the second file's, it does not
  const big = 'x'.repeat(60);
  const bundle = {
    files: {
      '.env': `BIG=${big}\n`,
      'compose.yaml': 'services:\n  api:\n    image: x\n    labels:\n      a: ${BIG}\n',
      'compose.override.yaml': 'services:\n  api:\n    labels:\n      b: ${BIG}\n',
      'compose.prod.yaml': 'services:\n  api:\n    labels:\n      c: ${BIG}\n',
    },
  };
  const { value: r, found } = counting(() => loadBundle(bundle, { budgets: { interpolationChars: 100 } }));
  t.equal(found, 1);
  for (const e of Object.values(r.environments))
    t.match(
      e.diagnostics.map((d) => [d.code, d.file]),
      [['interpolation-size-limit', e.files[1]]],
      `${e.environment_name}: over the budget in its second file`,
    );
});

t.test('the variables key tells apart variables however their names and values are cut', async (t) => {
  const { envKeyOf } = await import('../src/load/context.js');
  const sets: Record<string, string>[] = [
    {},
    { A: '' },
    { A: '1' },
    { A: '1:1', B: '2' },
    { A: '1', B: '2' },
    { A: '12', B: '' },
    { A: '1', B2: '' },
    { 'A1:': '1' },
    { A: '11:A1:1' },
  ];
  const keys = sets.map(envKeyOf);
  t.equal(new Set(keys).size, sets.length);
  t.equal(envKeyOf({ B: '2', A: '1' }), envKeyOf({ A: '1', B: '2' }), 'whatever the order');
});
