// What the service makes of a request before any Compose file is read.
// - A JSON body is read by the worker that answers it, not on the event loop (src/api/request-task.ts):
//   a body of many small entries held the event loop seconds (400,000 `env` entries, 6 MB: 2.4 s of the
//   main thread's CPU, /healthz waiting 4.3 s). The main thread only copies the bytes; every refusal reads
//   as it did when fastify parsed the body (bench/body-loop.ts measures the event loop's share).
// - A multipart part is read from its bytes whether it carries a file name or not: busboy decoded a part
//   without one itself (bytes that are not UTF-8 became U+FFFD, or were read in the part's charset), so one
//   file got two answers by how curl sent it (`-F f=@x` refused as compose-go refuses it, `-F f=<x` valid).
// - What a request would have had ignored or misread is refused, saying so. A query parameter no route
//   knows is a 400 naming it, as an unknown body member is: a misspelled one (`failon=warning` for
//   `failOn`) was ignored, and a CI gate meant to fail on warnings passed.
import t from 'tap';
import { buildApp } from '../src/api/app.js';
import { parseJsonBody, poisoned, taskOf, taskBody, BodyProblem } from '../src/api/request-task.js';
import { RawJson } from '../src/api/validation.js';
import { MAX_JSON_DEPTH, nestsDeeper } from '../src/bundle/json.js';
import { gzipSync } from 'node:zlib';
import { multipartOf, tarOf } from './helpers/tar.js';
import { TEST_WORKERS } from './helpers/workers.js';

const app = buildApp({ workers: TEST_WORKERS });
t.teardown(() => app.close());
const files = { 'compose.yaml': 'services:\n  web:\n    image: nginx:1.27\n' };
const compose = files['compose.yaml'];

/** What JSON.parse on this (the main) thread was given while `f` ran: the longest text. */
async function longestParse<T>(f: () => Promise<T>): Promise<[T, number]> {
  const parse = JSON.parse;
  let longest = 0;
  JSON.parse = function watched(text: string, reviver?: (this: unknown, key: string, value: unknown) => unknown) {
    longest = Math.max(longest, String(text).length);
    return parse(text, reviver);
  };
  try {
    return [await f(), longest];
  } finally {
    JSON.parse = parse;
  }
}

const env = Object.fromEntries(Array.from({ length: 20_000 }, (_, i) => [`V${i}`, 'x']));

t.test('the event loop does not parse a JSON body: JSON.parse on the main thread never sees it', async (t) => {
  const body = JSON.stringify({
    files: { 'compose.yaml': compose },
    environments: { e: { files: ['compose.yaml'], env } },
  });
  const parse = JSON.parse;
  const seen: number[] = [];
  JSON.parse = function watched(text: string, reviver?: (this: unknown, key: string, value: unknown) => unknown) {
    seen.push(String(text).length);
    return parse(text, reviver);
  };
  let r;
  try {
    r = await app.inject({
      method: 'POST',
      url: '/v1/validate',
      payload: body,
      headers: { 'content-type': 'application/json' },
    });
  } finally {
    JSON.parse = parse;
  }
  t.equal(r.statusCode, 200);
  t.equal(parse(r.body).valid, true);
  t.notOk(
    seen.some((n) => n >= body.length),
    `main-thread JSON.parse of ${Math.max(0, ...seen)} chars, body ${body.length}`,
  );
});

t.test('nor a tar body: its entries are read and decoded by the worker, the archive moved to it', async (t) => {
  const big = `${compose}${'# a comment line of the bundle\n'.repeat(10_000)}`;
  const toString = Buffer.prototype.toString;
  const decoded: number[] = [];
  Buffer.prototype.toString = function watched(this: Buffer, ...args: unknown[]) {
    decoded.push(this.length);
    return toString.apply(this, args as []);
  } as typeof toString;
  let r;
  try {
    r = await app.inject({
      method: 'POST',
      url: '/v1/validate',
      payload: gzipSync(tarOf({ 'compose.yaml': big })),
      headers: { 'content-type': 'application/gzip' },
    });
  } finally {
    Buffer.prototype.toString = toString;
  }
  t.equal(r.statusCode, 200);
  t.equal(JSON.parse(r.body).valid, true);
  t.notOk(
    decoded.some((n) => n >= big.length),
    `main-thread decoding of ${Math.max(0, ...decoded)} bytes, the file ${big.length}`,
  );
});

