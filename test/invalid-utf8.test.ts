/**
 * A Compose file that is not UTF-8 is refused at its first bad byte, as compose-go's YAML reader
 * refuses it, whichever way it arrives: a JSON body (its strings' bytes), a file the CLI reads,
 * standard input. Read as UTF-8 with U+FFFD it would have been reported valid.
 */
import t from 'tap';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { writeFileSync } from 'node:fs';
import { buildApp } from '../src/api/app.js';
import { main } from '../src/cli/main.js';
import { readStdin } from '../src/cli/io.js';
import { tempDir } from './helpers/temp.js';

const BAD = Buffer.concat([Buffer.from('services:\n  a:\n    image: "x'), Buffer.from([0xff]), Buffer.from('"\n')]);

t.test('a JSON body whose file holds a byte that is not UTF-8', async (t) => {
  const app = buildApp({ workers: 1 });
  t.teardown(() => app.close());
  // the file's text in a JSON string, a raw 0xff byte where the placeholder stands
  const [head, tail] = JSON.stringify({ files: { 'compose.yaml': 'services:\n  a:\n    image: "x@"\n' } }).split('@');
  const body = Buffer.concat([Buffer.from(head), Buffer.from([0xff]), Buffer.from(tail)]);
  const r = await app.inject({
    method: 'POST',
    url: '/v1/validate',
    payload: body,
    headers: { 'content-type': 'application/json' },
  });
  t.equal(r.statusCode, 200);
  t.match(r.json(), {
    valid: false,
    diagnostics: [{ code: 'yaml-invalid-utf8', severity: 'error', file: 'compose.yaml', line: 3, column: 14 }],
  });
  // the same body in valid UTF-8 (U+00FF) is a valid file
  const ok = await app.inject({
    method: 'POST',
    url: '/v1/validate',
    payload: Buffer.concat([Buffer.from(head), Buffer.from('\u00ff'), Buffer.from(tail)]),
    headers: { 'content-type': 'application/json' },
  });
  t.match(ok.json(), { valid: true });
});

t.test('a file the CLI reads, and standard input', async (t) => {
  const dir = tempDir('cr-utf8-');
  writeFileSync(join(dir, 'compose.yaml'), BAD);
  let stdout = '';
  const code = await main(['validate', '--format', 'json'], {
    stdout: (s) => (stdout += s),
    stderr: () => {},
    env: {},
    cwd: dir,
  });
  t.equal(code, 1);
  t.match(JSON.parse(stdout), {
    valid: false,
    diagnostics: [{ code: 'yaml-invalid-utf8', file: 'compose.yaml', line: 3, column: 14 }],
  });
  const text = await readStdin(Readable.from([BAD]));
  t.equal(text.charCodeAt(text.indexOf('x') + 1), 0xdc00 + 0xff, 'the byte is kept, not made U+FFFD');
});
