// Masking by value in linear time (src/redact/scan.ts, src/redact/mask.ts) and the one-pass rewrites
// of src/redact/secrets.ts and src/report/escape.ts, each checked against a brute-force reference or
// the regular expression it replaces, on random inputs over small alphabets (so that overlaps,
// nested values and word boundaries happen all the time). The inputs come from a seeded generator:
// a failure names its seed and input, and comes back the same.
import t from 'tap';
import { TokenScanner } from '../src/redact/scan.js';
import { encodings, Masker, MASK, NO_MASK, PLAIN } from '../src/redact/mask.js';
import { envLine, keyLine } from '../src/redact/lines.js';
import { mdCode, mdFence, mdProse, mdText } from '../src/report/escape.js';
import { prng as random } from './helpers/fuzz.js';

const pick = (rnd: () => number, chars: readonly string[]): string => chars[Math.floor(rnd() * chars.length)];
const word = (rnd: () => number, chars: readonly string[], max: number, min = 0): string => {
  let s = '';
  const n = min + Math.floor(rnd() * (max - min + 1));
  for (let i = 0; i < n; i++) s += pick(rnd, chars);
  return s;
};

// `_` is no word character (src/redact/scan.ts): the join of the names Compose builds
const isWord = (c: string | undefined): boolean => c !== undefined && /[A-Za-z0-9]/.test(c);

/** Every whole-token occurrence of every value, position by position: the definition, slowly. */
function occurrences(values: readonly string[], text: string): [number, number][] {
  const out: [number, number][] = [];
  for (const v of new Set(values)) {
    if (!v) continue;
    for (let p = text.indexOf(v); p >= 0; p = text.indexOf(v, p + 1)) {
      const e = p + v.length;
      if (isWord(v[0]) && isWord(text[p - 1])) continue;
      if (isWord(v[v.length - 1]) && isWord(text[e])) continue;
      out.push([p, e]);
    }
  }
  return out.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
}

/** Their union: overlapping occurrences merged, touching ones kept apart. */
function union(occ: [number, number][]): number[] {
  const out: number[] = [];
  for (const [s, e] of occ) {
    if (out.length && s < out[out.length - 1]) out[out.length - 1] = Math.max(out[out.length - 1], e);
    else out.push(s, e);
  }
  return out;
}

/** The masker this one replaces (an alternation of every value, longest first), for comparison. */
function regexMask(values: readonly string[], text: string): string {
  const WORD = /[A-Za-z0-9]/;
  const esc = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const list = [...new Set(values)].filter((v) => v.length > 0).sort((a, b) => b.length - a.length);
  if (!list.length) return text;
  const pattern = list
    .map(
      (v) =>
        `${WORD.test(v[0]) ? '(?<![A-Za-z0-9])' : ''}${esc(v)}${WORD.test(v[v.length - 1]) ? '(?![A-Za-z0-9])' : ''}`,
    )
    .join('|');
  return text.replace(new RegExp(pattern, 'g'), MASK);
}

const ALPHABETS = ['ab_-', 'a-', 'ab', 'aB_ .', 'a\u0301é-', 'a\ud83d\ude00_'].map((s) =>
  [...s].flatMap((c) => c.split('')),
);

t.test('the union of whole-token occurrences, as the definition gives it', async (t) => {
  let checked = 0;
  let withMatches = 0;
  for (const [k, alphabet] of ALPHABETS.entries())
    for (let seed = 0; seed < 1500; seed++) {
      const rnd = random(seed * 31 + k);
      const values = Array.from({ length: 1 + Math.floor(rnd() * 6) }, () => word(rnd, alphabet, 5));
      const text = word(rnd, alphabet, 40);
      const expected = union(occurrences(values, text));
      const got = new TokenScanner(values).spans(text);
      checked++;
      if (expected.length) withMatches++;
      if (JSON.stringify(got) !== JSON.stringify(expected)) {
        t.same(
          got,
          expected,
          `seed ${seed}, alphabet ${JSON.stringify(alphabet.join(''))}: ${JSON.stringify({ values, text })}`,
        );
        return;
      }
    }
  t.pass(`${checked} random cases (${withMatches} with occurrences) agree with the definition`);
});

/** And at each `…` of a cut text, each value's first words before it (cut at a blank, src/escape.ts cutAtBlank). */
function cutOccurrences(values: readonly string[], text: string): [number, number][] {
  const out = occurrences(values, text);
  for (let i = text.indexOf('…'); i >= 0; i = text.indexOf('…', i + 1))
    for (const v of new Set(values))
      for (let k = 1; k < v.length; k++) {
        if (!/\s/.test(v[k]) || /\s/.test(v[k - 1]) || text.slice(i - k, i) !== v.slice(0, k) || i < k) continue;
        if (isWord(v[0]) && isWord(text[i - k - 1])) continue;
        out.push([i - k, i]);
      }
  return out.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
}

