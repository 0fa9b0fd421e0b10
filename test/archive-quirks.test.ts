/**
 * Archives the attack sent that were answered wrongly: entry names that are not UTF-8 (two of them
 * were refused as one file twice, both read as U+FFFD), gzip data followed by garbage (zlib's
 * "incorrect header check"), and zip archives (read as a file called "base", a 200 `no-compose-file`).
 */
import t from 'tap';
import { gzipSync } from 'node:zlib';
import { buildApp } from '../src/api/app.js';
import { readTar } from '../src/bundle/tar.js';
import { BundleError } from '../src/bundle/bundle.js';
import { tarArchive, tarOf } from './helpers/tar.js';

const C = 'services:\n  web:\n    image: nginx:1.25\n';
const named = (name: Buffer) => {
  // a header whose name field holds raw bytes
  const tar = tarArchive([{ name: 'x', content: C }]);
  const out = Buffer.from(tar);
  out.fill(0, 0, 100);
  name.copy(out, 0);
  out.fill(0x20, 148, 156);
  let sum = 0;
  for (let i = 0; i < 512; i++) sum += out[i];
  out.write(sum.toString(8).padStart(6, '0') + '\0 ', 148);
  return out.subarray(0, 1024);
};

t.test('an entry name that is not UTF-8 is refused as such, naming its bytes', async (t) => {
  const two = Buffer.concat([
    tarArchive([{ name: 'compose.yaml', content: C }], false),
    named(Buffer.from([0x61, 0xff, 0x2e, 0x79, 0x61, 0x6d, 0x6c])),
    named(Buffer.from([0x61, 0xfe, 0x2e, 0x79, 0x61, 0x6d, 0x6c])),
    Buffer.alloc(1024),
  ]);
  const e = t.throws(() => readTar(two)) as BundleError;
  t.ok(e instanceof BundleError);
  t.equal(e.message, 'tar entry name "a\\xff.yaml" is not UTF-8: a bundle path is UTF-8 text');
  t.notMatch(e.message, /twice/);
  // a long name (GNU `L`) and a valid multi-byte name
  const long = tarArchive([
    { name: '././@LongLink', type: 'L', content: Buffer.from([0x62, 0xc3, 0x28]) },
    { name: 'x', content: C },
  ]);
  t.throws(() => readTar(long), { message: 'tar entry name "b\\xc3(" is not UTF-8: a bundle path is UTF-8 text' });
  t.same(Object.keys(readTar(tarOf({ 'café.yaml': C }))), ['café.yaml']);
});

t.test('gzip followed by garbage: refused in words; NUL padding and two members are read', async (t) => {
  const app = buildApp({ rateLimitPerMinute: 0, workers: 1 });
  t.teardown(() => app.close());
  const gz = gzipSync(tarOf({ 'compose.yaml': C }));
  const post = (payload: Buffer) =>
    app.inject({ method: 'POST', url: '/v1/validate', payload, headers: { 'content-type': 'application/gzip' } });
  const garbage = await post(Buffer.concat([gz, Buffer.from('xyz')]));
  t.equal(garbage.statusCode, 400);
  t.match(garbage.json().detail, 'the gzip data is followed by bytes that are not gzip data (trailing garbage)');
  t.equal((await post(Buffer.concat([gz, Buffer.alloc(16)]))).statusCode, 200, 'NUL padding');
  t.equal((await post(Buffer.concat([gz, gzipSync(Buffer.alloc(1024))]))).statusCode, 200, 'two members');
  const corrupt = Buffer.from(gz);
  corrupt[20] ^= 0xff;
  t.match((await post(corrupt)).json().detail, /not valid gzip data/, 'a damaged member is still said so');
});

t.test('a zip archive is refused clearly: as base/head parts and as a body', async (t) => {
  const app = buildApp({ rateLimitPerMinute: 0, workers: 1 });
  t.teardown(() => app.close());
  // the smallest zip: an end-of-central-directory record; and a local file header's magic
  const emptyZip = Buffer.concat([Buffer.from([0x50, 0x4b, 0x05, 0x06]), Buffer.alloc(18)]);
  const zip = Buffer.concat([Buffer.from([0x50, 0x4b, 0x03, 0x04]), Buffer.alloc(60)]);
  const fd = new FormData();
  fd.append('base', new Blob([zip]), 'base.zip');
  fd.append('head', new Blob([emptyZip]), 'head.zip');
  const req = new Request('http://localhost/', { method: 'POST', body: fd });
  const pair = await app.inject({
    method: 'POST',
    url: '/v1/review',
    payload: Buffer.from(await req.arrayBuffer()),
    headers: { 'content-type': req.headers.get('content-type')! },
  });
  t.equal(pair.statusCode, 415);
  t.match(pair.json(), {
    pointer: '/base',
    detail: 'the "base" part is a zip archive: only tar and tar.gz archives are read (git archive --format=tar.gz)',
  });
  for (const type of ['application/x-tar', 'application/gzip']) {
    const body = await app.inject({
      method: 'POST',
      url: '/v1/validate',
      payload: zip,
      headers: { 'content-type': type },
    });
    t.equal(body.statusCode, 415, type);
    t.match(body.json().detail, 'the body is a zip archive: only tar and tar.gz archives are read');
  }
});
