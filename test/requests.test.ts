/**
 * What a request's shape gets: a bundle with no Compose file is a content problem (200, not valid),
 * malformed uploads get clean 400 details, and a file twice is refused alike in every upload format.
 */
import t from 'tap';
import { gzipSync } from 'node:zlib';
import { connect, type AddressInfo } from 'node:net';
import { buildApp } from '../src/api/app.js';
import { parseBundle, validateBundle } from '../src/index.js';
import { findDuplicateKey } from '../src/bundle/json.js';
import { tarArchive, multipartOf } from './helpers/tar.js';
import { growth, GROWTH_LIMIT } from './helpers/growth.js';

const a = buildApp({ rateLimitPerMinute: 0, workers: 1 });
t.teardown(() => a.close());

const post = (url: string, payload: string | Buffer | object, contentType = 'application/json') =>
  a.inject({ method: 'POST', url, payload, headers: { 'content-type': contentType } });

t.test('a bundle without a Compose file is not valid on any route: a no-compose-file error', async (t) => {
  const files = { 'stack.yml': 'services:\n  web:\n    image: nginx:1.27\n', '.env': 'A=1\n' };
  const expected = { code: 'no-compose-file', severity: 'error', file: 'stack.yml', line: 1, column: 1 };

  const validate = await post('/v1/validate', { files });
  t.equal(validate.statusCode, 200, 'a content problem: 200');
  t.match(validate.json(), { valid: false, diagnostics: [expected] });
  t.match(validate.json().diagnostics[0], { message: /no Compose file found/, hint: /stack\.yml/ });

  const audit = await post('/v1/audit', { files });
  t.match(audit.json(), { failed: true, diagnostics: [expected] });
  const sarif = await post('/v1/audit?format=sarif', { files });
  t.equal(sarif.headers['x-compose-review-failed'], 'true');
  t.match(sarif.body, /no-compose-file/);

  const review = await post('/v1/review', { files });
  t.match(review.json(), { verdict: { status: 'fail' }, diagnostics: [expected] });
  const markdown = await post('/v1/review?format=markdown', { files });
  t.match(markdown.body, /no-compose-file/);

  // /v1/config answers 422 when nothing loads (its documented rule), with the diagnostic
  const config = await post('/v1/config', { files });
  t.equal(config.statusCode, 422);
  t.match(config.json(), { diagnostics: [expected] });

  // the library says the same
  t.match(validateBundle(parseBundle({ files })).json, { valid: false, diagnostics: [expected] });

  // an override without its base: the file is named, the error is the same
  const orphan = validateBundle(parseBundle({ files: { 'compose.prod.yaml': 'services: {}\n' } })).json;
  t.match(orphan, { valid: false, diagnostics: [{ code: 'no-compose-file', file: 'compose.prod.yaml' }] });
  t.match(orphan.diagnostics[0].message, /compose\.prod\.yaml looks like a Compose file/);

  // a bundle that names its environments, or has a default name, does not get it
  t.equal(
    validateBundle(parseBundle({ files, environments: { production: { files: ['stack.yml'] } } })).json.valid,
    true,
    'named in environments',
  );
  t.notOk(
    validateBundle(parseBundle({ files: { 'compose.yaml': files['stack.yml'] } })).json.diagnostics.some(
      (d) => d.code === 'no-compose-file',
    ),
  );
});

/** A multipart body written by hand, for parts no FormData would produce. */
function rawMultipart(parts: { disposition: string; content: string }[]): { body: string; contentType: string } {
  const b = 'xYzBoundary';
  const body =
    parts.map((p) => `--${b}\r\nContent-Disposition: ${p.disposition}\r\n\r\n${p.content}\r\n`).join('') +
    `--${b}--\r\n`;
  return { body, contentType: `multipart/form-data; boundary=${b}` };
}

t.test('a multipart part without a name is a clean 400', async (t) => {
  for (const disposition of ['form-data', 'form-data; filename="compose.yaml"', 'form-data; name=""']) {
    const { body, contentType } = rawMultipart([
      { disposition: 'form-data; name="compose.yaml"', content: 'services: {}' },
      { disposition, content: 'services: {}' },
    ]);
    const r = await post('/v1/validate', body, contentType);
    t.equal(r.statusCode, 400, disposition);
    t.match(r.headers['content-type'], /application\/problem\+json/);
    t.notMatch(r.json().detail, /Cannot read|undefined/, disposition);
    t.match(r.json(), { pointer: '/files', detail: /part has no name|non-empty/ }, disposition);
  }
});