t.test('a cut text: the first words of a value before `…` are an occurrence too', async (t) => {
  let withCuts = 0;
  for (const [k, alphabet] of [' a-…', 'ab \t…_', 'a\u00a0b…'].map((s) => [...s]).entries())
    for (let seed = 0; seed < 3000; seed++) {
      const rnd = random(seed * 13 + k + 5000);
      const values = Array.from({ length: 1 + Math.floor(rnd() * 4) }, () => word(rnd, alphabet, 6));
      const text = word(rnd, alphabet, 40);
      const expected = union(cutOccurrences(values, text));
      if (JSON.stringify(expected) !== JSON.stringify(union(occurrences(values, text)))) withCuts++;
      const got = new TokenScanner(values).spans(text);
      if (JSON.stringify(got) !== JSON.stringify(expected)) {
        t.same(got, expected, `seed ${seed}: ${JSON.stringify({ values, text })}`);
        return;
      }
    }
  t.ok(withCuts > 500, `every case as the definition says, ${withCuts} with a cut occurrence`);
  const mask = (values: string[], text: string): string => new Masker(values).text(text);
  t.equal(mask(['my pass phrase'], '--requirepass "my pass…"'), `--requirepass "${MASK}…"`);
  t.equal(mask(['my pass phrase'], 'echo my…'), `echo ${MASK}…`, 'the first word alone');
  t.equal(mask(['my pass phrase'], 'echo my pass'), 'echo my pass', 'no `…`: not cut, a text of its own');
  t.equal(
    mask(['my pass phrase'], 'echo my pa…'),
    'echo my pa…',
    'not at a blank of the value: cutAtBlank cuts there never',
  );
  t.equal(mask(['my pass phrase'], 'echo xmy pass…'), 'echo xmy pass…', 'inside a longer word');
  t.equal(mask(['a"b c'], 'drops "a\\"b…"'), `drops "${MASK}…"`, 'a quoted form (JSON)');
  t.equal(new Masker(['my pass phrase']).deep({ m: ['x my…'] }).m[0], `x ${MASK}…`, 'a few values: read for a cut too');
});

t.test('where no two occurrences overlap, the same answer as the regular expression it replaces', async (t) => {
  let compared = 0;
  for (const [k, alphabet] of ALPHABETS.entries())
    for (let seed = 0; seed < 1500; seed++) {
      const rnd = random(seed * 17 + k + 1000);
      const values = Array.from({ length: 1 + Math.floor(rnd() * 4) }, () => word(rnd, alphabet, 5));
      const text = word(rnd, alphabet, 30);
      const occ = occurrences(values, text);
      const m = new Masker(values);
      const got = m.text(text);
      // nothing outside an occurrence is masked, and no occurrence is left with a character in clear
      const spans = union(occ);
      let rebuilt = '';
      let last = 0;
      for (let i = 0; i < spans.length; i += 2) {
        rebuilt += text.slice(last, spans[i]) + MASK;
        last = spans[i + 1];
      }
      if (got !== rebuilt + text.slice(last)) {
        t.equal(got, rebuilt + text.slice(last), `${JSON.stringify({ values, text })}`);
        return;
      }
      if (occ.some((o, i) => i > 0 && o[0] < Math.max(...occ.slice(0, i).map((p) => p[1])))) continue;
      compared++;
      if (got !== regexMask(values, text)) {
        t.equal(got, regexMask(values, text), `${JSON.stringify({ values, text })}`);
        return;
      }
    }
  t.ok(compared > 1000, `every case masked as the definition says; ${compared} without overlaps as before`);
});

