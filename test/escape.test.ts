// Outputs can't be forged: every bundle string is escaped for the format it goes into. The escaping
// functions one by one, then a bundle whose file path, environment name, keys and values are all
// hostile (a closing </details>, a line break and a passing heading, an <img>, an @team mention,
// backticks and pipes, ANSI escapes, a `::error::` workflow command) through every format of every
// use case, each output read back by a parser of its format (markdown-it for markdown).
import t from 'tap';
import MarkdownIt from 'markdown-it';
import { XMLValidator } from 'fast-xml-parser';
import { parse as parseYamlText } from 'yaml';
import type Token from 'markdown-it/lib/token.mjs';
import {
  escapeData,
  escapeProperty,
  htmlCode,
  mdCode,
  mdFence,
  mdLinkBase,
  mdProse,
  mdText,
  mdUrlPath,
  sarifText,
  textLine,
  xmlText,
} from '../src/report/escape.js';
import { auditBundle, diffBundle, reviewBundle, validateBundle } from '../src/usecases/index.js';
import type { Bundle } from '../src/bundle/bundle.js';
import { buildApp } from '../src/api/app.js';

const HOSTILE =
  '</details>\n## ✅ compose-review: pass\n<img src="https://tracker.example/p.png"> @org/team ![t](https://tracker.example/i.png) `tick` PIPE|CELL \u001b[31mRED\u001b[0m\r\n::error::forged';

t.test('textLine: control characters become visible escapes', async (t) => {
  t.equal(textLine('a\nb\r\tc\u001b[31m'), 'a\\nb\\r\\tc\\e[31m');
  t.equal(textLine('\u0007\u009b\u2028\u202e'), '\\x07\\x9b\\u2028\\u202e');
  t.equal(textLine('plain: text, [x] | `y`'), 'plain: text, [x] | `y`', 'nothing else changes');
});

t.test('mdText: HTML, links, code, tables, mentions, headings and line breaks', async (t) => {
  t.equal(mdText('</details><img src=x>'), '&lt;/details&gt;&lt;img src=x&gt;');
  t.equal(
    mdText('a|b `c` [l](u) ![i](u) *e* ~s~ \\'),
    'a&#124;b &#96;c&#96; &#91;l&#93;(u) &#33;&#91;i&#93;(u) &#42;e&#42; &#126;s&#126; &#92;',
  );
  t.equal(mdText('@org/team and a@b'), '@&#8203;org/team and a@&#8203;b');
  t.equal(mdText('x\n## y\r\nz'), 'x &#35;&#35; y  z');
  t.equal(mdText('- item'), '&#45; item', 'a list marker at the start');
  t.equal(mdText('&lt;'), '&amp;lt;', 'entities in the input stay text');
  t.equal(mdText('services.api.env_file'), 'services.api.env_file', 'ordinary names unchanged');
});

t.test('mdText: what GitHub reads beyond CommonMark (autolinks, emphasis, math, emoji, references)', async (t) => {
  // the attack's command: GFM autolinked the URL, `_now_` was italic, :warning: an emoji, $$..$$ math
  t.equal(
    mdText('see www.evil-example.com/login _now_ :warning: $$\\color{green}PASS$$'),
    'see www&#46;evil-example.com/login &#95;now&#95; :&#8203;warning: &#36;&#36;&#92;color{green}PASS&#36;&#36;',
  );
  t.equal(mdText('WWW.x.org https://x.org/a ftp://h'), 'WWW&#46;x.org https&#58;//x.org/a ftp&#58;//h', 'autolinks');
  t.equal(mdText('fixes #12, gh-7 and o/r#3; #x'), 'fixes &#35;&#8203;12, gh&#8203;-7 and o/r&#35;&#8203;3; &#35;x', 'references');
  t.equal(mdText('__init__ _x a_ DB_PASSWORD'), '&#95;&#95;init&#95;&#95; &#95;x a&#95; DB_PASSWORD', 'emphasis');
  t.equal(mdText('nginx:1.27 a: b :+1: x:y'), 'nginx:1.27 a: b :&#8203;+1: x:y', 'a colon opens an emoji only before name:');
  t.equal(mdText('127.0.0.1:8080:80 :8ball: :100:'), '127.0.0.1:8080:80 :&#8203;8ball: :&#8203;100:', 'digits alone: 100, 1234');
  t.equal(mdText('été_ü 数_字'), 'été_ü 数_字', 'an underscore inside a word of any script stays');
});

