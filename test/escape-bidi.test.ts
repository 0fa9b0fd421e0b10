// The bidirectional marks (U+200E LRM, U+200F RLM, U+061C ALM) reorder what a reader sees as the
// overrides and isolates do (Trojan Source, CVE-2021-42574 lists all nine characters), so every
// output escapes them as it escapes those; a line or paragraph separator in the YAML preview's code
// block shows as a line break that is none. And the PR comment's link base: a query, a fragment or
// credentials in it are refused by the service (400) and never copied into a link, an IPv6 host is
// kept as the URL parser writes it.
import t from 'tap';
import {
  escapeData,
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