t.test('cases by hand', async (t) => {
  const mask = (values: string[], text: string): string => new Masker(values).text(text);
  t.equal(mask(['hunter2hunter2'], '--password=hunter2hunter2'), `--password=${MASK}`);
  t.equal(mask(['hunter2hunter2'], 'pg://u:hunter2hunter2@db'), `pg://u:${MASK}@db`);
  t.equal(mask(['hunter2hunter2'], 'xhunter2hunter2y'), 'xhunter2hunter2y', 'inside a longer word: not a token');
  t.equal(mask(['hunter2hunter2'], 'hunter2hunter2'), MASK, 'the whole text');
  t.equal(mask(['-pw-'], 'a-pw-b'), `a${MASK}b`, 'no boundary asked on a side that is not a word character');
  t.equal(mask(['a', 'aa', 'aaa'], 'aaaa aa'), `aaaa ${MASK}`, 'nested values: the longest whole token');
  t.equal(mask(['ab-cd', 'cd-ef'], 'ab-cd-ef'), MASK, 'overlapping occurrences: one mask, nothing in clear');
  t.equal(mask(['-x-'], '-x--x-'), `${MASK}${MASK}`, 'touching occurrences: one mask each');
  t.equal(mask(['', 'secret1'], 'secret1'), MASK, 'an empty value is ignored');
  t.equal(mask(['secret1', 'secret1'], 'a secret1 b'), `a ${MASK} b`, 'duplicates');
  t.equal(
    mask(['\u0301secret'], 'e\u0301secret'),
    `e${MASK}`,
    'code units, not graphemes: a combining mark after a letter',
  );
  t.equal(new Masker([]).text('secret1'), 'secret1');
  t.equal(NO_MASK.text('x'), 'x');
  t.equal(new Masker(['']).size, 1, 'size counts the values given');
  t.equal(new TokenScanner(['', 'a', 'a']).size, 1, 'the scanner counts distinct non-empty strings');
});

t.test('deep masks every string, keys included, and returns untouched parts as they are', async (t) => {
  const m = new Masker(['topsecret1']);
  const clean = { a: ['x', { b: 1 }], c: null };
  const data = { clean, dirty: { note: 'pw topsecret1', topsecret1: true, list: ['topsecret1', 'ok'] } };
  const out = m.deep(data);
  t.not(out, data);
  t.equal(out.clean, clean, 'an untouched subtree is the same object');
  t.same(out.dirty, { note: `pw ${MASK}`, [MASK]: true, list: [MASK, 'ok'] });
  t.equal(data.dirty.note, 'pw topsecret1', 'the input is not changed');
  t.equal(m.deep(clean), clean);
});

t.test('deep masks at any depth, masks a shared part once, and stops at a cycle', async (t) => {
  const m = new Masker(['topsecret1']);
  // 100,000 levels: far past any stack a recursive walk would have
  let deepest: unknown = { key: 'pw topsecret1' };
  for (let i = 0; i < 100_000; i++) deepest = i % 2 ? [deepest] : { d: deepest };
  let out = m.deep(deepest);
  for (let i = 99_999; i >= 0; i--) out = i % 2 ? (out as unknown[])[0] : (out as { d: unknown }).d;
  t.same(out, { key: `pw ${MASK}` }, 'the string at depth 100,000 is masked');
  // a part shared 2^60 times over (each level holds the one below twice, as YAML aliases make):
  // masked once, its masked copy shared as the input shares it
  let shared: Record<string, unknown> = { pw: 'topsecret1' };
  for (let i = 0; i < 60; i++) shared = { a: shared, b: shared };
  const masked = m.deep(shared);
  let a = masked;
  for (let i = 0; i < 60; i++) {
    t.equal(a.a, a.b, 'the shared part stays one object');
    a = a.a as Record<string, unknown>;
    if (i > 2) break;
  }
  let leaf = masked;
  for (let i = 0; i < 60; i++) leaf = leaf.b as Record<string, unknown>;
  t.same(leaf, { pw: MASK });
  // a cycle (not made by the loader, which gives trees; plain data can have one): no hang
  const cyclic: Record<string, unknown> = { pw: 'topsecret1' };
  cyclic.self = cyclic;
  const c = m.deep(cyclic);
  t.equal(c.pw, MASK);
  t.equal(c.self, cyclic, 'the cycle back to the object being masked is left as it is');
});

t.test('rendered masks the encoded forms of a value', async (t) => {
  const v = 'p|a"ss:w,o%rd[1]`\n';
  const m = new Masker([v]);
  for (const e of encodings(v)) t.equal(m.rendered(`<${e}>`), `<${MASK}>`, JSON.stringify(e));
  const plain = new Masker(['plainSecret1']);
  t.equal(plain.rendered('{"v":"plainSecret1"}'), `{"v":"${MASK}"}`);
});

t.test('rendered finds a value in markdown whatever stands beside it (mdText writes : _ . - # by their neighbours)', async (t) => {
  const chars = ['a', 'b', ':', '_', '$', 'w', '.', 'g', 'h', '-', '1', '#', ' ', '/', 'é'];
  let tried = 0;
  for (let seed = 0; seed < 20000; seed++) {
    const rnd = random(seed + 31);
    const v = `Zq${word(rnd, chars, 5, 1)}`;
    const text = word(rnd, chars, 3) + v + word(rnd, chars, 3);
    const m = new Masker([v]);
    if (m.text(text) === text) continue; // not a whole token there
    tried++;
    const md = mdText(text);
    if (m.rendered(md) === md) t.fail(`${JSON.stringify(v)} in ${JSON.stringify(md)}`);
  }
  t.ok(tried > 5000, `${tried} texts holding the value as a token`);
});