/** How many bytes each text decoded on this (the main) thread while `f` ran was (toString's start and end). */
async function decodedWhile<T>(f: () => Promise<T>): Promise<[T, number[]]> {
  const toString = Buffer.prototype.toString;
  const decoded: number[] = [];
  Buffer.prototype.toString = function watched(this: Buffer, ...args: unknown[]) {
    const [start, end] = [Number(args[1] ?? 0), Number(args[2] ?? this.length)];
    decoded.push(Math.min(end, this.length) - Math.max(0, start));
    return toString.apply(this, args as []);
  } as typeof toString;
  try {
    return [await f(), decoded];
  } finally {
    Buffer.prototype.toString = toString;
  }
}

// src/api/parts.ts: the event loop frames a multipart body (busboy reads each part's headers as
// text, a hundred bytes or so); the worker decodes its files and reads its archives' entries
t.test("nor a multipart upload's files: the worker decodes them, the parts' bytes moved to it", async (t) => {
  const comments = (i: number) => `# file ${i} of the bundle, a comment line\n`.repeat(100);
  const many: Record<string, string> = { 'compose.yaml': `${compose}${comments(0)}` };
  for (let i = 1; i <= 200; i++) many[`conf/app-${i}.env`] = `A${i}=x\n${comments(i)}`;
  const smallest = Math.min(...Object.values(many).map((c) => c.length));
  const { body, contentType } = await multipartOf(many);
  const [r, decoded] = await decodedWhile(() =>
    app.inject({ method: 'POST', url: '/v1/validate', payload: body, headers: { 'content-type': contentType } }),
  );
  t.equal(r.statusCode, 200);
  t.equal(r.json().valid, true);
  t.notOk(
    decoded.some((n) => n >= smallest),
    `main-thread decoding of ${Math.max(0, ...decoded)} bytes, the smallest file ${smallest}`,
  );
});

t.test("nor a change pair's archives: the worker reads their entries", async (t) => {
  const big = `${compose}${'# a comment line of the bundle\n'.repeat(10_000)}`;
  const fd = new FormData();
  fd.append('base', new Blob([gzipSync(tarOf({ 'compose.yaml': big }))]), 'base.tgz');
  fd.append('head', new Blob([gzipSync(tarOf({ 'compose.yaml': `${big}# one more\n` }))]), 'head.tgz');
  const req = new Request('http://localhost/', { method: 'POST', body: fd });
  const payload = Buffer.from(await req.arrayBuffer());
  const [r, decoded] = await decodedWhile(() =>
    app.inject({
      method: 'POST',
      url: '/v1/review',
      payload,
      headers: { 'content-type': req.headers.get('content-type')! },
    }),
  );
  t.equal(r.statusCode, 200, r.body.slice(0, 300));
  t.notOk(
    decoded.some((n) => n >= big.length),
    `main-thread decoding of ${Math.max(0, ...decoded)} bytes, the file ${big.length}`,
  );
});

t.test('nor the "bundle" part of a multipart upload', async (t) => {
  const meta = { environments: { e: { files: ['compose.yaml'], env } } };
  const { body, contentType } = await multipartOf({ 'compose.yaml': compose }, meta);
  const [r, longest] = await longestParse(() =>
    app.inject({ method: 'POST', url: '/v1/validate', payload: body, headers: { 'content-type': contentType } }),
  );
  t.equal(r.statusCode, 200);
  t.same(Object.keys(r.json().environments), ['e']);
  t.ok(longest < JSON.stringify(meta).length, `main-thread JSON.parse of ${longest} chars`);
  // its refusals as before: the part's own, then the route's schema on the settings it brings
  for (const [part, want] of [
    ['{"environments":', { detail: 'the "bundle" part is not valid JSON', pointer: '/bundle' }],
    ['{"files":{}}', { detail: /may only hold "environments", "projectName" and "baseline", not "files"/ }],
    [
      '{"environments":{"e":{"files":[]}}}',
      { detail: /body\/environments\/e\/files must NOT have fewer than 1 items/ },
    ],
  ] as const) {
    const fd = new FormData();
    fd.append('compose.yaml', new Blob([compose]), 'compose.yaml');
    fd.append('bundle', part);
    const req = new Request('http://localhost/', { method: 'POST', body: fd });
    const payload = Buffer.from(await req.arrayBuffer());
    const bad = await app.inject({
      method: 'POST',
      url: '/v1/validate',
      payload,
      headers: { 'content-type': req.headers.get('content-type')! },
    });
    t.equal(bad.statusCode, 400, part);
    t.match(bad.json(), { status: 400, ...want }, part);
  }
});

