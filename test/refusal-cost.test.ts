// An upload refused at an entry of a large archive (review23 F2): its refusal was masked with the
// secret values of the archives' whole text, read line by line (src/redact/lines.ts), ~120-400 ms a
// MiB; two archives inflating to 15 MiB each (a 77 KB body) ran past the 5 s work deadline: a 422
// and a replaced worker instead of the 400. Past a budget (src/api/refusal-cost.ts) the refused entry
// is named by its place, its name (which could hold a secret) not shown; status and pointer's place kept.
import t from 'tap';
import { gzipSync } from 'node:zlib';
import { buildApp } from '../src/api/app.js';
import { affordable, readingCost, READING_BUDGET } from '../src/api/refusal-cost.js';
import { refusalMasker, refusalWordsMasker } from '../src/redact/secrets.js';
import { tarArchive, tarOf, type TarEntry } from './helpers/tar.js';
import { TEST_WORKERS } from './helpers/workers.js';

const app = buildApp({ workers: TEST_WORKERS });
t.teardown(() => app.close());

const SECRET = 'Zq8hunter2secretvalue';
const env = `API_TOKEN=${SECRET}\n`;
const compose = 'services:\n  web:\n    image: nginx\n';
/** ~1 MiB of secret-named YAML lines: past the budget (each line ~7,200 units, 64M in all) */
const big = '  - password: Zq8vK2mPx7LwN4tR\n'.repeat(34_000);
const UNREAD = /\(named by its place: the upload is too large to read for the secret values its name may hold\)$/;

async function pair(base: Buffer, head: Buffer, extra: [string, string][] = []) {
  const fd = new FormData();
  fd.append('base', new Blob([gzipSync(base)]), 'base.tgz');
  fd.append('head', new Blob([gzipSync(head)]), 'head.tgz');
  for (const [name, content] of extra) fd.append(name, new Blob([content]), name);
  const req = new Request('http://localhost/', { method: 'POST', body: fd });
  const r = await app.inject({
    method: 'POST',
    url: '/v1/review',
    payload: Buffer.from(await req.arrayBuffer()),
    headers: { 'content-type': req.headers.get('content-type')! },
  });
  return { status: r.statusCode, body: r.body, json: JSON.parse(r.body) as object };
}

t.test('the cost estimate follows what reading a text for secret values costs', async (t) => {
  t.ok(readingCost(big) > READING_BUDGET, 'a MiB of secret-named lines is past the budget');
  t.notOk(affordable([big]));
  // one long line of plain characters reads fast (test/redact-refusals.test.ts: a 16.5 MiB entry's 413)
  t.ok(affordable([`# ${'x'.repeat(16.5 * 2 ** 20)}\n`]), 'a long plain line is not');
  t.ok(affordable([compose, env]), 'a bundle is not');
  // a line of plain characters can still be a token (src/audit/secrets.ts TOKEN_LITERALS: `AIza`)
  t.ok(readingCost(`AIza${'x'.repeat(35)}`) > readingCost('x'.repeat(39)));
  // NUL padding is one line end, as the masking reads `\0+`
  t.equal(readingCost(Buffer.from('a\0\0\0\0b')), readingCost('a\nb'));
  t.equal(readingCost(Buffer.from(big)), readingCost(big), 'bytes and text alike');
});

t.test('a change pair refused in a large archive: a 400 naming the entry by its place', async (t) => {
  for (const [what, base, head, detail, status] of [
    [
      'refused at its first entry, both archives large',
      tarArchive([
        { name: '../escape', content: 'x' },
        { name: 'big.yaml', content: big },
      ]),
      tarOf({ 'compose.yaml': compose, 'big.yaml': big }),
      'the "base" archive: the path of tar entry 1 escapes the bundle',
      400,
    ],
    [
      'refused at its last entry',
      tarOf({ 'compose.yaml': compose, 'big.yaml': big, '../escape': 'x' }),
      tarOf({ 'compose.yaml': compose }),
      'the "base" archive: the path of tar entry 3 escapes the bundle',
      400,
    ],
    [
      'a symbolic link named by a secret of the other archive',
      tarOf({ 'compose.yaml': compose }),
      tarArchive([
        { name: 'big.yaml', content: big },
        { name: 'dir', type: '5' },
        { name: `${SECRET}.yaml`, type: '2', linkname: '/etc/passwd' },
        { name: '.env', content: env },
      ]),
      'the "head" archive: tar entry 3 is a symbolic link: a bundle holds regular files only',
      400,
    ],
    [
      'a file twice, its name a secret',
      tarArchive([
        { name: '.env', content: env },
        { name: `${SECRET}.yaml`, content: 'a' },
        { name: 'big.yaml', content: big },
        { name: `./${SECRET}.yaml`, content: 'b' },
      ]),
      tarOf({ 'compose.yaml': compose }),
      'the "base" archive: tar entry 4 names a file an entry before it names too (two tar entries): send each file once',
      400,
    ],
  ] as [string, Buffer, Buffer, string, number][]) {
    const r = await pair(base, head);
    t.equal(r.status, status, what);
    t.notMatch(r.body, SECRET, `${what}: no secret`);
    t.match(r.json, { pointer: detail.slice(5, 11) === 'base" ' ? '/base' : '/head' }, what);
    const said = (r.json as { detail: string }).detail;
    t.equal(said.replace(UNREAD, '').trimEnd(), detail, `${what}: ${said}`);
    t.match(said, UNREAD, `${what}: says why the name is not shown`);
  }
});