t.test('a multipart "bundle" part twice is a 400: which settings are meant cannot be told', async (t) => {
  const { body, contentType } = rawMultipart([
    { disposition: 'form-data; name="compose.yaml"', content: 'services: {}' },
    { disposition: 'form-data; name="bundle"', content: '{"projectName": "a"}' },
    { disposition: 'form-data; name="bundle"', content: '{"projectName": "b"}' },
  ]);
  const r = await post('/v1/validate', body, contentType);
  t.equal(r.statusCode, 400);
  t.match(r.json(), { pointer: '/bundle', detail: /"bundle" part appears twice/ });
});

t.test('a file twice is refused alike in every upload format: 400 naming it, with its pointer', async (t) => {
  const file = 'services:\n  web:\n    image: nginx:1.27\n';
  const twice = { status: 400, pointer: '/files/compose.yaml', detail: /"compose\.yaml" twice/ };
  const json = await post('/v1/validate', `{"files":{"compose.yaml":${JSON.stringify(file)},"compose.yaml":"x: 1"}}`);
  t.match(json.json(), { ...twice, detail: /twice \(two keys of the JSON "files" object\)/ }, 'JSON keys');
  const escaped = await post('/v1/validate', `{"files":{"compose.yaml":"a","compose\\u002eyaml":"b"}}`);
  t.match(escaped.json(), twice, 'the same key written with an escape');
  const normalized = await post('/v1/validate', { files: { 'compose.yaml': file, './compose.yaml': file } });
  t.match(normalized.json(), { status: 400, pointer: '/files/.~1compose.yaml', detail: /"compose\.yaml" twice/ });

  const entries = [
    { name: 'compose.yaml', content: file },
    { name: 'compose.yaml', content: 'x: 1\n' },
  ];
  const tar = await post('/v1/validate', tarArchive(entries), 'application/x-tar');
  t.match(tar.json(), { ...twice, detail: /two tar entries/ }, 'tar entries');
  const tgz = await post('/v1/validate', gzipSync(tarArchive(entries)), 'application/gzip');
  t.match(tgz.json(), twice, 'tar.gz entries');
  const dotted = await post(
    '/v1/validate',
    tarArchive([entries[0], { name: './compose.yaml', content: file }]),
    'application/x-tar',
  );
  t.match(dotted.json(), twice, 'tar entries naming one path two ways');

  const { body, contentType } = rawMultipart([
    { disposition: 'form-data; name="compose.yaml"', content: file },
    { disposition: 'form-data; name="compose.yaml"; filename="compose.yaml"', content: 'x: 1' },
  ]);
  const multipart = await post('/v1/validate', body, contentType);
  t.match(multipart.json(), { ...twice, detail: /two multipart parts/ }, 'multipart parts');

  // a change pair: the pointer says which side
  const pair = `{"base":{"files":{"compose.yaml":"a"}},"head":{"files":{"compose.yaml":"a","compose.yaml":"b"}}}`;
  t.match((await post('/v1/review', pair)).json(), { status: 400, pointer: '/head/files/compose.yaml' });
  // any other key twice is ambiguous too
  const other = await post(
    '/v1/validate',
    `{"files":{"compose.yaml":"services: {}"},"projectName":"a","projectName":"b"}`,
  );
  t.match(other.json(), { status: 400, pointer: '/projectName', detail: /"projectName" appears twice/ });
  // equal keys in different objects are fine
  const fine = await post('/v1/validate', {
    files: { 'compose.yaml': 'services: {}\n' },
    environments: { a: { files: ['compose.yaml'], env: { X: '1' } }, b: { files: ['compose.yaml'], env: { X: '2' } } },
  });
  t.equal(fine.statusCode, 200);
  // still refused as before: invalid JSON, prototype poisoning
  t.match((await post('/v1/validate', '{"files":')).json(), { status: 400, detail: /not valid JSON/ });
  t.equal((await post('/v1/validate', '{"files":{"a":"b"},"__proto__":{"x":1}}')).statusCode, 400);
});

