// Bytes that are not UTF-8 cost what valid ones do, from the part's bytes to the refusal.
// - decodeText (src/bundle/text.ts) added each byte's lone surrogate to the string with `+=`: ~0.2-0.4 µs
//   a byte, growing faster than the input (0.25 MiB of 0xff 43 ms, 1 MiB 678 ms, 4 MiB 3.2 s).
// - invalidUtf8 (src/utf8.ts) rebuilt the whole file's bytes (two arrays of numbers) to find the first
//   problem go-yaml's reader stops at (go.yaml.in/yaml/v4 internal/libyaml/reader.go): 1 MiB of 0xff
//   cost every route 1.6 s where 1 MiB of valid text cost 0.45 s.
import t from 'tap';
import { decodeText } from '../src/bundle/text.js';
import { invalidUtf8 } from '../src/utf8.js';
import { parseBundle } from '../src/bundle/bundle.js';
import { allWork, growth, GROWTH_LIMIT, minTime } from './helpers/growth.js';

const ff = (n: number): Buffer => Buffer.alloc(n, 0xff);
/** n bytes of valid text and one byte that is not UTF-8 at the end: the same way through decodeText */
const oneBad = (n: number): Buffer => {
  const b = Buffer.alloc(n, 0x61);
  b[n - 1] = 0xff;
  return b;
};

t.test('decodeText: the same string as before, a byte that is not UTF-8 as U+DC80 + byte', async (t) => {
  const cases: [number[], string][] = [
    [[0xff], '\udcff'],
    [[0x61, 0xe2, 0x82, 0xac, 0xff, 0x62], 'a€\udcffb'],
    [[0xf0, 0x9f, 0x98, 0x80, 0x80], '😀\udc80'],
    [[0xe2, 0x82], '\udce2\udc82'], // a sequence cut short: each byte
    [[0xed, 0xa0, 0x80], '\udced\udca0\udc80'], // a surrogate's encoding is no UTF-8
    [[0xc0, 0xaf], '\udcc0\udcaf'], // nor an overlong one
    [[0xf4, 0x90, 0x80, 0x80], '\udcf4\udc90\udc80\udc80'], // nor past U+10FFFF
    [[0xc3, 0xa9, 0xc3], 'é\udcc3'],
  ];
  for (const [bytes, text] of cases) t.equal(decodeText(Buffer.from(bytes)), text, JSON.stringify(text));
  // a view into a larger buffer reads its own bytes only
  const big = Buffer.from([0x41, 0xff, 0xe2, 0x82, 0xac, 0x42]);
  t.equal(decodeText(new Uint8Array(big.buffer, big.byteOffset + 1, 4)), '\udcff€');
});

t.test('decodeText: a byte that is not UTF-8 costs what a valid one does, and grows linearly', async (t) => {
  const n = 1 << 20;
  const [bad, good] = [ff(n), oneBad(n)];
  const invalid = minTime(() => decodeText(bad), 3);
  const valid = minTime(() => decodeText(good), 3);
  t.ok(invalid < 4 * valid + 5, `1 MiB of 0xff ${invalid.toFixed(1)} ms, of valid text ${valid.toFixed(1)} ms`);
  const [small, large] = [ff(256 << 10), ff(1 << 20)];
  const g = growth(
    () => decodeText(small),
    () => decodeText(large),
  );
  t.ok(g.ratio < GROWTH_LIMIT, `0xff x 256 KiB ${g.small.toFixed(1)} ms, x 1 MiB ${g.large.toFixed(1)} ms`);
});

t.test('invalidUtf8 reads no further than the first problem', async (t) => {
  const text = decodeText(ff(1 << 20));
  t.match(invalidUtf8(text), { index: 0, offset: 0, problem: 'invalid leading UTF-8 octet', bytes: '0xff' });
  const late = `${'a'.repeat(1 << 20)}é\udcff`;
  t.match(invalidUtf8(late), { index: (1 << 20) + 1, offset: (1 << 20) + 2, bytes: '0xff' });
  // lone surrogates whose bytes are valid UTF-8 together (a JSON body's `\udce2\udc82\udcac` is `€`)
  // are read on: the problem is after them
  t.match(invalidUtf8('x\udce2\udc82\udcac\udcc3'), {
    index: 4,
    offset: 4,
    problem: 'incomplete UTF-8 octet sequence',
    bytes: '0xc3',
  });
  t.equal(invalidUtf8('x\udce2\udc82\udcac'), undefined);
  // the problem at the first byte: nothing after it is read (the whole file was: 77 ms a MiB)
  const spent = minTime(() => invalidUtf8(text), 3);
  t.ok(spent < 5, `1 MiB of 0xff: ${spent.toFixed(2)} ms`);
});

t.test('every route: a file of bytes that are not UTF-8 costs no more than one of valid text', async (t) => {
  const head = Buffer.from('services: {}\n# ');
  const n = 1 << 20;
  const bundle = (tail: Buffer) => ({ files: { 'compose.yaml': decodeText(Buffer.concat([head, tail])) } });
  const [bad, good] = [bundle(ff(n)), bundle(Buffer.alloc(n, 0x61))];
  const invalid = minTime(() => allWork(parseBundle(bad)), 2);
  const valid = minTime(() => allWork(parseBundle(good)), 2);
  t.ok(invalid < 2 * valid, `1 MiB of 0xff in a comment ${invalid.toFixed(0)} ms, of "a" ${valid.toFixed(0)} ms`);
});
