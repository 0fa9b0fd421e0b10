// A secret that cannot be an ordinary word (src/redact/strength.ts isAnywhereSecret) is masked wherever
// it stands, inside a longer word too, in every answer; a weak or plain one stays whole-token, so
// names, ports and tags that hold it as part of a word stay readable (src/redact/scan.ts). Before,
// every value was masked as a whole token only: `OTHER: xs3crQEtValue9xQ!y` next to
// `DB_PASSWORD: s3crQEtValue9xQ!` showed the password in clear in config, audit, review, the CLI.
import t from 'tap';
import { join } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { writeFileSync } from 'node:fs';
import { TokenScanner } from '../src/redact/scan.js';
import { Masker, MASK } from '../src/redact/mask.js';
import { isAnywhereSecret, isStrongSecret } from '../src/redact/strength.js';
import { buildApp } from '../src/api/app.js';
import { main } from '../src/cli/main.js';
import { runTask, type Task } from '../src/usecases/task.js';
import { showsNoSecret } from './helpers/answers.js';
import { configIn } from './helpers/cli.js';
import { growth, GROWTH_LIMIT } from './helpers/growth.js';
import { prng as random } from './helpers/fuzz.js';
import { tempDir } from './helpers/temp.js';
import { TEST_WORKERS } from './helpers/workers.js';

const isWord = (c: string | undefined): boolean => c !== undefined && /[A-Za-z0-9]/.test(c);
const kinds = (s: string): number =>
  +/[a-z]/.test(s) + +/[A-Z]/.test(s) + +/\d/.test(s) + +/[^A-Za-z\d\s]/.test(s);

/** The union of every occurrence (overlapping ones merged, touching ones apart), slowly: a whole-token value's with its word checks, an anywhere value's wherever it is. */
function occurrences(whole: readonly string[], anywhere: readonly string[], text: string): number[] {
  const out: [number, number][] = [];
  const list: [string, boolean][] = [
    ...whole.map((v): [string, boolean] => [v, false]),
    ...anywhere.map((v): [string, boolean] => [v, true]),
  ];
  for (const [v, any] of list) {
    if (!v) continue;
    for (let p = text.indexOf(v); p >= 0; p = text.indexOf(v, p + 1)) {
      const e = p + v.length;
      if (!any && isWord(v[0]) && isWord(text[p - 1])) continue;
      if (!any && isWord(v[v.length - 1]) && isWord(text[e])) continue;
      out.push([p, e]);
    }
    // a cut text (src/escape.ts cutAtBlank): the value's first words before a `…`
    for (let i = text.indexOf('…'); i >= 0; i = text.indexOf('…', i + 1))
      for (let k = 1; k < v.length && k <= i; k++) {
        if (!/\s/.test(v[k]) || /\s/.test(v[k - 1]) || text.slice(i - k, i) !== v.slice(0, k)) continue;
        // a cut is not the whole secret: found inside a word only when its words hold three kinds of character
        if ((!any || kinds(v.slice(0, k)) < 3) && isWord(v[0]) && isWord(text[i - k - 1])) continue;
        out.push([i - k, i]);
      }
  }
  out.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  const spans: number[] = [];
  for (const [s, e] of out) {
    if (spans.length && s < spans[spans.length - 1]) spans[spans.length - 1] = Math.max(spans[spans.length - 1], e);
    else spans.push(s, e);
  }
  return spans;
}

/**
 * `text` with the union of the occurrences (`occurrences`) replaced by `#`, then done again: a whole-token
 * value glued to a value found anywhere is a token once that is masked (src/redact/scan.ts).
 */
function maskedOnce(whole: readonly string[], anywhere: readonly string[], s: string): string {
  const spans = occurrences(whole, anywhere, s);
  let out = '';
  let last = 0;
  for (let k = 0; k < spans.length; k += 2) [out, last] = [out + s.slice(last, spans[k]) + '#', spans[k + 1]];
  return out + s.slice(last);
}
const maskedTwice = (whole: readonly string[], anywhere: readonly string[], text: string): string =>
  maskedOnce(whole, anywhere, maskedOnce(whole, anywhere, text));