t.test('findDuplicateKey: exact over strings, escapes and nesting', async (t) => {
  const cases: [string, { key: string; pointer: string } | undefined][] = [
    ['{"a":1,"b":2}', undefined],
    ['{"a":1,"a":2}', { key: 'a', pointer: '/a' }],
    ['{"a":"\\"a\\":","b":"\\\\","a":3}', { key: 'a', pointer: '/a' }],
    ['{"a":"\\\\\\"","a\\"":1,"a\\"":2}', { key: 'a"', pointer: '/a"' }],
    ['{"x":{"a":1},"y":{"a":1}}', undefined],
    ['[{"a":1},{"b":[{"c":1,"c":2}]}]', { key: 'c', pointer: '/1/b/0/c' }],
    ['{"f/~":{"k":[1,2,{"z":null,"z":true}]}}', { key: 'z', pointer: '/f~1~0/k/2/z' }],
    ['{"a":[1,{"a":1}],"b":{"a":{"a":0}}}', undefined],
    ['"just a string"', undefined],
    ['  [ ]  ', undefined],
    ['{"\\u00e9":1,"é":2}', { key: 'é', pointer: '/é' }],
  ];
  for (const [text, expected] of cases) {
    JSON.parse(text); // every case is valid JSON, as the scanner assumes
    t.same(findDuplicateKey(text), expected, text);
  }
});

t.test('findDuplicateKey grows linearly (n vs 4n, at most 8x)', async (t) => {
  // the scanning shapes are sized so that even the small text (2 MB) is past the CPU caches: below
  // that, the step from cached to uncached memory alone makes 4n look 10x slower
  const shapes: Record<string, [number, (n: number) => string]> = {
    'many keys': [40_000, (n) => JSON.stringify(Object.fromEntries(Array.from({ length: n }, (_, i) => [`k${i}`, i])))],
    'escaped quotes': [500_000, (n) => JSON.stringify({ a: '\\"'.repeat(n) })],
    'backslash runs': [1_000_000, (n) => JSON.stringify({ a: '\\'.repeat(n) + '"' })],
    'deep nesting': [200_000, (n) => '['.repeat(n) + ']'.repeat(n)],
    numbers: [1_000_000, (n) => `[${Array(n).fill(0).join(',')}]`],
  };
  // CPU time, the smallest of interleaved runs, measured on while over the limit (test/helpers/growth.ts)
  for (const [name, [n, make]] of Object.entries(shapes)) {
    const [small, large] = [make(n), make(4 * n)];
    const g = growth(
      () => findDuplicateKey(small),
      () => findDuplicateKey(large),
    );
    t.ok(
      g.ratio <= GROWTH_LIMIT,
      `${name}: n ${g.small.toFixed(1)} ms, 4n ${g.large.toFixed(1)} ms, ${g.ratio.toFixed(1)}x`,
    );
  }
});

t.test('the request timeout cuts a trickled body or trickled headers on time, with a 408 problem', async (t) => {
  const timeoutMs = 1000;
  const server = buildApp({ requestTimeoutMs: timeoutMs, rateLimitPerMinute: 0, workers: 1 });
  t.teardown(() => server.close());
  await server.listen({ port: 0, host: '127.0.0.1' });
  const { port } = server.server.address() as AddressInfo;
  const trickle = (head: string, drip: string) =>
    new Promise<{ ms: number; answer: string }>((resolve) => {
      const socket = connect(port, '127.0.0.1');
      const started = Date.now();
      let answer = '';
      socket.write(head);
      const timer = setInterval(() => socket.writable && socket.write(drip), 100);
      socket.on('data', (d) => (answer += d));
      socket.on('error', () => {});
      socket.on('close', () => {
        clearInterval(timer);
        resolve({ ms: Date.now() - started, answer });
      });
    });
  // side by side: each connection has its own timer (one second of waiting instead of two)
  const [body, headers] = await Promise.all([
    trickle(
      'POST /v1/validate HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 100000\r\n\r\n{',
      ' ',
    ),
    trickle('POST /v1/validate HTTP/1.1\r\nHost: x\r\n', 'X-Slow: 1\r\n'),
  ]);
  for (const [name, r] of [
    ['body', body],
    ['headers', headers],
  ] as const) {
    // cut after the timeout, within the checking interval (a tenth of it, 100 ms here) plus slack
    t.ok(r.ms >= timeoutMs - 50 && r.ms < timeoutMs + 1500, `a trickled ${name} is cut after ${r.ms} ms`);
    t.match(r.answer, /^HTTP\/1\.1 408 Request Timeout\r\n/, name);
    t.match(r.answer, /content-type: application\/problem\+json/i, name);
    const problem = JSON.parse(r.answer.slice(r.answer.indexOf('\r\n\r\n') + 4));
    t.match(problem, { status: 408, title: 'Request Timeout', detail: /within 1000 ms/ }, name);
  }
  // a request that arrives in time is answered as usual, on the same server
  const ok = await fetch(`http://127.0.0.1:${port}/v1/validate`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ files: { 'compose.yaml': 'services:\n  web:\n    image: nginx:1.27\n' } }),
  });
  t.equal(ok.status, 200);
});
