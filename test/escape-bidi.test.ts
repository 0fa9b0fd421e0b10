// The bidirectional marks (U+200E LRM, U+200F RLM, U+061C ALM) reorder what a reader sees as the
// overrides and isolates do (Trojan Source, CVE-2021-42574 lists all nine characters), so every
// output escapes them as it escapes those; a line or paragraph separator in the YAML preview's code
// block shows as a line break that is none. And the PR comment's link base: a query, a fragment or
// credentials in it are refused by the service (400) and never copied into a link, an IPv6 host is
// kept as the URL parser writes it.
import t from 'tap';
import {
  escapeData,
  jsonText,
  linkBaseProblem,
  mdCode,
  mdFence,
  mdLinkBase,
  mdText,
  sarifText,
  textLine,
  xmlText,
} from '../src/escape.js';
import { buildApp } from '../src/api/app.js';
import { join } from 'node:path';
import { writeFileSync } from 'node:fs';
import { parse as parseYamlText } from 'yaml';
import { main } from '../src/cli/main.js';
import { Masker, MASK } from '../src/redact/mask.js';
import { runTask, type Task } from '../src/usecases/task.js';
import { emitYaml } from '../src/yaml/emit.js';
import { tempDir } from './helpers/temp.js';
import { everyAnswer } from './helpers/answers.js';
import { TEST_WORKERS } from './helpers/workers.js';

const MARKS = ['\u200e', '\u200f', '\u061c'];
/** every bidirectional formatting character (UAX #9), and the line and paragraph separators */
const RAW = /[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069\u2028\u2029]/;

t.test('each escape shows a bidirectional mark, never writes it raw', async (t) => {
  for (const m of MARKS) {
    const s = `a${m}b`;
    const hex = m.charCodeAt(0).toString(16).padStart(4, '0');
    t.equal(textLine(s), `a\\u${hex}b`, `textLine ${hex}`);
    t.equal(sarifText(s), `a\\u${hex}b`, `sarifText ${hex}`);
    t.equal(xmlText(s), `a\\u${hex}b`, `xmlText ${hex}`);
    t.equal(escapeData(s), `a%u${hex}b`, `escapeData ${hex}`);
    t.equal(mdText(s), 'a\uFFFDb', `mdText ${hex}`);
    t.equal(mdCode(s), '`a\uFFFDb`', `mdCode ${hex}`);
    t.equal(mdFence('yaml', `k: ${s}\n`), '```yaml\nk: a\uFFFDb\n```', `mdFence ${hex}`);
  }
  t.equal(
    mdFence('yaml', 'k: "a\u2028b\u2029c"\n'),
    '```yaml\nk: "a\uFFFDb\uFFFDc"\n```',
    'no separator in a code block',
  );
});

t.test('a bundle of bidirectional marks: no output a reader reads holds one raw', async (t) => {
  const name = `web${MARKS.join('')}x`;
  const files = {
    'compose.yaml':
      `services:\n  ${JSON.stringify(name)}:\n    image: nginx:1.25\n    privileged: true\n` +
      `    labels:\n      ${JSON.stringify(`note${MARKS[1]}`)}: ${JSON.stringify(`a\u2028b${MARKS[2]}c`)}\n`,
    [`compose.prod${MARKS[0]}.yaml`]: `services:\n  ${JSON.stringify(name)}:\n    cap_add: [ALL]\n`,
  };
  const raw: string[] = [];
  let sarifLocations = 0;
  for (const [ask, body] of everyAnswer(files)) {
    if (/ (text|markdown|github|junit|checkstyle)$/.test(ask)) {
      if (RAW.test(body)) raw.push(ask);
    } else if (/ json$/.test(ask) && ask.startsWith('review')) {
      const markdown = (JSON.parse(body) as { markdown?: string }).markdown;
      if (markdown && RAW.test(markdown)) raw.push(`${ask}: markdown`);
    } else if (/ sarif$/.test(ask)) {
      type Log = {
        runs: {
          results: {
            message: { text: string };
            locations?: { logicalLocations?: { fullyQualifiedName: string }[] }[];
          }[];
        }[];
      };
      for (const r of (JSON.parse(body) as Log).runs[0].results) {
        if (RAW.test(r.message.text)) raw.push(`${ask}: message`);
        for (const l of r.locations ?? [])
          for (const q of l.logicalLocations ?? []) {
            sarifLocations++;
            if (RAW.test(q.fullyQualifiedName))
              raw.push(`${ask}: fullyQualifiedName ${JSON.stringify(q.fullyQualifiedName)}`);
          }
      }
    }
  }
  t.ok(sarifLocations > 0, `${sarifLocations} SARIF logical locations read`);
  t.same([...new Set(raw)], []);
});

