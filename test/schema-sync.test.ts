import t from 'tap';
import { readFileSync } from 'node:fs';
import { schemaHash, VALIDATOR_FILE } from '../scripts/compile-schema.js';
import { validateSchema } from '../src/validate/schema.js';
import { parseYaml } from '../src/yaml/parse.js';

t.test('the precompiled validator was generated from the vendored schema (npm run schema)', async (t) => {
  t.match(readFileSync(VALIDATOR_FILE, 'utf8').split('\n')[0], `sha256:${schemaHash()}`);
});

t.test('precompiled fast path and full validator agree', async (t) => {
  const ok = parseYaml('services:\n  web:\n    image: nginx\n    ports: ["80:80"]\n', 'c.yaml').documents[0].tree!;
  const bad = parseYaml('services:\n  web:\n    image: nginx\n    portz: ["80:80"]\n', 'c.yaml').documents[0].tree!;
  t.same(validateSchema(ok, 'c.yaml'), []);
  t.match(validateSchema(bad, 'c.yaml'), [{ code: 'schema-unknown-key', line: 4, column: 5 }]);
});

t.test('the committed validator is exactly what the generator writes (npm run schema)', async (t) => {
  const { compileSchema } = await import('../scripts/compile-schema.js');
  t.equal(readFileSync(VALIDATOR_FILE, 'utf8'), compileSchema());
});

t.test('keys named toString / valueOf in unique lists are compared, not called (both validators)', async (t) => {
  // found by the 100k fuzz run: ajv's fast-deep-equal calls a non-Object.prototype toString/valueOf
  const yaml =
    'services:\n  web:\n    image: nginx\n    volumes:\n      - toString: -1\n      - toString: {}\n    ports:\n      - valueOf: 1\n      - valueOf: 1\n';
  const tree = parseYaml(yaml, 'c.yaml').documents[0].tree!;
  const d = validateSchema(tree, 'c.yaml');
  t.match(d, [
    { code: 'schema-required', line: 5 },
    { code: 'schema-unknown-key', line: 5, message: /"toString"/ },
    { code: 'schema-required', line: 6 },
    { code: 'schema-unknown-key', line: 6 },
    { code: 'schema-unknown-key', line: 8, message: /"valueOf"/ },
    { code: 'schema-duplicate-item', line: 9, message: /lists \{"valueOf":1\} twice/ },
    { code: 'schema-unknown-key', line: 9 },
  ]);
});

t.test('a valid file whose unique list holds such keys deep down reaches the precompiled comparison', async (t) => {
  const item =
    '      - type: volume\n        source: data\n        target: /data\n        volume:\n          labels:\n            toString: a\n            valueOf: b\n';
  const ok = parseYaml(`services:\n  web:\n    image: nginx\n    volumes:\n${item}volumes:\n  data: {}\n`, 'c.yaml')
    .documents[0].tree!;
  t.same(validateSchema(ok, 'c.yaml'), [], 'one such item: valid');
  const twice = parseYaml(
    `services:\n  web:\n    image: nginx\n    volumes:\n${item}${item}volumes:\n  data: {}\n`,
    'c.yaml',
  ).documents[0].tree!;
  t.match(
    validateSchema(twice, 'c.yaml'),
    [{ code: 'schema-duplicate-item', path: 'services.web.volumes' }],
    'the same item twice: a duplicate',
  );
});

t.test('jsonEqual: deep equality of JSON-like values, own keys only', async (t) => {
  const { jsonEqual } = await import('../src/validate/equal.js');
  t.ok(jsonEqual({ a: [1, { b: 'x' }] }, { a: [1, { b: 'x' }] }));
  t.notOk(jsonEqual({ a: [1, { b: 'x' }] }, { a: [1, { b: 'y' }] }));
  t.notOk(jsonEqual({ a: 1 }, { a: 1, b: 2 }));
  t.notOk(jsonEqual({ a: 1, c: 2 }, { a: 1, b: 2 }));
  t.notOk(jsonEqual([1, 2], { 0: 1, 1: 2 }));
  t.notOk(jsonEqual([1], [1, 1]));
  t.notOk(jsonEqual(null, {}));
  t.notOk(jsonEqual('1', 1));
  t.ok(jsonEqual(NaN, NaN));
  t.ok(jsonEqual({ toString: -1, valueOf: {} }, { valueOf: {}, toString: -1 }));
  t.notOk(jsonEqual({ toString: -1 }, { toString: 1 }));
});
