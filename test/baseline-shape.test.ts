/**
 * A baseline's shape is checked before JSON.parse builds it (src/baseline/shape.ts): JSON.parse
 * spends memory by what a text holds, and a hostile baseline under the size limit (64 MiB of `{}`
 * items, of nested `[`) took 2 to 3 GB to parse. The CLI's `--baseline` file and the API's
 * `baseline` part are checked alike.
 */
import t from 'tap';
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { checkBaselineShape, checkBaselineValue } from '../src/baseline/shape.js';
import { createBaseline, formatBaseline, parseBaseline } from '../src/baseline/baseline.js';
import { BundleError } from '../src/bundle/bundle.js';
import { MAX_BASELINE_BYTES } from '../src/cli/io.js';
import { buildApp } from '../src/api/app.js';
import { TS_NODE_ARGS } from './helpers/ts-child.js';
import { tempDir } from './helpers/temp.js';
import { keepWorkers } from './helpers/workers.js';

// the subtests' apps share one worker thread, started once (each app of its own started and stopped one)
await keepWorkers(t);

const FP = '0123456789abcdef0123456789abcdef';

t.test('what a baseline is passes: the file the CLI writes, the API minimal form', async (t) => {
  const written = formatBaseline(
    createBaseline([
      { rule: 'privileged', code: 'privileged', file: 'a "{[quoted]}" \\ file.yaml', path: 'services.web.privileged' },
      { rule: 'latest-tag', code: 'latest-tag', file: 'compose.yaml', path: 'services["a]b"].image' },
    ]),
  );
  for (const text of [
    written,
    '{"findings":[]}',
    `{"findings":[{"fingerprint":"${FP}"}]}`,
    `{"findings":[{"fingerprint":"${FP}:2","rule":"x","n":1,"b":true,"z":null}]}`,
    ` \n{ "fingerprint" : "composeReview/v1" , "findings" : [ { "fingerprint" : "${FP}" } ] }\n`,
    // 16 member names in all, in any order and spread over entries and lists
    `{"findings":[{"fingerprint":"${FP}","a":1,"b":2},{"b":1,"fingerprint":"${FP}","c":"x","path":"p"}],` +
      `"more":[{"fingerprint":"${FP}","d":0,"e":0,"f":0,"g":0,"h":0,"i":0,"j":0,"k":0,"l":0}]}`,
  ]) {
    t.doesNotThrow(() => checkBaselineShape(text), text.slice(0, 60));
    t.doesNotThrow(() => checkBaselineValue(JSON.parse(text)), text.slice(0, 60));
    t.doesNotThrow(() => parseBaseline(JSON.parse(text), ''));
  }
});

t.test('a text of another shape is refused, with the place', async (t) => {
  const many = (n: number, f: (i: number) => string) => Array.from({ length: n }, (_, i) => f(i)).join(',');
  for (const [text, pointer, why] of [
    ['{"findings":[{},{}]}', '/findings/0/fingerprint', /needs a "fingerprint"/],
    ['{"findings":[0,0]}', '/findings/0', /an entry is an object/],
    ['{"findings":["x"]}', '/findings/0', /an entry is an object/],
    [`{"findings":[{"fingerprint":"${FP}"},[]]}`, '/findings/1', /an entry is a list/],
    ['{"findings":[[[[[[[[', '/findings/0', /an entry is a list/],
    ['[[[[[[[[[[', '', /the baseline is a list/],
    [`{"findings":[{"fingerprint":"${FP}","x":[1]}]}`, '/findings/0', /an entry holds a list/],
    ['{"findings":{"a":1}}', '', /"findings" is an object/],
    [`{"findings":[{"fingerprint":"nothex"}]}`, '/findings/0/fingerprint', /32 hex digits/],
    [`{"findings":[{"fingerprint":1}]}`, '/findings/0/fingerprint', /32 hex digits/],
    [`{"findings":[{"fingerprint":"${FP}",${many(17, (i) => `"k${i}":0`)}}]}`, '/findings/0', /more than 16 members/],
    [`{${many(17, (i) => `"k${i}":0`)},"findings":[]}`, '', /more than 16 members/],
    // 4 names of formatBaseline's, 12 others, then a 17th in the third entry
    [
      `{"findings":[{"fingerprint":"${FP}",${many(12, (i) => `"k${i}":0`)}},{"fingerprint":"${FP}","k3":1},{"fingerprint":"${FP}","x":1}]}`,
      '/findings/2',
      /the entries use more than 16 member names/,
    ],
  ] as const) {
    const e = (() => {
      try {
        checkBaselineShape(text);
      } catch (e) {
        return e;
      }
    })();
    t.type(e, BundleError, text.slice(0, 40));
    t.match(e, { pointer, message: why }, text.slice(0, 40));
    // the same baseline sent parsed (the API's JSON body) is refused alike (a text that is no JSON aside)
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch {
      continue;
    }
    t.throws(() => checkBaselineValue(value), { pointer, message: why }, `parsed: ${text.slice(0, 40)}`);
  }
  const e = (() => {
    try {
      checkBaselineShape('{"findings":[0]}', '/baseline');
    } catch (e) {
      return e;
    }
  })();
  t.match(e, { pointer: '/baseline/findings/0' });
});

