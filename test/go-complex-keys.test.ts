/**
 * Mapping keys go-yaml v4.0.0-rc.4 does not write as simple keys (internal/libyaml/emitter.go
 * checkSimpleKey ~1053: a multiline scalar, or one of more than 128 bytes): emitBlockMappingKey
 * ~870 writes `?` and the key, emitBlockMappingValue ~883 `:` on a line of its own; the key's style
 * is a value's (selectScalarStyle ~1547: not in simple_key_context, so a literal block may stand),
 * and a collection value starts on the `:` line (writeIndent: no break while `indention` holds).
 */
import t from 'tap';
import { toGoYaml } from '../src/report/config.js';
import { configIn as config } from './helpers/cli.js';
import { parseYaml } from '../src/yaml/parse.js';

t.test('a key of more than 128 bytes: `? key`, `: value`', async (t) => {
  const k128 = 'é'.repeat(64); // 128 bytes: simple
  const k130 = 'é'.repeat(65);
  const long = 'k'.repeat(129);
  const text = toGoYaml({ a: { [k128]: 'v', [k130]: 'w', [long]: ['q', 'r'], [`${long}m`]: { p: 1, q: 2 } } });
  t.equal(
    text,
    `a:\n  ${k128}: v\n  ? ${k130}\n  : w\n  ? ${long}\n  : - q\n    - r\n  ? ${long}m\n  : p: 1\n    q: 2\n`,
  );
  // it reads back to the same model
  t.same(parseYaml(text, 'c.yaml').documents[0].tree, {
    a: { [k128]: 'v', [k130]: 'w', [long]: ['q', 'r'], [`${long}m`]: { p: 1, q: 2 } },
  });
});

t.test('a multiline key: `?` and the style of a value, a literal block where one may stand', async (t) => {
  t.equal(
    toGoYaml({ a: { 'x\ny': 'v', 'l\u2028m': 'w', short: 'z' } }),
    "a:\n  ? |-\n    x\n    y\n  : v\n  ? 'l\u2028  m'\n  : w\n  short: z\n",
  );
});

t.test('config of a service whose label key is long', async (t) => {
  const key = `com.example.${'x'.repeat(130)}`;
  const out = await config(`services:\n  web:\n    image: nginx\n    labels:\n      ${key}: "1"\n`, []);
  t.equal(out.code, 0, out.stderr);
  t.match(out.stdout, `    labels:\n      ? ${key}\n      : "1"\n`);
});
