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
import { checkBaselineShape } from '../src/baseline/shape.js';
import { createBaseline, formatBaseline, parseBaseline } from '../src/baseline/baseline.js';
import { BundleError } from '../src/bundle/bundle.js';
import { MAX_BASELINE_BYTES } from '../src/cli/io.js';
import { buildApp } from '../src/api/app.js';
import { TS_NODE_ARGS } from './helpers/ts-child.js';
import { tempDir } from './helpers/temp.js';

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
  ]) {
    t.doesNotThrow(() => checkBaselineShape(text), text.slice(0, 60));
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