const cliMain = fileURLToPath(new URL('../src/cli/main.ts', import.meta.url));

/** `audit --baseline FILE` in a child whose heap is capped: what parsing the file costs shows */
function auditWith(dir: string, file: string, heapMb: number) {
  return spawnSync(
    process.execPath,
    [`--max-old-space-size=${heapMb}`, ...TS_NODE_ARGS, cliMain, 'audit', '--baseline', file, '--format', 'json'],
    { cwd: dir, encoding: 'utf8', timeout: 120_000 },
  );
}

/** `size` bytes of entries of a fingerprint and 15 member names never used before. */
function uniqueNames(size: number): string {
  const entries: string[] = [];
  let n = 0;
  for (let length = 20; length < size;) {
    const names = Array.from({ length: 15 }, () => `"${(n++).toString(36)}":0`);
    const entry = `{"fingerprint":"${FP}",${names.join(',')}}`;
    if (length + entry.length + 1 > size) break;
    entries.push(entry);
    length += entry.length + 1;
  }
  return `{"findings":[${entries.join(',')}]}`;
}

t.test('a hostile baseline under the size limit costs no memory to refuse (a heap of 96 MB)', async (t) => {
  const dir = tempDir('cr-bl-shape-');
  writeFileSync(join(dir, 'compose.yaml'), 'services:\n  web:\n    image: nginx:1.27\n');
  const size = MAX_BASELINE_BYTES - 64;
  const files = {
    // each of these took gigabytes at 64 MiB; at 16 MiB, some 500 MB
    'empty-objects.json': `{"findings":[${Array(Math.floor(size / 3))
      .fill('{}')
      .join(',')}]}`,
    'deep.json': `{"findings":${'['.repeat(size)}`,
    'deep-closed.json': `{"findings":[${'['.repeat(size / 2)}${']'.repeat(size / 2)}]}`,
    // of a baseline's shape, but 15 names never seen before an entry (review22: 545 MB, 2.6 s)
    'unique-names.json': uniqueNames(size),
  };
  for (const [name, text] of Object.entries(files)) {
    writeFileSync(join(dir, name), text);
    const r = auditWith(dir, name, 96);
    t.equal(r.status, 2, `${name}: ${r.stderr.slice(0, 300)}`);
    t.match(
      r.stderr,
      /is not a compose-review baseline: a baseline (is an object of scalars and lists of entries|entry needs a "fingerprint")/,
      name,
    );
  }
});

t.test('the API refuses a baseline part of another shape before parsing it, with its place', async (t) => {
  const app = buildApp({ rateLimitPerMinute: 0, workers: 1 });
  t.teardown(() => app.close());
  const fd = new FormData();
  fd.append('compose.yaml', new Blob(['services:\n  web:\n    image: nginx:1.27\n']), 'compose.yaml');
  fd.append('baseline', `{"findings":[${Array(1000).fill('[[[]]]').join(',')}]}`);
  const req = new Request('http://localhost/', { method: 'POST', body: fd });
  const r = await app.inject({
    method: 'POST',
    url: '/v1/audit',
    payload: Buffer.from(await req.arrayBuffer()),
    headers: { 'content-type': req.headers.get('content-type')! },
  });
  t.equal(r.statusCode, 400);
  t.match(r.json(), { pointer: '/baseline/findings/0', detail: /an entry is a list/ });
});

t.test("the API's JSON body `baseline` member is checked as the file and the part are", async (t) => {
  const app = buildApp({ rateLimitPerMinute: 0, workers: 1 });
  t.teardown(() => app.close());
  const files = { 'compose.yaml': 'services:\n  web:\n    image: nginx:1.27\n' };
  const entry = { fingerprint: FP };
  const many = Object.fromEntries(Array.from({ length: 13 }, (_, i) => [`k${i}`, i]));
  for (const [baseline, pointer, detail] of [
    [{ findings: [{ ...entry, x: { a: 1 } }] }, '/baseline/findings/0', /an entry holds a list or an object/],
    // the schema's words (JSON Schema says this much of the shape)
    [{ findings: [entry, [entry]] }, '/baseline/findings/1', /body\/baseline\/findings\/1 must be object/],
    [{ findings: [], other: { a: 1 } }, '/baseline', /the member "other" is an object/],
    [{ findings: [entry, { ...entry, ...many }] }, '/baseline/findings/1', /the entries use more than 16 member names/],
    [{ findings: [entry], more: [0] }, '/baseline/more/0', /an entry is an object/],
  ] as const) {
    for (const [url, body] of [
      ['/v1/audit', { files, baseline }],
      ['/v1/review', { base: { files }, head: { files }, baseline }],
    ] as const) {
      const r = await app.inject({ method: 'POST', url, payload: body });
      t.equal(r.statusCode, 400, `${url} ${JSON.stringify(baseline).slice(0, 60)}`);
      t.match(r.json(), { pointer, detail }, `${url} ${JSON.stringify(baseline).slice(0, 60)}`);
    }
  }
  // a baseline of the shape still applies
  const ok = await app.inject({
    method: 'POST',
    url: '/v1/audit',
    payload: { files, baseline: { findings: [{ ...entry, note: 'accepted', n: 1 }] } },
  });
  t.equal(ok.statusCode, 200);
});