t.test('a JSON body read in the worker is refused as fastify refused it', async (t) => {
  const cases: [string, string, object][] = [
    ['/v1/validate', '', { status: 400, detail: 'the request body is not valid JSON' }],
    ['/v1/validate', 'null', { status: 400, detail: 'invalid request: body must be object', pointer: '' }],
    [
      '/v1/validate',
      '{"files":{"a.yaml":5}}',
      { detail: 'invalid request: body/files/a.yaml must be string', pointer: '/files/a.yaml' },
    ],
    [
      '/v1/validate',
      '{"files":{"a":"1","a":"2"}}',
      {
        detail: 'the bundle holds the file "a" twice (two keys of the JSON "files" object): send each file once',
        pointer: '/files/a',
      },
    ],
    [
      '/v1/validate',
      '{"files":{"c.yaml":"x"},"\\u005f_proto__":{}}',
      { detail: /the key "__proto__" is refused/, pointer: '' },
    ],
    [
      '/v1/validate',
      '{"files":{"../x":"a"}}',
      { detail: 'file path "../x" escapes the bundle', pointer: '/files/..~1x' },
    ],
    [
      '/v1/audit',
      JSON.stringify({ files, baseline: { findings: [{}] } }),
      {
        detail: "invalid request: body/baseline/findings/0 must have required property 'fingerprint'",
        pointer: '/baseline/findings/0',
      },
    ],
    [
      '/v1/review',
      JSON.stringify({ base: { files } }),
      { detail: 'a change review needs both "base" and "head" bundles', pointer: '/head' },
    ],
    [
      '/v1/review',
      JSON.stringify({ base: { files }, head: { files, extra: 1 } }),
      {
        detail:
          'invalid request: body/head must NOT have additional properties: "extra" (a misspelled member would be ignored)',
        pointer: '/head/extra',
      },
    ],
  ];
  for (const [url, payload, want] of cases) {
    const r = await app.inject({ method: 'POST', url, payload, headers: { 'content-type': 'application/json' } });
    t.equal(r.statusCode, 400, payload);
    t.equal(r.headers['content-type'], 'application/problem+json; charset=utf-8');
    t.match(r.json(), { type: 'about:blank', title: 'Bad Request', status: 400, ...want }, payload);
    if (!('pointer' in want)) t.notOk('pointer' in r.json(), `${payload}: no pointer`);
  }
});

t.test('taskOf: a request task with JSON bytes is the same task as the parsed body', async (t) => {
  const body = {
    files: { 'compose.yaml': compose },
    baseline: { findings: [{ fingerprint: '0123456789abcdef0123456789abcdef' }] },
  };
  const json = new TextEncoder().encode(JSON.stringify(body));
  const fromBytes = taskOf({ question: 'audit', json, options: { format: 'json' } });
  const fromBody = taskOf({ question: 'audit', body, options: { format: 'json' } });
  t.same(fromBytes, fromBody);
  t.same(parseJsonBody(json), body);
  t.throws(() => parseJsonBody(new TextEncoder().encode('{"files":')), BodyProblem);
});

const B = 'xYzBoundary';
const multipart = (headers: string, content: Buffer) =>
  Buffer.concat([
    Buffer.from(`--${B}\r\n${headers}\r\n\r\n`),
    content,
    Buffer.from(
      `\r\n--${B}\r\nContent-Disposition: form-data; name="bundle"\r\n\r\n{"projectName":"x"}\r\n--${B}--\r\n`,
    ),
  ]);

