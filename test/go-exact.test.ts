/**
 * Loading and printing as compose-go and go-yaml do, for shapes the corpus lacks: integers past
 * JavaScript's safe range, strings go-yaml's encoder quotes, empty documents, repeated `<<` keys,
 * NaN and infinities. Each expectation cites the Go source it is read from.
 */
import t from 'tap';
import { join } from 'node:path';
import { writeFileSync } from 'node:fs';
import { tempDir } from './helpers/temp.js';
import { main } from '../src/cli/main.js';

/** `compose-review config ARGS` in a directory holding compose.yaml (and `more` files). */
async function config(compose: string, args: string[] = [], more: Record<string, string> = {}) {
  const dir = tempDir('cr-exact-');
  writeFileSync(join(dir, 'compose.yaml'), compose);
  for (const [name, text] of Object.entries(more)) writeFileSync(join(dir, name), text);
  let stdout = '';
  let stderr = '';
  const code = await main(['config', '-p', 'p', ...args], {
    stdout: (s) => (stdout += s),
    stderr: (s) => (stderr += s),
    env: {},
    cwd: dir,
  });
  return { code, stdout, stderr };
}

t.test('integers past 2^53 keep their digits (go-yaml int64/uint64; fmt.Sprint, encoding/json, go-yaml)', async (t) => {
  const compose = [
    'x-n: 123456789012345678',
    'x-u: 18446744073709551615',
    'x-l: [9007199254740993, 0x1FFFFFFFFFFFFFF]',
    'x-a: &big 9007199254740995',
    'services:',
    '  web:',
    '    image: x',
    '    environment: {A: 123456789012345678, B: *big}',
    '    labels:',
    '      id: 9007199254740993',
    '    cpu_shares: 9007199254740993',
    '    build: {context: ., args: {N: 1_000_000_000_000_000_001}}',
    '',
  ].join('\n');
  const override = 'services:\n  web:\n    environment:\n      - C=1\n';
  const yaml = await config(compose, [], { 'compose.override.yaml': override });
  t.equal(yaml.code, 0, yaml.stderr);
  // types/mapping.go and labels.go: fmt.Sprint of the int64; the list merge (override/merge.go
  // convertIntoSequence) writes `A=123456789012345678` with fmt.Sprint too
  t.match(yaml.stdout, 'A: "123456789012345678"');
  t.match(yaml.stdout, 'B: "9007199254740995"');
  t.match(yaml.stdout, 'id: "9007199254740993"');
  t.match(yaml.stdout, '"N": "1000000000000000001"');
  // an int64 field and `x-*` values (int, uint64) print as numbers, digit for digit
  t.match(yaml.stdout, 'cpu_shares: 9007199254740993\n');
  t.match(yaml.stdout, 'x-n: 123456789012345678\n');
  t.match(yaml.stdout, 'x-u: 18446744073709551615\n');
  t.match(yaml.stdout, '  - 9007199254740993\n  - 144115188075855871\n');
  const json = await config(compose, ['--format', 'json'], { 'compose.override.yaml': override });
  t.equal(json.code, 0, json.stderr);
  t.match(json.stdout, '"cpu_shares": 9007199254740993,');
  t.match(json.stdout, '"x-n": 123456789012345678,');
  t.match(json.stdout, '"A": "123456789012345678"');
  // the layout of JSON.stringify's (json.MarshalIndent's), the digits put back
  const digits: [RegExp, string][] = [
    [/123456789012345680/g, '123456789012345678'],
    [/9007199254740992/g, '9007199254740993'],
    [/9007199254740996/g, '9007199254740995'],
    [/18446744073709552000/g, '18446744073709551615'],
    [/144115188075855870/g, '144115188075855871'],
  ];
  let expected = JSON.stringify(JSON.parse(json.stdout), null, 2) + '\n';
  for (const [lossy, exact] of digits) expected = expected.replace(lossy, exact);
  t.equal(json.stdout, expected);
});