t.test('the scanner: whole-token values and values found anywhere, as the definition gives them', async (t) => {
  const pick = (rnd: () => number, chars: string): string => chars[Math.floor(rnd() * chars.length)];
  const word = (rnd: () => number, chars: string, max: number): string =>
    Array.from({ length: Math.floor(rnd() * (max + 1)) }, () => pick(rnd, chars)).join('');
  let withAnywhere = 0;
  let glued = 0; // cases where masking once would not be masking twice
  for (const [k, alphabet] of ['ab_-', 'aB1', 'a b…', 'ab \t…_', 'aB1 …', 'ab*'].entries())
    for (let seed = 0; seed < 3000; seed++) {
      const rnd = random(seed * 17 + k + 9000);
      const values = Array.from({ length: 1 + Math.floor(rnd() * 6) }, () => word(rnd, alphabet, 5));
      const anywhere = values.filter(() => rnd() < 0.5);
      const whole = values.filter((v) => !anywhere.includes(v));
      const text = word(rnd, alphabet, 40);
      const expected = maskedTwice(whole, anywhere, text);
      if (expected !== maskedTwice(values, [], text)) withAnywhere++;
      if (expected !== maskedOnce(whole, anywhere, text)) glued++;
      const scanner = new TokenScanner(whole, anywhere);
      const got = scanner.replace(text, '#');
      if (got !== expected || scanner.replace(got, '#') !== got) {
        t.same(
          [got, scanner.replace(got, '#')],
          [expected, expected],
          `seed ${seed}, alphabet ${JSON.stringify(alphabet)}: ${JSON.stringify({ whole, anywhere, text })}`,
        );
        return;
      }
    }
  t.ok(
    withAnywhere > 2000 && glued > 50,
    `every case as the definition says, masked again unchanged; ${withAnywhere} where an anywhere value changes the answer, ${glued} where a glued value is masked by the second reading`,
  );
});