t.test('a file that is not UTF-8 gets one answer, sent as a file part or a field part, in any charset', async (t) => {
  const content = Buffer.concat([
    Buffer.from('services:\n  web:\n    image: nginx:1.27\n    hostname: caf'),
    Buffer.from([0xe9, 0x0a]),
  ]);
  const answers = [];
  for (const headers of [
    'Content-Disposition: form-data; name="compose.yaml"; filename="compose.yaml"',
    'Content-Disposition: form-data; name="compose.yaml"',
    'Content-Disposition: form-data; name="compose.yaml"\r\nContent-Type: text/plain; charset=latin1',
  ]) {
    const r = await app.inject({
      method: 'POST',
      url: '/v1/validate',
      payload: multipart(headers, content),
      headers: { 'content-type': `multipart/form-data; boundary=${B}` },
    });
    t.equal(r.statusCode, 200, headers);
    answers.push(r.body);
  }
  t.equal(JSON.parse(answers[0]).valid, false, 'refused at the byte that is not UTF-8');
  t.equal(answers[1], answers[0], 'a field part');
  t.equal(answers[2], answers[0], 'a field part with a charset');
});

t.test('an unknown query parameter is a 400 naming it, on every route', async (t) => {
  for (const [url, name] of [
    ['/v1/audit?failon=warning', 'failon'],
    ['/v1/review?failOn=warning&fromm=dev', 'fromm'],
    ['/v1/diff?redacted=false', 'redacted'],
    ['/v1/config?services=web', 'services'],
    ['/v1/validate?format=junit', 'format'],
  ]) {
    const r = await app.inject({ method: 'POST', url, payload: { files } });
    t.equal(r.statusCode, 400, url);
    t.equal(
      r.json().detail,
      `invalid request: querystring must NOT have additional properties: "${name}" (a misspelled member would be ignored)`,
      url,
    );
    t.notOk('pointer' in r.json(), 'not in the body');
  }
  const known = await app.inject({ method: 'POST', url: '/v1/audit?failOn=warning&format=json', payload: { files } });
  t.equal(known.statusCode, 200);
});

t.test('a change review refuses what it would ignore: members beside base and head, from and to', async (t) => {
  const pair = { base: { files }, head: { files } };
  for (const [extra, pointer] of [
    [{ environments: { prod: { files: ['compose.yaml'] } } }, '/environments'],
    [{ projectName: 'shop' }, '/projectName'],
    [{ files }, '/files'],
  ] as const) {
    const r = await app.inject({ method: 'POST', url: '/v1/review', payload: { ...pair, ...extra } });
    t.equal(r.statusCode, 400, pointer);
    t.match(r.json(), { pointer, detail: /a change review takes its bundles in "base" and "head"/ });
  }
  const r = await app.inject({ method: 'POST', url: '/v1/review?from=nope&to=nope', payload: pair });
  t.equal(r.statusCode, 400);
  t.match(r.json().detail, /a change review \(base and head\) compares every environment/);
  t.equal((await app.inject({ method: 'POST', url: '/v1/review', payload: pair })).statusCode, 200);
});

t.test('/readyz says 503 while shutting down however its path is written', async (t) => {
  app.lifecycle.ready = false;
  try {
    for (const url of ['/readyz', '/%72eadyz', '/readyz?x=1'])
      t.equal((await app.inject({ url })).statusCode, 503, url);
  } finally {
    app.lifecycle.ready = true;
  }
  t.equal((await app.inject({ url: '/%72eadyz' })).statusCode, 200);
});

t.test('a compressed body, or JSON in another charset, is a 415 saying so (it was "not valid JSON")', async (t) => {
  const body = JSON.stringify({ files });
  const { gzipSync } = await import('node:zlib');
  const gz = await app.inject({
    method: 'POST',
    url: '/v1/validate',
    payload: gzipSync(body),
    headers: { 'content-type': 'application/json', 'content-encoding': 'gzip' },
  });
  t.equal(gz.statusCode, 415);
  t.match(gz.json().detail, /unsupported Content-Encoding "gzip"/);
  const utf16 = await app.inject({
    method: 'POST',
    url: '/v1/validate',
    payload: Buffer.from(body, 'utf16le'),
    headers: { 'content-type': 'application/json; charset=utf-16' },
  });
  t.equal(utf16.statusCode, 415);
  t.match(utf16.json().detail, /a JSON body is UTF-8: the charset "utf-16" is not read/);
  for (const type of ['application/json; charset=UTF-8', 'application/json;charset="utf-8"'])
    t.equal(
      (
        await app.inject({
          method: 'POST',
          url: '/v1/validate',
          payload: body,
          headers: { 'content-type': type, 'content-encoding': 'identity' },
        })
      ).statusCode,
      200,
      type,
    );
});

