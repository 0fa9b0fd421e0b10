// What a request would have had ignored or misread is refused, saying so. A query parameter no route
// knows is a 400 naming it, as an unknown body member is: a misspelled one
// (`failon=warning` for `failOn`) was ignored, and a CI gate meant to fail on warnings passed.
import t from 'tap';
import { buildApp } from '../src/api/app.js';
import { TEST_WORKERS } from './helpers/workers.js';

const app = buildApp({ workers: TEST_WORKERS });
t.teardown(() => app.close());
const files = { 'compose.yaml': 'services:\n  web:\n    image: nginx:1.27\n' };

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
    t.equal(r.json().detail, `invalid request: querystring must NOT have additional properties: "${name}" (a misspelled member would be ignored)`, url);
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
      (await app.inject({ method: 'POST', url: '/v1/validate', payload: body, headers: { 'content-type': type, 'content-encoding': 'identity' } })).statusCode,
      200,
      type,
    );
});
