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