t.test('a JSON body crosses to the worker in a buffer of its own, small or large', async (t) => {
  for (const size of [100, 10_000]) {
    // as fastify hands it over: a small Buffer lies in Node's shared pool, a large one has its own
    const raw = Buffer.from('x'.repeat(size));
    const { json } = taskBody(new RawJson(raw));
    t.ok(json, `${size}`);
    if (!json) continue;
    t.not(json.buffer, raw.buffer, `${size}: not the request's buffer`);
    t.equal(json.buffer.byteLength, size, `${size}: exactly its bytes`);
    t.equal(Buffer.from(json).toString(), raw.toString());
  }
});

t.test('what the 415s leave alone: US-ASCII JSON, a request without a body, an empty "bundle" part', async (t) => {
  const ascii = await app.inject({
    method: 'POST',
    url: '/v1/validate',
    payload: JSON.stringify({ files }),
    headers: { 'content-type': 'application/json; charset=us-ascii' },
  });
  t.equal(ascii.statusCode, 200);
  t.equal((await app.inject({ url: '/healthz', headers: { 'content-encoding': 'gzip' } })).statusCode, 200);
  // an empty `bundle` part, then another: the part twice, as before
  const fd = new FormData();
  fd.append('compose.yaml', new Blob([compose]), 'compose.yaml');
  fd.append('bundle', '');
  fd.append('bundle', '{"projectName":"x"}');
  const req = new Request('http://localhost/', { method: 'POST', body: fd });
  const twice = await app.inject({
    method: 'POST',
    url: '/v1/validate',
    payload: Buffer.from(await req.arrayBuffer()),
    headers: { 'content-type': req.headers.get('content-type')! },
  });
  t.equal(twice.statusCode, 400);
  t.match(twice.json(), { detail: 'the "bundle" part appears twice' });
});

t.test('a known path with a method it does not take is a 405 with Allow; an unknown path stays a 404', async (t) => {
  const put = await app.inject({ method: 'PUT', url: '/v1/validate?x=1' });
  t.equal(put.statusCode, 405);
  t.equal(put.headers.allow, 'POST');
  t.match(put.headers['content-type'], /^application\/problem\+json/);
  t.equal(put.json().detail, '/v1/validate does not take PUT: it takes POST');
  const post = await app.inject({ method: 'POST', url: '/healthz' });
  t.equal(post.statusCode, 405);
  t.equal(post.headers.allow, 'GET, HEAD');
  t.equal((await app.inject({ method: 'DELETE', url: '/docs/rules/no-healthcheck' })).headers.allow, 'GET, HEAD');
  t.equal((await app.inject({ method: 'POST', url: '/ui/app.js' })).statusCode, 405, 'a wildcard route');
  // a plugin's prefixed `/` route is registered as /docs and /docs/, with one onRoute call
  t.equal((await app.inject({ method: 'PUT', url: '/docs/' })).headers.allow, 'GET, HEAD');
  for (const url of ['/v1/nothing', '/v1/validate/', '/V1/validate', '/healthz/x']) {
    const r = await app.inject({ method: 'PUT', url });
    t.equal(r.statusCode, 404, url);
    t.equal(r.headers.allow, undefined, url);
  }
  t.equal((await app.inject({ method: 'GET', url: '/v1/nothing' })).json().detail, 'no route GET /v1/nothing');
});