t.test('a link base: refused with a query, a fragment or credentials; an IPv6 host kept', async (t) => {
  t.equal(mdLinkBase('https://[::1]/a/'), 'https://[::1]/a/', 'the brackets of an IPv6 host');
  t.equal(mdLinkBase('https://[::1]/a[b]/'), 'https://[::1]/a%5Bb%5D/', 'brackets in the path encoded');
  t.equal(mdLinkBase('https://a(b)/x)'), 'https://a%28b%29/x%29', 'a host that could end the destination');
  for (const base of [
    'https://x.example/a?ref=main',
    'https://x.example/a#top',
    'https://x.example/a?',
    'https://x.example/a#',
  ]) {
    t.match(linkBaseProblem(base), /query or a fragment/, base);
    t.equal(mdLinkBase(base), 'https://x.example/a', `${base}: no broken links (the library leaves it out)`);
  }
  for (const base of ['https://user:pw@x.example/', 'https://token@x.example/', 'https://:pw@x.example/']) {
    t.match(linkBaseProblem(base), /user name or password/, base);
    t.equal(mdLinkBase(base), 'https://x.example/', `${base}: no link carries it (the library leaves it out)`);
  }
  t.match(linkBaseProblem('ftp://x.example/'), /http or https/);
  t.match(linkBaseProblem('x'), /not a URL/);
  t.equal(linkBaseProblem('https://github.com/o/r/blob/abc/'), undefined);
  const app = buildApp({ workers: TEST_WORKERS });
  t.teardown(() => app.close());
  const payload = { files: { 'compose.yaml': 'services:\n  web:\n    image: nginx:1.25\n    privileged: true\n' } };
  const post = (base: string) =>
    app.inject({ method: 'POST', url: `/v1/review?format=markdown&linkBase=${encodeURIComponent(base)}`, payload });
  for (const base of ['https://user:s3cretPw9@x.example/', 'https://x.example/a?ref=main']) {
    const r = await post(base);
    t.equal(r.statusCode, 400, base);
    t.notMatch(r.body, 's3cretPw9', 'the refusal does not quote the password');
  }
  const ok = await post('https://[::1]/blob/abc/');
  t.equal(ok.statusCode, 200);
  t.match(ok.body, '](https://[::1]/blob/abc/compose.yaml#L4)');
});