t.test('which secrets are masked anywhere: those that cannot be an ordinary word', async (t) => {
  const anywhere = [
    's3crQEtValue9xQ!', // lower, upper, digits, a sign
    'Kp9#vL2$wQ8!zR5@',
    'Pa55word', // 8 characters of three kinds
    'my-app_v2', // three kinds: a password policy's
    'a3f9c1d27e5b4a6f', // 16 hex digits: a key
    'ghp_0123456789abcdefghijklmnopqrstuvwxyz', // a token
  ];
  const whole = [
    'hunter2hunter2', // 14 characters of two kinds
    'postgres15', // a name with a digit
    'redis7app',
    'Shadowfax', // a word
    'changeme',
    'correct horse battery staple', // lower-case words
    'Pa5word', // three kinds, 7 characters
  ];
  for (const v of anywhere) t.ok(isAnywhereSecret(v), `${v}: anywhere`);
  for (const v of whole) t.notOk(isAnywhereSecret(v), `${v}: whole token only`);
  // either way a strong secret: masked as a whole token
  for (const v of whole.filter((v) => v !== 'changeme')) t.ok(isStrongSecret(v), `${v}: strong`);
  t.notOk(isAnywhereSecret('postgres'), 'a well-known default is not masked at all by value');
  t.notOk(isAnywhereSecret('/run/secrets/Db_Pass1'), 'nor a path');

  const m = new Masker([...anywhere, ...whole]);
  t.equal(m.text('xs3crQEtValue9xQ!y'), `x${MASK}y`, 'inside a word');
  t.equal(m.text('Pa55wordPa55word'), MASK + MASK, 'twice, touching');
  t.equal(m.text('key=a3f9c1d27e5b4a6f00'), `key=${MASK}00`, 'a key followed by more digits');
  t.equal(m.text('xhunter2hunter2y'), 'xhunter2hunter2y', 'a whole-token value inside a word: shown');
  t.equal(m.text('pg_hunter2hunter2'), `pg_${MASK}`, 'a whole token after `_`, as before');
  // glued to a value masked anywhere, a whole-token value is a token once that is masked: masked too,
  // so masking again changes nothing (Masker.deep skips what it masked before: src/redact/mask.ts)
  for (const glued of ['hunter2hunter2s3crQEtValue9xQ!', 's3crQEtValue9xQ!hunter2hunter2', 'zPa55wordhunter2hunter2'])
    t.equal(m.text(m.text(glued)), m.text(glued), `${glued}: masking twice is masking once`);
  t.equal(m.text('hunter2hunter2s3crQEtValue9xQ!'), MASK + MASK);
  t.equal(m.text('hunter2hunter2s3crQEtValue9xQ!x'), `${MASK}${MASK}x`);
  t.equal(
    m.text('image: postgres15-alpine mypostgres15'),
    `image: ${MASK}-alpine mypostgres15`,
    'a name: as a token only',
  );
  t.equal(m.text('Shadowfaxes Shadowfax'), `Shadowfaxes ${MASK}`, 'a word: as a token only');
  // a secret's quoted form (Go's %q, JSON's) is found anywhere too
  const q = new Masker(['Ab1"xyz9']);
  t.equal(q.text('z"Ab1\\"xyz9"z'), `z"${MASK}"z`, 'a quoted form inside a word');
  t.equal(q.rendered('{"a":"wAb1\\"xyz9w"}'), `{"a":"w${MASK}w"}`, 'and its JSON form in a rendered answer');
  // a cut message (`…`) holding a passphrase's first words
  const cut = new Masker(['Sup3r secret phrase']);
  t.equal(cut.text('xSup3r…'), `x${MASK}…`, "a cut passphrase's first word, inside a word");
  // but a cut is not the whole secret: a first word that can be an ordinary word (or the end of
  // one) keeps the whole-token start check, as before values were masked anywhere (attack22 P2-a)
  const short = new Masker(['a Quick9! brown fox', 'e Xy9!zzzz']);
  for (const text of ['--root /srv/app/data…', 'Metadata…', 'see the rule…'])
    t.equal(short.text(text), text, `${text}: no word's end masked`);
  t.equal(short.text('this is a…'), `this is ${MASK}…`, 'the first word as a token before `…`: masked, as before');
});

