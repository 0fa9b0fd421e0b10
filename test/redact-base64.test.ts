/**
 * A secret's base64 forms are masked: `Authorization: Basic base64(user:secret)` in a label or an
 * environment value, `base64(secret)` alone. As GitHub Actions' runner masks a registered secret's
 * base64 at the three byte alignments (actions/runner src/Sdk/DTLogging/Logging/ValueEncoders.cs:16-19,
 * 32-40, 146-159), less the characters the bytes beside the secret decide, in the standard and the
 * URL-safe alphabets, for a secret of 8 bytes or more (src/redact/encodings.ts base64Forms).
 */
import t from 'tap';
import { showsNoSecret } from './helpers/answers.js';
import { growth, GROWTH_LIMIT } from './helpers/growth.js';
import { prng } from './helpers/fuzz.js';
import { BASE64_MIN_BYTES, base64Forms } from '../src/redact/encodings.js';
import { Masker, MASK } from '../src/redact/mask.js';

const b64 = (s: string | Buffer) => Buffer.from(s).toString('base64');
const url = (s: string) => s.replace(/\+/g, '-').replace(/\//g, '_');
/** the characters of `encoded` that only the secret's bytes decide, as a leak pattern */
const middle = (encoded: string, prefix: number, secret: string): string => {
  const from = Math.ceil((8 * prefix) / 6);
  return encoded.slice(from, Math.floor((8 * (prefix + Buffer.byteLength(secret))) / 6));
};
const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');

t.test('no answer shows a secret base64-encoded, alone or after a user name', async (t) => {
  // a secret masked anywhere, one masked as a whole token only (two kinds of character), one with `+`/`/` in its forms
  for (const secret of ['s3crQEtValue9xQ!', 'hunter2hunter2', '~~>?~~>?~~>?Zz9']) {
    const forms = [
      b64(secret),
      b64(`admin:${secret}`),
      b64(`ad:${secret}`),
      b64(`a:${secret}`),
      url(b64(`x:${secret}`)),
      b64(`${secret}\n`),
    ];
    const files = {
      'compose.yaml': `services:\n  web:\n    image: nginx:1.27\n    environment:\n      DB_PASSWORD: ${JSON.stringify(secret)}\n      UPSTREAM_AUTH: "Basic ${forms[1]}"\n    labels:\n${forms.map((f, i) => `      l${i}: "Basic ${f}"\n`).join('')}`,
    };
    const leaks = [
      middle(forms[0], 0, secret),
      middle(forms[1], 6, secret),
      middle(forms[2], 3, secret),
      middle(forms[3], 2, secret),
      url(middle(b64(`x:${secret}`), 2, secret)),
    ].map(escape);
    const answers = showsNoSecret(t, files, new RegExp(leaks.join('|')), `${secret}: no base64 form shown`);
    t.ok(
      answers.some(([, body]) => body.includes('nginx:1.27')),
      'the rest is shown',
    );
  }
});

t.test('the forms: what the secret alone decides, at each alignment, in both alphabets', async (t) => {
  t.same(base64Forms('Pa55w0r'), [], `under ${BASE64_MIN_BYTES} bytes: none`);
  t.equal(BASE64_MIN_BYTES, 8);
  const random = prng(7);
  for (let k = 0; k < 300; k++) {
    const n = BASE64_MIN_BYTES + Math.floor(random() * 24);
    const secret = String.fromCharCode(...Array.from({ length: n }, () => 33 + Math.floor(random() * 94)));
    const forms = base64Forms(secret);
    t.ok(
      forms.every((f) => f.length >= 10),
      'each form 10 characters at least',
    );
    // whatever bytes stand before and after it, the text's encoding holds a form of it
    const before = Buffer.from(Array.from({ length: Math.floor(random() * 7) }, () => Math.floor(random() * 256)));
    const after = Buffer.from(Array.from({ length: Math.floor(random() * 4) }, () => Math.floor(random() * 256)));
    const text = b64(Buffer.concat([before, Buffer.from(secret), after]));
    if (!forms.some((f) => text.includes(f))) t.fail(`${JSON.stringify(secret)} after ${before.length} bytes`);
    if (!forms.some((f) => url(text).includes(f))) t.fail(`${JSON.stringify(secret)} URL-safe`);
  }
  t.same(base64Forms('admin:hunter2'), ['YWRtaW46aHVudGVyM', 'FkbWluOmh1bnRlcj', 'hZG1pbjpodW50ZXIy']);
});

t.test('a masker masks the forms inside a longer encoding, once and for all', async (t) => {
  const secret = 's3crQEtValue9xQ!';
  const m = new Masker([secret]);
  const header = `Authorization: Basic ${b64(`admin:${secret}`)}`;
  const masked = m.text(header);
  t.notMatch(masked, middle(b64(`admin:${secret}`), 6, secret));
  t.match(masked, `Authorization: Basic YWRtaW46${MASK}`, 'the user name is shown, the secret masked');
  t.equal(m.text(masked), masked, 'masking again changes nothing');
  t.equal(m.rendered(JSON.stringify({ header })), JSON.stringify({ header: masked }), 'as a rendered answer');
  const other = `Basic ${b64('admin:another-Passw0rd!')}`;
  t.equal(m.text(other), other, 'the base64 of another value is shown');
  t.equal(new Masker(['Pa55w0r']).text(b64('Pa55w0r')), b64('Pa55w0r'), 'a secret under 8 bytes: its base64 is not');
});

t.test('growth: a masker of 4x the secrets over 4x the base64 text', async (t) => {
  const masker = (n: number) => {
    const secrets = Array.from({ length: n }, (_, i) => `Zq${i}!Secret`);
    const body = secrets.map((s) => `Basic ${b64(`u:${s}`)} ${b64(`u:${s.slice(1)}`)}`).join(' ');
    return () => new Masker(secrets).text(body).length;
  };
  const h = growth(masker(1_000), masker(4_000));
  t.ok(h.ratio < GROWTH_LIMIT, `4x the values: ${h.ratio.toFixed(1)}x the time`);
});