t.test('a deep JSON value is read without recursion: a 10,000-deep "bundle" part is valid JSON of the wrong shape (the reviver overflowed at 5,000)', async (t) => {
  // 10,000 levels in all, the most a JSON text may nest (MAX_JSON_DEPTH)
  const deep = (inner: string) => '['.repeat(9_996) + inner + ']'.repeat(9_996);
  const fd = new FormData();
  fd.append('compose.yaml', new Blob([compose]), 'compose.yaml');
  fd.append('bundle', `{"environments":${deep('')}}`);
  const req = new Request('http://localhost/', { method: 'POST', body: fd });
  const part = await app.inject({
    method: 'POST',
    url: '/v1/validate',
    payload: Buffer.from(await req.arrayBuffer()),
    headers: { 'content-type': req.headers.get('content-type')! },
  });
  t.equal(part.statusCode, 400);
  t.equal(part.json().detail, 'invalid request: body/environments must be object', part.body);
  const body = await app.inject({
    method: 'POST',
    url: '/v1/validate',
    payload: `{"files":{"compose.yaml":${JSON.stringify(compose)}},"x":${deep('{"__proto__":{}}')}}`,
    headers: { 'content-type': 'application/json' },
  });
  t.equal(body.statusCode, 400);
  t.match(body.json().detail, /^the key "__proto__" is refused in a JSON body/, 'the poisoning key named at any depth');
});

t.test('JSON nested past 10,000 levels is a 400 saying so, read before JSON.parse (15 MB of `[` held a worker until the deadline: a 422)', async (t) => {
  t.equal(MAX_JSON_DEPTH, 10_000, "Go's encoding/json limit (scanner.go maxNestingDepth)");
  const detail = 'nests arrays and objects more than 10000 levels deep (a Compose bundle needs a few)';
  const post = (payload: string | Buffer, type = 'application/json') =>
    app.inject({ method: 'POST', url: '/v1/review', payload, headers: { 'content-type': type } });
  for (const payload of [
    '['.repeat(15_000_000),
    `{"files":{"compose.yaml":${JSON.stringify(compose)}},"x":${'['.repeat(10_000)}]}`,
    `{"files":{"compose.yaml":${JSON.stringify(compose)}},"x":${'{"a":'.repeat(10_001)}1${'}'.repeat(10_001)}}`,
  ]) {
    const r = await post(payload);
    t.equal(r.statusCode, 400, payload.slice(0, 40));
    t.match(r.json(), { status: 400, detail: `the request body ${detail}` }, payload.slice(0, 40));
  }
  // brackets inside strings nest nothing, escaped quotes included
  const inString = JSON.stringify({ files: { 'compose.yaml': `# ${'[{"\\'.repeat(20_000)}\n${compose}` } });
  t.equal((await post(inString)).statusCode, 200, 'brackets in a string');
  for (const [name, value] of [
    ['bundle', `{"environments":${'['.repeat(10_001)}`],
    ['baseline', `{"findings":${'['.repeat(20_000)}`],
  ]) {
    const fd = new FormData();
    fd.append('compose.yaml', new Blob([compose]), 'compose.yaml');
    fd.append(name, value);
    const req = new Request('http://localhost/', { method: 'POST', body: fd });
    const r = await post(Buffer.from(await req.arrayBuffer()), req.headers.get('content-type')!);
    t.equal(r.statusCode, 400, name);
    t.match(r.json(), { detail: `the "${name}" part ${detail}`, pointer: `/${name}` }, name);
  }
  t.equal(nestsDeeper('['.repeat(3) + '"[[[[\\"' + ']]]', 3), false, 'a string ends at a quote after an even run of backslashes');
  t.equal(nestsDeeper('["\\\"[[[[[', 1), false, 'an unclosed string holds the rest');
  t.equal(nestsDeeper('[[]]', 1), true);
});