t.test(
  'JSON and YAML write the bidi controls as escapes a parser reads back as the same string (attack21)',
  async (t) => {
    // JSON.stringify and go-yaml (unicode on: internal/libyaml/scanner.go:621 isPrintable takes U+202E
    // for printable, emitter.go:1869 writeDoubleQuotedScalar writes it as it is) wrote them raw, which
    // reorders what a terminal or a PR shows; `\u202e` in a JSON string and `\u202E` in a YAML
    // double-quoted scalar are the same string to any parser. JSON.stringify also writes DEL, the C1
    // controls (U+009B is a CSI) and U+2028/2029 raw: escaped alike.
    const value = 'x\u202ey\u001b[2Jz\u2028w\u200fv\u0085u\u009bq\u007fp\u2066o';
    const labels = { a: value, 'k\u202e': '1' };
    // written escaped in the file: raw, U+2028 and U+0085 are line breaks to a YAML reader
    const yamlQuoted = (s: string) =>
      JSON.stringify(s).replace(/[^\x20-\x7e]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
    const compose =
      'services:\n  web:\n    image: "ngi\\u202enx"\n    labels:\n' +
      Object.entries(labels)
        .map(([k, v]) => `      ${yamlQuoted(k)}: ${yamlQuoted(v)}\n`)
        .join('');
    const SHOWN = /[\u007f-\u009f\u2028\u2029\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/;
    // (tap's report would carry the body, raw: its U+0085 and U+2028 break the report's YAML)
    const raw = (what: string, body: string) => {
      const at = body.search(SHOWN);
      t.equal(at < 0 ? '' : textLine(body.slice(Math.max(0, at - 30), at + 10)), '', `${what}: none raw`);
    };
    const ask = (question: string, format: string) =>
      runTask({ question, input: { files: { 'compose.yaml': compose } }, options: { format } } as Task).body;
    type Config = { environments: { default: { model?: ConfigModel; yaml?: string } } };
    type ConfigModel = { services: { web: { labels: Record<string, string> } } };
    const json = ask('config', 'json');
    raw('config json', json);
    t.same((JSON.parse(json) as Config).environments.default.model!.services.web.labels, labels);
    const yaml = (JSON.parse(ask('config', 'yaml')) as Config).environments.default.yaml!;
    raw('config yaml', yaml);
    t.match(yaml, '"x\\u202Ey\\e[2Jz\\Lw\\u200Fv\\Nu\\x9Bq\\x7Fp\\u2066o"', 'go-yaml escapes, double-quoted');
    t.match(yaml, '"k\\u202E": "1"', 'a key too');
    t.same((parseYamlText(yaml) as ConfigModel).services.web.labels, labels);
    for (const format of ['json', 'sarif', 'gitlab', 'rdjson']) raw(`audit ${format}`, ask('audit', format));
    type Audit = { findings: { code: string; fix?: { yaml?: string } }[] };
    const fix = (JSON.parse(ask('audit', 'json')) as Audit).findings.find((f) => f.code === 'image-unpinned')!.fix!
      .yaml!;
    t.match(fix, 'image: "ngi\\u202enx:<version>"', 'the fix snippet (YAML) escapes it');
    t.same(parseYamlText(fix), { services: { web: { image: 'ngi\u202enx:<version>' } } });
    t.same(parseYamlText(emitYaml({ [`k${value}`]: [value] })), { [`k${value}`]: [value] }, 'emitYaml reads back');
    raw('emitYaml', emitYaml({ [`k${value}`]: [value] }));
    for (const question of ['review', 'diff', 'validate']) raw(`${question} json`, ask(question, 'json'));
    // the CLI
    const dir = tempDir('cr-bidi-');
    writeFileSync(join(dir, 'compose.yaml'), compose);
    const cli = async (argv: string[]) => {
      let out = '';
      await main(argv, { stdout: (s) => (out += s), stderr: () => {}, env: {}, cwd: dir });
      return out;
    };
    const cliYaml = await cli(['config']);
    raw('CLI config', cliYaml);
    t.same((parseYamlText(cliYaml) as ConfigModel).services.web.labels, labels);
    const cliJson = await cli(['config', '--format', 'json']);
    raw('CLI config --format json', cliJson);
    t.same((JSON.parse(cliJson) as ConfigModel).services.web.labels, labels);
    for (const format of ['json', 'sarif'])
      raw(`CLI audit --format ${format}`, await cli(['audit', '--format', format]));
  },
);

t.test('a secret holding a control is masked in its escaped JSON form (attack21)', async (t) => {
  // the escape of a bidi or C1 control is also its textLine form or Go's %q form (`\u202e`, a quoted
  // form the masker knows); with DEL (`\x7f` to both) or a C0 control beside it, it is JSON's alone
  for (const secret of ['Hx7kQ2\u007fvLp9wZ', 'Hx7k\u0001Q2\u202evLp9wZ']) {
    const m = new Masker([secret]);
    const escaped = jsonText(JSON.stringify(secret)).slice(1, -1);
    t.notMatch(escaped, /[\u007f\u202e]/);
    t.equal(m.rendered(`{"a":"<${escaped}>"}`), `{"a":"<${MASK}>"}`, escaped);
  }
});