t.test('PLAIN holds only values that no encoding changes (every UTF-16 code unit)', async (t) => {
  let wrong = 0;
  for (let c = 0; c < 0x10000; c++) {
    const ch = String.fromCharCode(c);
    for (const v of [`a${ch}b`, `${ch}ab`, `ab${ch}`]) {
      if (!PLAIN.test(v)) continue;
      if (encodings(v).some((e) => e !== v)) {
        wrong++;
        t.fail(`U+${c.toString(16)} in ${JSON.stringify(v)}: ${JSON.stringify(encodings(v))}`);
      }
    }
  }
  t.equal(wrong, 0);
  t.ok(PLAIN.test('Abc123./+=()?;{}^'), 'the common characters are plain');
  // mdText's sequences (autolinks, issue references): words of their characters
  for (let seed = 0; seed < 20000; seed++) {
    const v = word(random(seed + 7), ['w', 'W', '.', 'g', 'H', '-', '1', 'a'], 8);
    if (PLAIN.test(v) && encodings(v).some((e) => e !== v)) t.fail(JSON.stringify([v, encodings(v)]));
  }
  t.notOk(PLAIN.test('x.www.y'), 'www. is not plain');
});

// ---- src/redact/secrets.ts: lines read in one pass, as the regular expressions read them --------

const ENV_LINE = /^\s*(?:export\s+)?([A-Za-z_][A-Za-z0-9_.-]*)\s*[=:]\s*(.*?)\s*$/;
const KEY_LINE = /^\s*-?\s*["']?([A-Za-z_][A-Za-z0-9_.-]*)["']?\s*[:=]\s*["']?(.*?)["']?\s*$/;
const LINE_CHARS = [
  ' ',
  ' ',
  '\t',
  '"',
  "'",
  '#',
  '#',
  '=',
  ':',
  '-',
  'A',
  'x',
  '_',
  '.',
  '\r',
  '\u2028',
  'export ',
  '\u00a0',
];

t.test('envLine and keyLine read what the regular expressions read', async (t) => {
  for (let seed = 0; seed < 20000; seed++) {
    const rnd = random(seed + 7);
    const line = word(rnd, LINE_CHARS, 14);
    const m = ENV_LINE.exec(line);
    const env = m ? [m[1], m[2].replace(/^(['"])([\s\S]*)\1$/, '$2').replace(/\s+#.*$/, '')] : undefined;
    const k = KEY_LINE.exec(line);
    const key = k ? [k[1], k[2]] : undefined;
    if (
      JSON.stringify(envLine(line)) !== JSON.stringify(env) ||
      JSON.stringify(keyLine(line)) !== JSON.stringify(key)
    ) {
      t.same([envLine(line), keyLine(line)], [env, key], JSON.stringify(line));
      return;
    }
  }
  t.same(envLine('export DB_PASSWORD = "s3cret value"'), ['DB_PASSWORD', 's3cret value']);
  t.same(envLine('DB_PASSWORD=s3cret   # note'), ['DB_PASSWORD', 's3cret']);
  t.same(keyLine('  - "API_TOKEN": \'tok en\'  '), ['API_TOKEN', 'tok en']);
});

// ---- src/report/escape.ts: code spans found in one pass ----------------------------------------

function mdProseRegex(s: string, inTable = false): string {
  if (!s.includes('`')) return mdText(s);
  let out = '';
  let last = 0;
  for (const m of s.matchAll(/(`+)([^`]|[^`][\s\S]*?[^`])\1(?!`)/g)) {
    out += mdText(s.slice(last, m.index)) + mdCode(m[2], inTable);
    last = m.index + m[0].length;
  }
  return out + mdText(s.slice(last));
}

t.test('mdProse finds the code spans the regular expression found', async (t) => {
  for (let seed = 0; seed < 20000; seed++) {
    const rnd = random(seed + 99);
    const s = word(rnd, ['`', '`', '`', 'a', ' ', '|', '\n'], 16);
    const inTable = seed % 2 === 0;
    if (mdProse(s, inTable) !== mdProseRegex(s, inTable)) {
      t.equal(mdProse(s, inTable), mdProseRegex(s, inTable), JSON.stringify(s));
      return;
    }
  }
  t.equal(mdProse('run `npm test` now'), 'run `npm test` now');
});

t.test('many backtick runs: no stack overflow', async (t) => {
  const many = '`a'.repeat(300_000);
  t.equal(mdCode(many).slice(0, 3), '`` ', 'mdCode');
  t.equal(mdFence('', '````a'.repeat(200_000)).slice(0, 6), '`````\n', 'mdFence');
});