t.test('poisoned names the key JSON.parse reviver met first, as before it became a loop', async (t) => {
  const reviverKey = (text: string): string | undefined => {
    try {
      JSON.parse(text, (k, v: unknown) => {
        if (k === '__proto__' || (k === 'constructor' && v && typeof v === 'object' && 'prototype' in v))
          throw new Error(k);
        return v;
      });
    } catch (e) {
      return (e as Error).message;
    }
    return undefined;
  };
  let seed = 7;
  const rnd = (n: number) => ((seed = (Math.imul(seed, 1103515245) + 12345) >>> 0), (seed >>> 16) % n);
  const keys = ['a', '__proto__', 'constructor', 'prototype', '1', '0'];
  const value = (depth: number): string => {
    if (depth > 3 || rnd(3) === 0) return String(rnd(9));
    const n = rnd(4);
    if (rnd(4) === 0) return `[${Array.from({ length: n }, () => value(depth + 1)).join(',')}]`;
    return `{${Array.from({ length: n }, () => `"${keys[rnd(keys.length)]}":${value(depth + 1)}`).join(',')}}`;
  };
  let named = 0;
  for (let i = 0; i < 3000; i++) {
    const text = value(0);
    const want = reviverKey(text);
    const got = poisoned(text)?.message.match(/^the key "([^"]+)"/)?.[1];
    if (got !== want) t.fail(`${text}: ${got} (the reviver: ${want})`);
    if (want) named++;
  }
  t.ok(named > 300, `${named} of 3,000 bodies hold a poisoning key`);
});

t.test("what fastify's router refuses before any route is a problem too: a bad escape, a too long segment", async (t) => {
  for (const [url, status] of [
    ['/v1/validate%', 400],
    ['/docs/rules/%E0%A4%A', 400],
    [`/docs/rules/${'a'.repeat(101)}`, 414],
  ] as const) {
    const r = await app.inject({ method: 'GET', url });
    t.equal(r.statusCode, status, url.slice(0, 30));
    t.match(r.headers['content-type'], /^application\/problem\+json/, url.slice(0, 30));
    t.equal(r.json().status, status);
  }
});

t.test('a multipart part busboy cannot name is refused, not dropped: the others are not judged alone', async (t) => {
  // @fastify/busboy skips such a part without a word (lib/types/multipart.js skipPart; Dicer hands a
  // part whose header block never ends to no one): a review of the other files passed (attack21
  // multipart-dropped-part)
  const b = 'XyZ';
  const bad = 'services:\n  web:\n    privileged: true\n';
  const part = (head: string, content: string) => `--${b}\r\n${head}\r\n\r\n${content}\r\n`;
  const named = part('Content-Disposition: form-data; name="compose.yaml"', compose);
  const cases: [string, string, RegExp][] = [
    ['no Content-Disposition', part('Content-Type: text/yaml', bad), /has no Content-Disposition header/],
    [
      'an attachment',
      part('Content-Disposition: attachment; name="compose.override.yaml"', bad),
      /Content-Disposition that is not "form-data"/,
    ],
    [
      'a name with a raw line break',
      part('Content-Disposition: form-data; name="compose.over\nride.yaml"', bad),
      /has no Content-Disposition header/,
    ],
    [
      'a header line that is not "Name: value" before the disposition',
      part('bogus\r\nContent-Disposition: form-data; name="compose.override.yaml"', bad),
      /has no Content-Disposition header/,
    ],
    [
      'a header block that never ends',
      `--${b}\r\nContent-Disposition: form-data; name="compose.override.yaml"\r\n`,
      /has no header block/,
    ],
    ['an empty part', `--${b}\r\n`, /has no header block/],
  ];
  for (const [what, dropped, said] of cases)
    for (const [order, parts] of [
      ['after a file', [named, dropped]],
      ['first', [dropped, named]],
    ] as const) {
      const r = await app.inject({
        method: 'POST',
        url: '/v1/review',
        payload: `${parts.join('')}--${b}--\r\n`,
        headers: { 'content-type': `multipart/form-data; boundary=${b}` },
      });
      t.equal(r.statusCode, 400, `${what}, ${order}: ${r.body.slice(0, 200)}`);
      t.match(r.headers['content-type'], /application\/problem\+json/);
      t.match(r.json(), { pointer: '/files', detail: said }, `${what}, ${order}`);
    }
  // what is no part is still passed over: a preamble before the first boundary, an epilogue after the last
  const r = await app.inject({
    method: 'POST',
    url: '/v1/validate',
    payload: `a preamble\r\n${named}--${b}--\r\nan epilogue`,
    headers: { 'content-type': `multipart/form-data; boundary=${b}` },
  });
  t.equal(r.statusCode, 200, r.body.slice(0, 200));
  t.equal(r.json().valid, true);
});