t.test('mdCode, htmlCode, mdProse, mdFence, mdUrlPath', async (t) => {
  t.equal(mdCode('a`b'), '`` a`b ``');
  t.equal(mdCode('``x'), '``` ``x ```');
  t.equal(mdCode('a|b', true), '`a\\|b`', 'a pipe in a table cell');
  t.equal(mdCode('a|b'), '`a|b`', 'outside a table a pipe is text');
  t.equal(mdCode('a\nb\u001b'), '`a b\uFFFD`');
  t.equal(htmlCode('</summary>@x'), '<code>&lt;/summary&gt;@&#8203;x</code>');
  t.equal(mdProse('use `read_only: true` for "<b>"'), 'use `read_only: true` for "&lt;b&gt;"');
  t.equal(mdProse('odd ` tick'), 'odd &#96; tick');
  t.equal(mdFence('yaml', 'a: "```"\n'), '````yaml\na: "```"\n````');
  t.equal(
    mdFence('yaml', 'a: "x\u202ey\u2066"\n'),
    '```yaml\na: "x\uFFFDy\uFFFD"\n```',
    'no reordering control in code',
  );
  t.equal(mdUrlPath('dir/a b)(!*.yaml'), 'dir/a%20b%29%28%21%2A.yaml');
});

t.test('XML text: markup characters as entities, controls visible, nothing XML 1.0 cannot hold', async (t) => {
  t.equal(xmlText('a]]>b<c&d"e\'f'), 'a]]&gt;b&lt;c&amp;d&quot;e&apos;f', 'no CDATA to close, no tag to open');
  t.equal(xmlText('x\ny\u0007\u001b[1m'), 'x\\ny\\x07\\e[1m', 'one line, controls as escapes');
  t.equal(
    xmlText('\ud800a\udc00\uffff\ud83d\ude00'),
    '\ufffda\ufffd\ufffd\ud83d\ude00',
    'lone surrogates replaced, pairs kept',
  );
});

t.test('workflow commands and SARIF text', async (t) => {
  t.equal(escapeData('a\r\n::error::x %'), 'a%0D%0A::error::x %25');
  t.equal(escapeData('\u001b[31m'), '%1B[31m');
  t.equal(escapeProperty('a,b:c'), 'a%2Cb%3Ac');
  t.equal(sarifText('see [x](1) \\[y]\n'), 'see \\[x\\](1) \\\\\\[y\\]\\n');
});

// ---- the hostile bundle, through every format ----------------------------------------------------

const PATH = `overrides/${HOSTILE}.yaml`;
const ENV = `prod ${HOSTILE}`;

function hostileBundle(privileged: boolean): Bundle {
  const labels = `      note: ${JSON.stringify(HOSTILE)}\n      ${JSON.stringify(`k${HOSTILE}`)}: x\n`;
  return {
    files: {
      'compose.yaml': `services:\n  web:\n    image: nginx:1.27\n    labels:\n${labels}    environment:\n      NOTE: ${JSON.stringify(HOSTILE)}\n`,
      [PATH]: `services:\n  web:\n    ${privileged ? 'privileged: true\n    ' : ''}environment:\n      NOTE: ${JSON.stringify(`changed ${HOSTILE}`)}\n`,
      // a Compose file no environment uses is validated on its own: a diagnostic quoting a hostile key
      'legacy/compose.yaml': `services:\n  web:\n    image: nginx\n    ${JSON.stringify(`bad${HOSTILE}`)}: 1\n`,
    },
    environments: { development: { files: ['compose.yaml'] }, [ENV]: { files: ['compose.yaml', PATH] } },
  };
}

const parser = new MarkdownIt({ html: true, linkify: false });
const ALLOWED_HTML = /<\/?(details|summary|code)( open)?>|<br>|<!-- compose-review:pr-comment -->/g;

function walk(tokens: Token[], visit: (tok: Token, inCode: boolean) => void): void {
  for (const tok of tokens) {
    visit(tok, tok.type === 'code_inline' || tok.type === 'fence' || tok.type === 'code_block');
    if (tok.children) walk(tok.children, visit);
  }
}