t.test('a small archive: its refusal names the entry, masked, as before', async (t) => {
  const r = await pair(
    tarOf({ 'compose.yaml': compose }),
    tarArchive([
      { name: `${SECRET}.yaml`, type: '2', linkname: '/etc/passwd' },
      { name: '.env', content: env },
    ]),
  );
  t.equal(r.status, 400);
  t.notMatch(r.body, SECRET);
  t.match(r.json, {
    pointer: '/head',
    detail: 'the "head" archive: tar entry "********.yaml" is a symbolic link: a bundle holds regular files only',
  });
});

t.test('a file part beside a large change pair: named by its place among the parts', async (t) => {
  const r = await pair(
    tarOf({ 'compose.yaml': compose, '.env': env, 'big.yaml': big }),
    tarOf({ 'compose.yaml': compose }),
    [[`${SECRET}.yaml`, 'services: {}\n']],
  );
  t.equal(r.status, 400);
  t.notMatch(r.body, SECRET);
  t.match(r.json, {
    pointer: '/files',
    detail:
      /^a change pair holds only the "base" and "head" archives \(and "bundle" and "baseline" parts\), not file parts: part 3 is one \(named by its place/,
  });
});

t.test('a file part sent twice beside a large change pair: its refusal, the names it quotes left out', async (t) => {
  // refused while the parts were read (the bundle holds the file twice), masked with both archives'
  // text (intake12) unless they are too large to read: then no name of it is shown
  const r = await pair(
    tarOf({ 'compose.yaml': compose, '.env': env, 'big.yaml': big }),
    tarOf({ 'compose.yaml': compose }),
    [
      [`${SECRET}.yaml`, 'services: {}\n'],
      [`${SECRET}.yaml`, 'services: {}\n'],
    ],
  );
  t.equal(r.status, 400);
  t.notMatch(r.body, SECRET);
  t.match(r.json, { pointer: '/files', detail: /\(a name\).*\(named by its place/ });
});

t.test('a tar body refused in a large archive: the entry by its place, the status kept', async (t) => {
  const post = (entries: TarEntry[]) =>
    app.inject({
      method: 'POST',
      url: '/v1/validate',
      payload: gzipSync(tarArchive(entries)),
      headers: { 'content-type': 'application/gzip' },
    });
  for (const [what, entries, status, detail] of [
    [
      'a path that leaves the bundle, a secret in it',
      [
        { name: '.env', content: env },
        { name: 'big.yaml', content: big },
        { name: `../${SECRET}.yaml`, content: 'x' },
      ],
      400,
      'the path of tar entry 3 escapes the bundle',
    ],
    [
      'a hard link',
      [
        { name: 'big.yaml', content: big },
        { name: `${SECRET}.yaml`, type: '1', linkname: 'big.yaml' },
        { name: '.env', content: env },
      ],
      400,
      'tar entry 2 is a hard link: a bundle holds regular files only',
    ],
    [
      'an absolute path',
      [
        { name: 'big.yaml', content: big },
        { name: `/${SECRET}`, content: 'x' },
      ],
      400,
      'the path of tar entry 2 must be relative to the bundle',
    ],
  ] as [string, TarEntry[], number, string][]) {
    const r = await post(entries);
    t.equal(r.statusCode, status, what);
    t.notMatch(r.body, SECRET, `${what}: no secret`);
    const p = JSON.parse(r.body) as { detail: string; pointer: string };
    t.equal(p.pointer, '/files', what);
    t.equal(p.detail.replace(UNREAD, '').trimEnd(), detail, `${what}: ${p.detail}`);
  }
  // a refusal that quotes no name says what it said
  const r = await post([
    { name: 'big.yaml', content: big },
    { name: 'x', type: 'V' },
  ]);
  t.match(JSON.parse(r.body), { status: 400, detail: /^tar entry 2 has unsupported type "V"/ });
});

t.test('a value longer than the refusal it masks is passed over, its shorter pieces read', async (t) => {
  const long = `password: |\n  ${'x'.repeat(200_000)}\n  ${SECRET}\n`;
  t.equal(refusalMasker({ files: { a: long } }).size, 2, 'refusalMasker keeps the long value and its line');
  const m = refusalWordsMasker(600, { files: { a: long } });
  t.equal(m.size, 1, 'the long value is passed over');
  t.equal(m.text(`tar entry "${SECRET}.yaml"`), 'tar entry "********.yaml"', 'its line is masked');
  // a broken template's piece of a long value, its trimmed text
  const template = refusalWordsMasker(100, { files: { a: `API_TOKEN: ${SECRET}\${${'y'.repeat(300)}\n` } });
  t.equal(template.text(SECRET), '********');
});

t.test('two archives inflating to 15 MiB each, refused at the first entry: a 400, not the deadline', async (t) => {
  // review23's pair-refusal-both.mjs: a 77 KB body, answered 422 past the 5 s work deadline
  const lines = '  - password: Zq8vK2mPx7LwN4tR\n'.repeat(Math.floor((15 << 20) / 31));
  const r = await pair(
    tarArchive([
      { name: '../escape', content: 'x' },
      { name: 'big.yaml', content: lines },
    ]),
    tarOf({ 'compose.yaml': compose, 'big.yaml': lines }),
  );
  t.equal(r.status, 400, r.body.slice(0, 200));
  t.match(r.json, { pointer: '/base', detail: /^the "base" archive: the path of tar entry 1 escapes the bundle/ });
});