t.test('a secret holding `*` leaves the second reading on (attack22 P1-c)', async (t) => {
  // the second reading reads the first one's spans as masked by position, whatever the values hold:
  // before, one value with a `*` turned it off for every value of the bundle
  for (const star of ['Ab1*xyz9Q', 'Tk*9abcdef']) {
    const m = new Masker(['Ab1!xyz9Q', 'hunter2hunter2', star]);
    for (const text of ['OTHER=hunter2hunter2Ab1!xyz9Q', '"hunter2hunter2Ab1!xyz9Q"', `hunter2hunter2${star}`]) {
      t.notMatch(m.text(text), 'hunter2', `${star}: ${text}`);
      t.equal(m.text(m.text(text)), m.text(text), `${star}: ${text}, masked twice as once`);
      t.equal(m.rendered(m.rendered(text)), m.rendered(text), `${star}: ${text}, rendered twice as once`);
    }
  }
  // end to end: a Go message quoting a value glued to another, in a bundle with a `*` value
  const files = {
    'compose.yaml': [
      'services:',
      '  web:',
      '    image: nginx',
      '    environment:',
      '      DB_PASSWORD: "s3crQEtValue9xQ!"',
      '      API_TOKEN: "hunter2hunter2"',
      '      SECRET_KEY: "Tk*9abcdef"',
      '    command: ["run", "--auth=hunter2hunter2s3crQEtValue9xQ!"]',
      '    mem_limit: "zz hunter2hunter2s3crQEtValue9xQ! 1"',
      '',
    ].join('\n'),
  };
  const answers = showsNoSecret(t, files, /hunter2|s3crQEt|Tk\*9/);
  // markdown writes a mask's `*` as `&#42;`: a stretch masked in two passes was `********&#42;&#42;…` (P3-b)
  const mixed = answers.filter(([, body]) => /\*&#42;|&#42;\*/.test(body)).map(([ask]) => ask);
  t.same(mixed, [], 'no answer writes one masked stretch two ways');
});

t.test("a secret holding a YAML key's end is masked as a whole token only: config YAML keeps its keys (attack22 P2-c)", async (t) => {
  for (const v of ['v4_address:', 'Xy9!: zzzz', 'Ab1-cd:\tx'])
    t.notOk(isAnywhereSecret(v), `${JSON.stringify(v)}: whole token only`);
  t.ok(isAnywhereSecret('Ab1:cd9xyz'), 'a colon not before a blank: still anywhere');
  const compose = [
    'services:',
    '  web:',
    '    image: nginx:1.27',
    '    environment:',
    '      DB_PASSWORD: "v4_address:"',
    '    networks:',
    '      front:',
    '        ipv4_address: 10.0.0.2',
    'networks:',
    '  front:',
    '    ipam: {config: [{subnet: 10.0.0.0/24}]}',
    '',
  ].join('\n');
  const task = { question: 'config', input: { files: { 'compose.yaml': compose } }, options: { format: 'yaml' } };
  const body = JSON.parse(runTask(task as Task).body) as { environments: { default: { yaml: string } } };
  const config = parseYaml(body.environments.default.yaml) as {
    services: { web: { environment: Record<string, string>; networks: unknown } };
  };
  t.same(config.services.web.networks, { front: { ipv4_address: '10.0.0.2' } }, 'the key is kept');
  t.equal(config.services.web.environment.DB_PASSWORD, MASK, 'the secret masked under its name');
});

const SECRET = 's3crQEtValue9xQ!';
const KEY = 'Tk7Qm2Lp9Zr4';
const compose = [
  'services:',
  `  app${KEY}x:`, // a service name: a fix's snippet copies it
  '    image: nginx',
  '    environment:',
  `      DB_PASSWORD: ${JSON.stringify(SECRET)}`,
  `      API_TOKEN: ${KEY}`,
  `      OTHER: ${JSON.stringify(`x${SECRET}y`)}`,
  `      NOTE: ${JSON.stringify(`see${SECRET}`)}`,
  `      PLAIN_PASSWORD: hunter2hunter2`,
  `      NAME: xhunter2hunter2y`,
  '    labels:',
  `      ref: ${JSON.stringify(`${KEY}9`)}`,
  `    command: ["--opt=x${SECRET}", "y${KEY}"]`,
  '',
].join('\n');

t.test('every answer masks a strong secret inside another value; a weak one inside a word stays', async (t) => {
  const answers = showsNoSecret(t, { 'compose.yaml': compose }, /s3crQEtValue9xQ|Tk7Qm2Lp9Zr4/);
  const config = answers.find(([ask]) => ask === 'config json')?.[1] ?? '';
  t.match(config, `"OTHER":"x${MASK}y"`, 'config: the value around the secret is shown');
  t.match(config, `"NOTE":"see${MASK}"`);
  t.match(config, 'xhunter2hunter2y', 'a whole-token secret inside a word is shown, as before');
  t.notMatch(config, /"PLAIN_PASSWORD":"hunter2/, 'and masked under its name');
  for (const ask of ['audit markdown', 'audit sarif', 'review markdown', 'review json', 'audit text'])
    t.ok(
      answers.find(([a]) => a === ask),
      `${ask} was checked`,
    );
  const audit = JSON.parse(
    runTask({ question: 'audit', input: { files: { 'compose.yaml': compose } }, options: {} } as Task).body,
  ) as {
    findings: { path: string; fix?: { yaml?: string; withheld?: string } }[];
  };
  const named = audit.findings.filter((f) => f.path.startsWith(`services.app${MASK}x.`));
  t.ok(named.length > 0, 'findings name the service masked');
  t.ok(
    named.some((f) => f.fix?.withheld),
    'a fix whose snippet copies the name is withheld',
  );
});

t.test('the CLI: config and audit', async (t) => {
  const cli = await configIn(compose);
  t.equal(cli.code, 0, cli.stderr);
  t.notMatch(cli.stdout + cli.stderr, /s3crQEtValue9xQ|Tk7Qm2Lp9Zr4/, 'config');
  t.match(cli.stdout, `x${MASK}y`);
  const dir = tempDir('cr-anywhere-');
  writeFileSync(join(dir, 'compose.yaml'), compose);
  for (const format of ['json', 'text', 'markdown', 'sarif']) {
    let out = '';
    await main(['audit', '--format', format], {
      stdout: (s) => (out += s),
      stderr: (s) => (out += s),
      env: {},
      cwd: dir,
    });
    t.ok(out.length > 0 && !/s3crQEtValue9xQ|Tk7Qm2Lp9Zr4/.test(out), `audit --format ${format}`);
  }
});

t.test('a refusal (problem+json) quoting a name that holds a secret inside a word', async (t) => {
  const app = buildApp({ workers: TEST_WORKERS });
  t.teardown(() => app.close());
  const env = `API_TOKEN=${KEY}\n`;
  const files = { '.env': env, 'compose.yaml': 'services:\n  web:\n    image: nginx\n' };
  const r = await app.inject({
    method: 'POST',
    url: '/v1/config',
    payload: { files, environments: { prod: { files: ['compose.yaml', `x${KEY}y.yaml`] } } },
  });
  t.equal(r.statusCode, 422);
  t.notMatch(r.body, KEY, 'the secret is masked');
  t.match(r.body, `x${MASK}y.yaml`, 'the rest of the name is shown');
});

t.test('growth: nested values found anywhere over texts of near matches', async (t) => {
  // values masked anywhere and whole-token, nested as prefixes and suffixes of each other
  // (`Q1!a`, `Q1!aa`…, `a…aQ1!`), and a text of near matches of them, `n` and `4n` long
  const values = (n: number): [string[], string[]] => {
    const step = Math.max(1, Math.floor(n / 64));
    const any: string[] = [];
    const whole: string[] = [];
    for (let k = step; k <= n / 4; k += step) {
      any.push(`Q1!${'a'.repeat(k)}`, `${'a'.repeat(k)}Q1!`);
      whole.push(`b${'a'.repeat(k)}`, `${'a'.repeat(k)}b`);
    }
    return [whole, any];
  };
  const text = (n: number): string => {
    let s = '';
    for (let k = 0; s.length < 4 * n; k++) s += `Q1${'a'.repeat(k % 97)}Q1!${'a'.repeat(n / 8)}bQ1x`;
    return s;
  };
  const run = (n: number) => {
    const [whole, any] = values(n);
    const body = text(n);
    return () => new TokenScanner(whole, any).spans(body).length;
  };
  t.ok(run(1000)() > 0, 'the text holds occurrences');
  const g = growth(run(20_000), run(80_000));
  t.ok(
    g.ratio < GROWTH_LIMIT,
    `4x the values and text: ${g.ratio.toFixed(1)}x the time (${g.small.toFixed(1)} ms, ${g.large.toFixed(1)} ms)`,
  );
  // a masker over an answer of many values: each value strong, found anywhere
  const masker = (n: number) => {
    const secrets = Array.from({ length: n }, (_, i) => `Zq${i}!Secret`);
    const body = secrets.map((s) => `x${s}y x${s.slice(0, -1)}y`).join(' ');
    return () => new Masker(secrets).text(body).length;
  };
  const h = growth(masker(2_000), masker(8_000));
  t.ok(h.ratio < GROWTH_LIMIT, `a masker of 4x the values: ${h.ratio.toFixed(1)}x the time`);
});
