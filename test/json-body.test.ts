// A JSON body is read by the worker that answers it, not on the event loop (src/api/request-task.ts):
// a body of many small entries held the event loop seconds (400,000 `env` entries, 6 MB: 2.4 s of the
// main thread's CPU, /healthz waiting 4.3 s). The main thread now only copies the bytes; every refusal
// reads as it did when fastify parsed the body (bench/body-loop.ts measures the event loop's share).
import t from 'tap';
import { buildApp } from '../src/api/app.js';
import { parseJsonBody, taskOf, BodyProblem } from '../src/api/request-task.js';
import { multipartOf } from './helpers/tar.js';

const compose = 'services:\n  web:\n    image: nginx:1.27\n';
const app = buildApp();
t.teardown(() => app.close());

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
  const body = JSON.stringify({ files: { 'compose.yaml': compose }, environments: { e: { files: ['compose.yaml'], env } } });
  const parse = JSON.parse;
  const seen: number[] = [];
  JSON.parse = function watched(text: string, reviver?: (this: unknown, key: string, value: unknown) => unknown) {
    seen.push(String(text).length);
    return parse(text, reviver);
  };
  let r;
  try {
    r = await app.inject({ method: 'POST', url: '/v1/validate', payload: body, headers: { 'content-type': 'application/json' } });
  } finally {
    JSON.parse = parse;
  }
  t.equal(r.statusCode, 200);
  t.equal(parse(r.body).valid, true);
  t.notOk(seen.some((n) => n >= body.length), `main-thread JSON.parse of ${Math.max(0, ...seen)} chars, body ${body.length}`);
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
    ['{"environments":{"e":{"files":[]}}}', { detail: /body\/environments\/e\/files must NOT have fewer than 1 items/ }],
  ] as const) {
    const fd = new FormData();
    fd.append('compose.yaml', new Blob([compose]), 'compose.yaml');
    fd.append('bundle', part);
    const req = new Request('http://localhost/', { method: 'POST', body: fd });
    const payload = Buffer.from(await req.arrayBuffer());
    const bad = await app.inject({ method: 'POST', url: '/v1/validate', payload, headers: { 'content-type': req.headers.get('content-type')! } });
    t.equal(bad.statusCode, 400, part);
    t.match(bad.json(), { status: 400, ...want }, part);
  }
});

t.test('a JSON body read in the worker is refused as fastify refused it', async (t) => {
  const files = { 'compose.yaml': compose };
  const cases: [string, string, object][] = [
    ['/v1/validate', '', { status: 400, detail: 'the request body is not valid JSON' }],
    ['/v1/validate', 'null', { status: 400, detail: 'invalid request: body must be object', pointer: '' }],
    ['/v1/validate', '{"files":{"a.yaml":5}}', { detail: 'invalid request: body/files/a.yaml must be string', pointer: '/files/a.yaml' }],
    [
      '/v1/validate',
      '{"files":{"a":"1","a":"2"}}',
      { detail: 'the bundle holds the file "a" twice (two keys of the JSON "files" object): send each file once', pointer: '/files/a' },
    ],
    ['/v1/validate', '{"files":{"c.yaml":"x"},"\\u005f_proto__":{}}', { detail: /the key "__proto__" is refused/, pointer: '' }],
    ['/v1/validate', '{"files":{"../x":"a"}}', { detail: 'file path "../x" escapes the bundle', pointer: '/files/..~1x' }],
    [
      '/v1/audit',
      JSON.stringify({ files, baseline: { findings: [{}] } }),
      { detail: "invalid request: body/baseline/findings/0 must have required property 'fingerprint'", pointer: '/baseline/findings/0' },
    ],
    ['/v1/review', JSON.stringify({ base: { files } }), { detail: 'a change review needs both "base" and "head" bundles', pointer: '/head' }],
    [
      '/v1/review',
      JSON.stringify({ base: { files }, head: { files, extra: 1 } }),
      { detail: 'invalid request: body/head must NOT have additional properties: "extra" (a misspelled member would be ignored)', pointer: '/head/extra' },
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
  const body = { files: { 'compose.yaml': compose }, baseline: { findings: [{ fingerprint: '0123456789abcdef0123456789abcdef' }] } };
  const json = new TextEncoder().encode(JSON.stringify(body));
  const fromBytes = taskOf({ question: 'audit', json, options: { format: 'json' } });
  const fromBody = taskOf({ question: 'audit', body, options: { format: 'json' } });
  t.same(fromBytes, fromBody);
  t.same(parseJsonBody(json), body);
  t.throws(() => parseJsonBody(new TextEncoder().encode('{"files":')), BodyProblem);
});