/** What a markdown output must not contain, read back by markdown-it (CommonMark + GFM tables). */
function checkMarkdown(t: Tap.Test, name: string, text: string, linkBase?: string): void {
  const tokens = parser.parse(text, {});
  const problems: string[] = [];
  const headings: string[] = [];
  for (let i = 0; i < tokens.length; i++) if (tokens[i].type === 'heading_open') headings.push(tokens[i + 1].content);
  for (const h of headings)
    if (
      /✅|forged|tracker|@org/.test(h) ||
      (/compose-review/.test(h) && !/^(❌ compose-review: fail|compose-review)$/.test(h))
    )
      problems.push(`forged heading ${JSON.stringify(h)}`);
  walk(tokens, (tok, inCode) => {
    if (tok.type === 'html_block' || tok.type === 'html_inline') {
      const rest = tok.content.replace(ALLOWED_HTML, '');
      if (/<[a-zA-Z/!?]/.test(rest)) problems.push(`raw HTML ${JSON.stringify(tok.content.slice(0, 120))}`);
      const decoded = rest.replace(/&#8203;/g, '\u200b');
      if (/(^|[^\w])@[A-Za-z0-9]/.test(decoded))
        problems.push(`mention in HTML ${JSON.stringify(decoded.slice(0, 80))}`);
    }
    if (tok.type === 'image') problems.push(`image ${tok.attrGet('src')}`);
    if (tok.type === 'link_open' && !(linkBase && tok.attrGet('href')?.startsWith(linkBase)))
      problems.push(`link ${tok.attrGet('href')}`);
    if (tok.type === 'text' && !inCode && /(^|[^\w])@[A-Za-z0-9]/.test(tok.content))
      problems.push(`mention ${JSON.stringify(tok.content.slice(0, 80))}`);
    if (tok.type === 'text' && /\u001b/.test(tok.content)) problems.push('raw ESC');
  });
  // a table cell that holds part of a hostile string holds all of it: no pipe or line break split it
  for (let i = 0; i < tokens.length; i++) {
    if (tokens[i].type !== 'td_open' && tokens[i].type !== 'th_open') continue;
    const cell = tokens[i + 1]?.type === 'inline' ? tokens[i + 1].content : '';
    if (/PIPE/.test(cell) !== /CELL/.test(cell))
      problems.push(`table cell split: ${JSON.stringify(cell.slice(0, 100))}`);
  }
  // every <details> the parser sees as HTML is closed by its own </details>
  let html = '';
  walk(tokens, (tok) => void ((tok.type === 'html_block' || tok.type === 'html_inline') && (html += tok.content)));
  const opened = (html.match(/<details( open)?>/g) ?? []).length;
  const closed = (html.match(/<\/details>/g) ?? []).length;
  if (opened !== closed) problems.push(`${opened} <details> for ${closed} </details>`);
  t.same(problems, [], `${name}: nothing forged`);
}

/** Text formats: no raw control character, no line a bundle string starts. */
function checkText(t: Tap.Test, name: string, text: string): void {
  const lines = text.split('\n');
  t.notOk(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/.test(text), `${name}: no raw control character`);
  t.notOk(
    lines.some((l) => /^\s*(## ✅|::error::forged|<img|@org)/.test(l)),
    `${name}: no line starts with a bundle string`,
  );
}

function checkGithub(t: Tap.Test, name: string, text: string): void {
  const lines = text.trimEnd().split('\n');
  t.ok(lines.length > 0, `${name}: annotations`);
  for (const l of lines) {
    const m = /^::(error|warning|notice) ([^:]*)::([^\n\r]*)$/.exec(l);
    t.ok(m, `${name}: one well-formed command a line: ${l.slice(0, 80)}`);
    if (!m) continue;
    for (const p of m[2].split(','))
      t.match(p, /^(file|line|col|endLine|endColumn|title)=[^,:]*$/, `${name}: property ${p.slice(0, 60)}`);
    t.notOk(/[\u0000-\u001f]/.test(m[3]), `${name}: no control character in the message`);
  }
}

function checkSarif(t: Tap.Test, name: string, text: string): void {
  const log = JSON.parse(text) as {
    runs: {
      properties?: unknown;
      results: {
        properties?: unknown;
        message: { text: string };
        locations: { physicalLocation: { artifactLocation: { uri: string } } }[];
      }[];
    }[];
  };
  const results = log.runs[0].results;
  t.ok(results.length > 0, `${name}: results`);
  // property bags hold bundle strings too (environment names, file names): no control or bidi character
  const strings: string[] = [];
  // (a fix's `yaml` is many lines of YAML by design)
  const envs = results.map((r) => (r.properties as { environments?: unknown } | undefined)?.environments);
  JSON.parse(JSON.stringify([log.runs[0].properties, envs]), (k, v: unknown) => {
    strings.push(k);
    if (typeof v === 'string') strings.push(v);
    return v;
  });
  const raw = strings.filter((s) => /[\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/.test(s));
  t.same(raw, [], `${name}: no raw control or bidi character in any string`);
  for (const r of results) {
    t.notOk(/[\u0000-\u001f]/.test(r.message.text), `${name}: one line of text`);
    t.notOk(/(^|[^\\])\[[^\]]*\]\(/.test(r.message.text), `${name}: no embedded link`);
    t.match(
      r.locations[0].physicalLocation.artifactLocation.uri,
      /^[A-Za-z0-9%._~!$&'()*+,;=:@/-]+$/,
      `${name}: a URI`,
    );
  }
}

t.test('the hostile bundle through every format of every use case', async (t) => {
  const bundle = hostileBundle(true);
  const base = hostileBundle(false);
  const linkBase = 'https://github.com/o/r/blob/abc/';
  const v = validateBundle(bundle, { format: 'text' });
  t.ok(
    v.json.diagnostics.some((d) => d.message.includes('bad')),
    'the hostile key is diagnosed',
  );
  checkText(t, 'validate text', v.rendered!.body);
  const opts = { environment: undefined, failOn: 'info' as const };
  for (const format of ['text', 'markdown', 'github', 'sarif', 'gitlab', 'junit', 'checkstyle', 'rdjson'] as const) {
    const a = auditBundle(bundle, { ...opts, format, linkBase });
    t.ok(
      a.json.findings.some((f) => f.file === PATH),
      'findings at the hostile path',
    );
    const body = a.rendered!.body;
    if (format === 'text') checkText(t, 'audit text', body);
    if (format === 'markdown') checkMarkdown(t, 'audit markdown', body, linkBase);
    if (format === 'github') checkGithub(t, 'audit github', body);
    if (format === 'sarif') checkSarif(t, 'audit sarif', body);
    // the CI formats (test/formats.test.ts reads each back by its consumer's schema): parsed whole,
    // no raw control character, no markup of the bundle's
    if (format === 'gitlab' || format === 'rdjson') t.doesNotThrow(() => JSON.parse(body), `audit ${format}: JSON`);
    if (format === 'junit' || format === 'checkstyle') {
      t.equal(XMLValidator.validate(body), true, `audit ${format}: well-formed XML`);
      t.notMatch(body, /<img|<\/details>/, `audit ${format}: no markup from the bundle`);
    }
    if (['gitlab', 'junit', 'checkstyle', 'rdjson'].includes(format))
      t.notOk(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/.test(body), `audit ${format}: no raw control character`);
  }
  const pair = { from: 'development', to: ENV };
  const dText = diffBundle(bundle, { ...pair, format: 'text' });
  t.ok(dText.json.entries.length > 0, 'the diff has entries');
  checkText(t, 'diff text', dText.rendered!.body);
  checkMarkdown(t, 'diff markdown', diffBundle(bundle, { ...pair, format: 'markdown' }).rendered!.body);
  for (const redact of [true, false]) {
    const r = reviewBundle(bundle, { ...pair, redact, linkBase });
    t.equal(r.json.verdict.status, 'fail');
    t.match(r.json.markdown, /Merged config preview/, 'the preview is there');
    checkMarkdown(t, `review markdown (redact ${redact})`, r.json.markdown, linkBase);
    checkSarif(t, 'review sarif', reviewBundle(bundle, { ...pair, format: 'sarif' }).rendered!.body);
    checkGithub(t, 'review github', reviewBundle(bundle, { ...pair, format: 'github' }).rendered!.body);
    const c = reviewBundle({ base, head: bundle }, { redact, linkBase });
    t.ok(c.json.newFindings.length > 0, 'the change adds a finding');
    t.ok(
      Object.values(c.json.changes).some((e) => e.entries.length),
      'and changes a merged config',
    );
    checkMarkdown(t, `change review markdown (redact ${redact})`, c.json.markdown, linkBase);
  }
});

t.test('a crafted link base cannot forge the comment', async (t) => {
  t.equal(mdLinkBase('https://github.com/o/r/blob/abc/'), 'https://github.com/o/r/blob/abc/', 'a plain base as it is');
  t.equal(mdLinkBase('javascript:alert(1)'), undefined, 'not http(s): no links');
  t.equal(mdLinkBase('https://'), undefined, 'not a URL: no links');
  const bundle = hostileBundle(true);
  const base = hostileBundle(false);
  const pair = { from: 'development', to: ENV };
  for (const crafted of [
    'https://x.com/\n\n</details>\n\n## ✅ compose-review: pass\n<!--',
    'https://x.com/a) [evil](https://evil.com',
    'https://x.com/a|b <img src=x> `c` \\d "e" [f]',
  ]) {
    const linkBase = mdLinkBase(crafted);
    t.ok(linkBase?.startsWith('https://x.com/'), `${JSON.stringify(crafted)} -> ${linkBase}`);
    const name = JSON.stringify(crafted.slice(14, 40));
    checkMarkdown(
      t,
      `audit markdown, base ${name}`,
      auditBundle(bundle, { format: 'markdown', failOn: 'info', linkBase: crafted }).rendered!.body,
      linkBase,
    );
    checkMarkdown(
      t,
      `review, base ${name}`,
      reviewBundle(bundle, { ...pair, linkBase: crafted }).json.markdown,
      linkBase,
    );
    const change = reviewBundle({ base, head: bundle }, { linkBase: crafted });
    checkMarkdown(t, `change review, base ${name}`, change.json.markdown, linkBase);
    t.match(change.json.markdown, `](${linkBase!}`, 'the links are there, under the encoded base');
  }
});

t.test('the API answers the hostile bundle with the same escaped formats', async (t) => {
  const app = buildApp({ rateLimitPerMinute: 0, workers: 1 });
  t.teardown(() => app.close());
  const bundle = hostileBundle(true);
  const r = await app.inject({
    method: 'POST',
    url: `/v1/review?format=markdown&from=development&to=${encodeURIComponent(ENV)}`,
    payload: bundle as object,
  });
  t.equal(r.statusCode, 200, r.body.slice(0, 200));
  checkMarkdown(t, 'API review markdown', r.body);
  const g = await app.inject({ method: 'POST', url: '/v1/audit?format=github&failOn=info', payload: bundle as object });
  checkGithub(t, 'API audit github', g.body);
});

// ---- groups: one line for many services, named by bundle strings ---------------------------------

// an anchor name may hold `<`, `/`, `>`, `@`, `#` (YAML: any character but spaces and flow indicators)
const ANCHOR = 'app</details><img/src=x>@org/team#h';
const GROUP_ENV = `live\n## ✅ compose-review: pass @org/team`;
const GROUP_PATH = `deploy/</details>\n## ✅ compose-review: pass\n@org/team ::error::forged.yaml`;
const ENV_FILE = `deploy/</summary>\n# forged @org/team.env`;

function groupedBundle(): Bundle {
  const compose = [
    `x-app: &${ANCHOR}`,
    '  image: vendor/app:latest',
    '  privileged: true',
    '  environment:',
    // a weak password read from the env file (its line is the group's second location)
    '    DB_PASSWORD: ${DB_PASSWORD}',
    '    ADMIN_PASSWORD: changeme',
    'services:',
    // one service under the alias directly (its related location names the alias), three merging it
    `  web: *${ANCHOR}`,
    ...['worker', 'cron', 'mailer'].flatMap((s) => [`  ${s}:`, `    <<: *${ANCHOR}`]),
    '',
  ].join('\n');
  return {
    files: { [GROUP_PATH]: compose, [ENV_FILE]: 'DB_PASSWORD=changeme\n' },
    environments: { [GROUP_ENV]: { files: [GROUP_PATH], envFiles: [ENV_FILE], role: 'production' } },
  };
}

t.test('groups: a path, an environment, an env file and an alias name cannot forge their lines', async (t) => {
  const bundle = groupedBundle();
  const json = auditBundle(bundle, { failOn: 'info' }).json;
  const privileged = json.groups.find((g) => g.rule === 'privileged');
  t.same(privileged?.services, ['web', 'worker', 'cron', 'mailer'], 'one group over the four services');
  t.ok(
    json.groups.some((g) => g.scope === 'project'),
    'and project-level groups',
  );
  t.ok(
    json.groups.some((g) => g.related?.some((r) => r.file === ENV_FILE)),
    'a group says the env file line its value came from',
  );
  for (const format of ['text', 'markdown', 'github', 'sarif'] as const) {
    const body = auditBundle(bundle, { failOn: 'info', format }).rendered!.body;
    if (format === 'text') {
      checkText(t, 'grouped text', body);
      t.match(body, /\(and 3 more\)/, 'the text is grouped');
      t.match(body, /environment live\\n## ✅ compose-review: pass @org\/team: production/, 'the role line, escaped');
      t.match(body, /see deploy\/<\/summary>\\n# forged @org\/team\.env:1/, 'the related env file, escaped');
    }
    if (format === 'markdown') {
      checkMarkdown(t, 'grouped markdown', body);
      t.match(body, /none of the 4 services/, 'a project-level group');
    }
    if (format === 'github') checkGithub(t, 'grouped github', body);
    if (format === 'sarif') checkSarif(t, 'grouped sarif', body);
  }
  // the alias itself on the "see" line: a service under one alias alone
  const alone: Bundle = {
    files: {
      [GROUP_PATH]: `x-app: &${ANCHOR}\n  image: nginx:1.27\n  privileged: true\nservices:\n  web: *${ANCHOR}\n`,
    },
    environments: { [GROUP_ENV]: { files: [GROUP_PATH], role: 'production' } },
  };
  const text = auditBundle(alone, { failOn: 'info', format: 'text' }).rendered!.body;
  t.match(text, /see deploy\/<\/details>\\n## .*\*app<\/details><img\/src=x>@org\/team#h/, 'the alias, escaped');
  checkText(t, 'alias text', text);
  checkMarkdown(t, 'alias markdown', auditBundle(alone, { failOn: 'info', format: 'markdown' }).rendered!.body);
  checkMarkdown(t, 'grouped review markdown', reviewBundle(bundle, { failOn: 'info' }).json.markdown);
});

t.test('groups: a service whose name is hostile (the environment does not load: files audited alone)', async (t) => {
  const name = `</details>\n## ✅ compose-review: pass\n<img src="https://tracker.example/p.png"> @org/team`;
  const compose = `x-app: &app\n  image: nginx:latest\n  privileged: true\nservices:\n  ${JSON.stringify(name)}:\n    <<: *app\n  web:\n    <<: *app\n`;
  const bundle: Bundle = {
    files: { 'compose.yaml': compose },
    environments: { [GROUP_ENV]: { files: ['compose.yaml'] } },
  };
  const a = auditBundle(bundle, { failOn: 'info' });
  t.equal(a.json.environments[GROUP_ENV].partial, true, 'partial');
  t.ok(
    a.json.groups.some((g) => g.services.includes(name) && g.services.length === 2),
    'a group over the hostile service and web',
  );
  // a fix snippet names the service as YAML reads it back (not a key broken over lines)
  for (const f of a.json.findings)
    if (f.fix?.yaml && f.path.startsWith('services['))
      t.ok(
        Object.hasOwn((parseYamlText(f.fix.yaml) as { services: object }).services, name),
        `${f.rule}: the fix names the service`,
      );
  checkText(t, 'hostile service text', auditBundle(bundle, { failOn: 'info', format: 'text' }).rendered!.body);
  checkMarkdown(
    t,
    'hostile service markdown',
    auditBundle(bundle, { failOn: 'info', format: 'markdown' }).rendered!.body,
  );
  checkGithub(t, 'hostile service github', auditBundle(bundle, { failOn: 'info', format: 'github' }).rendered!.body);
  checkSarif(t, 'hostile service sarif', auditBundle(bundle, { failOn: 'info', format: 'sarif' }).rendered!.body);
});

t.test('SARIF: two environment names that escape alike stay two keys of the run properties', async (t) => {
  const files = { 'compose.yaml': 'services:\n  web:\n    image: nginx:1.27\n' };
  const names = ['a\nb', 'a\\nb', 'c\u202ed'];
  const environments = Object.fromEntries(names.map((n) => [n, { files: ['compose.yaml'] }]));
  const log = JSON.parse(auditBundle({ files, environments }, { failOn: 'info', format: 'sarif' }).rendered!.body) as {
    runs: { properties: { environments: Record<string, unknown> } }[];
  };
  const keys = Object.keys(log.runs[0].properties.environments);
  t.equal(keys.length, 3, JSON.stringify(keys));
  t.notOk(
    keys.some((k) => /[\n\u202e]/.test(k)),
    'one safe line each',
  );
});
