// The rule pages (docs/rules/, src/rule-docs/): every rule has one, the committed pages are what
// scripts/rule-docs.ts generates, and every example does what its page says, run as the page says
// (the CLI in a directory holding exactly the example's files): the bad one gets the rule's finding
// at the line the page shows, the good one does not, and both suppressions the page shows suppress it.
import t from 'tap';
import { mkdtempSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { main } from '../src/cli/main.js';
import { rules } from '../src/audit/rules/index.js';
import { RULE_DOCS } from '../src/rule-docs/content/index.js';
import {
  exampleRun,
  findingLine,
  inlineSuppressed,
  policySuppressed,
  ruleIds,
  rulePage,
  type ExampleRun,
} from '../src/rule-docs/page.js';
import { RULE_DOCS_DIR, rulePages } from '../scripts/rule-docs.js';
import { buildApp } from '../src/api/app.js';
import { RULE_DOCS_ENV, ruleDocUrl, ruleDocsIndex } from '../src/report/rule-links.js';
import { formatSarif } from '../src/report/sarif.js';
import { formatMarkdown } from '../src/report/markdown.js';
import { formatFindingsText } from '../src/report/text.js';
import type { ReportItem } from '../src/report/findings.js';

interface Item {
  rule?: string;
  code: string;
  file: string;
  line: number;
}

async function audit(run: ExampleRun): Promise<{ code: number; findings: Item[]; suppressed: Item[]; stderr: string }> {
  const dir = mkdtempSync(join(tmpdir(), 'rule-docs-'));
  try {
    for (const [file, text] of Object.entries(run.files)) {
      mkdirSync(dirname(join(dir, file)), { recursive: true });
      writeFileSync(join(dir, file), text);
    }
    let stdout = '';
    let stderr = '';
    const code = await main([...run.args, '--format', 'json', '--fail-on', 'none'], {
      stdout: (s) => (stdout += s),
      stderr: (s) => (stderr += s),
      env: { ...run.env },
      cwd: dir,
    });
    const json = (stdout ? JSON.parse(stdout) : {}) as { findings?: Item[]; suppressed?: Item[] };
    return { code, findings: json.findings ?? [], suppressed: json.suppressed ?? [], stderr };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

t.test('every rule has a page, and the pages are up to date (npx tsx scripts/rule-docs.ts)', async (t) => {
  const pages = rulePages();
  t.same(
    readdirSync(RULE_DOCS_DIR)
      .filter((n) => n.endsWith('.md'))
      .sort(),
    [...pages.keys()].sort(),
    'one page per rule and the index, nothing else',
  );
  for (const r of rules) t.ok(pages.has(`${r.meta.id}.md`), `${r.meta.id} has a page`);
  for (const [name, text] of pages) t.equal(readFileSync(join(RULE_DOCS_DIR, name), 'utf8'), text, name);
});

for (const id of ruleIds()) {
  t.test(`${id}: the page's examples`, async (t) => {
    const at = findingLine(id);
    const bad = await audit(exampleRun(id, 'bad'));
    const refused = RULE_DOCS[id].refusedBy;
    if (refused) {
      // Compose refuses the project at load: the CLI says so at that line and exits 2
      t.equal(bad.code, 2, 'the bad example does not load');
      t.match(bad.stderr, `${at.file}:${at.line}:`, 'the load error is at the line the page shows');
      t.match(bad.stderr, `[${refused}]`, `the load error is ${refused}`);
    } else {
      t.equal(bad.code, 0, `the bad example loads ${bad.stderr}`);
      const mine = bad.findings.filter((f) => f.rule === id);
      t.ok(mine.length, `the bad example gets a ${id} finding (got: ${bad.findings.map((f) => f.rule).join(', ')})`);
      t.ok(
        mine.some((f) => f.file === at.file && f.line === at.line),
        `at ${at.file}:${at.line} (got ${mine.map((f) => `${f.file}:${f.line}`).join(', ')})`,
      );
    }
    const good = await audit(exampleRun(id, 'good'));
    t.equal(good.code, 0, `the good example loads ${good.stderr}`);
    t.same(
      good.findings.filter((f) => f.rule === id).map((f) => `${f.file}:${f.line}`),
      [],
      'the good example gets no finding of the rule',
    );
    if (refused) return;
    // the comment is a line above the finding's (which a finding about the whole file may now point at)
    const near = (f: Item) => f.rule === id && f.file === at.file && (f.line === at.line + 1 || f.line === at.line);
    const inline = await audit(inlineSuppressed(id));
    t.same(inline.findings.filter(near), [], 'the inline comment suppresses the finding');
    t.ok(inline.suppressed.some(near), 'and the finding is listed as suppressed');
    const policy = await audit(policySuppressed(id));
    t.same(
      policy.findings.filter((f) => f.rule === id),
      [],
      'the policy suppresses the rule',
    );
    t.ok(
      policy.suppressed.some((f) => f.rule === id),
      'and its findings are listed as suppressed',
    );
  });
}

t.test('the service serves every page: HTML at /rules/<id>, markdown at /rules/<id>.md, the index', async (t) => {
  const app = buildApp({ rateLimitPerMinute: 0, workers: 1 });
  t.teardown(() => app.close());
  const index = await app.inject({ url: '/docs/rules/' });
  t.equal(index.statusCode, 200);
  t.match(index.headers['content-type'], /^text\/html/);
  t.match(index.headers['content-security-policy'], /^default-src 'none'; style-src 'sha256-[A-Za-z0-9+/=]+'; /);
  t.equal((await app.inject({ url: '/docs/rules' })).headers.location, '/docs/rules/');
  const catalog = (await app.inject({ url: '/v1/rules' })).json() as { rules: { id: string; docs: string }[] };
  t.equal(catalog.rules.length, rules.length);
  for (const { id, docs } of catalog.rules) {
    t.equal(docs, `/docs/rules/${id}`, `/v1/rules links ${id} to its page`);
    t.match(index.body, `<a href="${id}">`, `the index links ${id}`);
    const html = await app.inject({ url: docs });
    t.equal(html.statusCode, 200, `${docs} answers`);
    t.match(html.headers['content-type'], /^text\/html; charset=utf-8/);
    t.match(html.body, `<title>${id}: `);
    // rendered with raw HTML off: the page's own < and & arrive as text
    t.notMatch(
      html.body.replace(
        /<\/?(!doctype|html|head|meta|title|style|body|main|h[12]|p|code|pre|ul|li|strong|a|hr|table|thead|tbody|tr|th|td)\b[^>]*>/gi,
        '',
      ),
      /<[a-z!/]/i,
      `${id}: no other tag`,
    );
    const markdown = await app.inject({ url: `${docs}.md` });
    t.match(markdown.headers['content-type'], /^text\/markdown; charset=utf-8/);
    t.equal(markdown.body, rulePage(id as never, { indexHref: './' }));
  }
  const privileged = await app.inject({ url: '/docs/rules/privileged' });
  t.match(
    privileged.body,
    '<code>service &quot;&lt;service&gt;&quot; runs privileged: it has full access to the host</code>',
  );
  t.equal(
    (
      await app.inject({
        url: '/docs/rules/privileged',
        headers: { 'if-none-match': privileged.headers.etag as string },
      })
    ).statusCode,
    304,
  );
  for (const url of [
    '/docs/rules/nope',
    '/docs/rules/__proto__',
    '/docs/rules/constructor.md',
    '/docs/rules/privileged.md.md',
    '/docs/rules/%3Cx%3E',
  ]) {
    const r = await app.inject({ url });
    t.equal(r.statusCode, 404, url);
    t.match(r.headers['content-type'], /^application\/problem\+json/);
  }
});

t.test('the pages need no token, like /docs, unless COMPOSE_REVIEW_PUBLIC_DOCS=false', async (t) => {
  const open = buildApp({ rateLimitPerMinute: 0, workers: 1, tokens: ['secret-token'] });
  const guarded = buildApp({ rateLimitPerMinute: 0, workers: 1, tokens: ['secret-token'], publicDocs: false });
  t.teardown(() => Promise.all([open.close(), guarded.close()]));
  t.equal((await open.inject({ url: '/docs/rules/privileged' })).statusCode, 200);
  t.equal((await open.inject({ url: '/docs/rules/' })).statusCode, 200);
  t.equal((await open.inject({ url: '/v1/rules' })).statusCode, 401, 'the API itself still needs one');
  t.equal((await guarded.inject({ url: '/docs/rules/privileged' })).statusCode, 401);
  const withToken = await guarded.inject({
    url: '/docs/rules/privileged',
    headers: { authorization: 'Bearer secret-token' },
  });
  t.equal(withToken.statusCode, 200);
});

t.test('SARIF, the markdown report and the text report link every rule to its page', async (t) => {
  const template = 'https://docs.example.com/compose-review/rules/{id}';
  const findings: ReportItem[] = rules.map((r, i) => ({
    code: r.meta.id,
    rule: r.meta.id,
    severity: r.meta.severity,
    message: `finding of ${r.meta.id}`,
    file: 'compose.yaml',
    line: i + 1,
    column: 1,
    path: `services.s${i}`,
    environment: 'production',
  }));
  const diagnostic: ReportItem = {
    code: 'schema-unknown-key',
    severity: 'error',
    message: 'x',
    file: 'compose.yaml',
    line: 1,
    column: 1,
    path: '',
  };
  const run = formatSarif([...findings, diagnostic], { docsBase: template }).runs[0];
  for (const r of rules) {
    const d = run.tool.driver.rules.find((x) => x.id === r.meta.id);
    t.equal(d?.helpUri, `https://docs.example.com/compose-review/rules/${r.meta.id}`, `${r.meta.id}: helpUri`);
  }
  t.notOk(run.tool.driver.rules.find((x) => x.id === 'schema-unknown-key')?.helpUri, 'a diagnostic code has no page');
  t.equal(
    run.tool.driver.informationUri,
    'https://docs.example.com/compose-review/rules/',
    'informationUri: the index',
  );
  t.equal(
    formatSarif(findings, { docsBase: false }).runs[0].tool.driver.rules[0].helpUri,
    undefined,
    'false: no links',
  );

  // the pages the service serves are the ones SARIF links to, under the service's own URL
  const app = buildApp({ rateLimitPerMinute: 0, workers: 1 });
  t.teardown(() => app.close());
  for (const d of formatSarif(findings, { docsBase: 'http://localhost/docs/rules/{id}' }).runs[0].tool.driver.rules) {
    const r = await app.inject({ url: new URL(d.helpUri!).pathname });
    t.equal(r.statusCode, 200, `${d.helpUri} is a page`);
  }

  const md = formatMarkdown(findings.slice(0, 2), { docsBase: template });
  t.match(md, '### [`privileged`](https://docs.example.com/compose-review/rules/privileged): Privileged container');
  t.match(formatMarkdown(findings.slice(0, 1), { docsBase: false }), '### `privileged`: Privileged container');
  const text = formatFindingsText(findings.slice(0, 2), {}, { docsBase: template });
  t.match(
    text,
    'For more information:\n  privileged: https://docs.example.com/compose-review/rules/privileged\n  cap-add-dangerous: https://docs.example.com/compose-review/rules/cap-add-dangerous\n',
  );
  t.notMatch(formatFindingsText(findings.slice(0, 2), {}, { docsBase: false }), 'For more information');
  t.notMatch(
    formatFindingsText([diagnostic], {}, { docsBase: template }),
    'For more information',
    'only rules have pages',
  );
});

t.test(
  'the template: COMPOSE_REVIEW_RULE_DOCS_URL, {id} or appended, and nothing a format would have to escape',
  async (t) => {
    const saved = process.env[RULE_DOCS_ENV];
    t.teardown(() => {
      if (saved === undefined) delete process.env[RULE_DOCS_ENV];
      else process.env[RULE_DOCS_ENV] = saved;
    });
    delete process.env[RULE_DOCS_ENV];
    t.equal(ruleDocUrl('privileged'), undefined, 'no default: a link is never guessed');
    process.env[RULE_DOCS_ENV] = 'https://github.com/o/r/blob/v1/docs/rules/{id}.md';
    t.equal(ruleDocUrl('privileged'), 'https://github.com/o/r/blob/v1/docs/rules/privileged.md');
    t.equal(ruleDocsIndex(), 'https://github.com/o/r/blob/v1/docs/rules/');
    t.equal(ruleDocUrl('privileged', 'https://h.example/rules/'), 'https://h.example/rules/privileged');
    t.equal(ruleDocUrl('privileged', false), undefined);
    for (const bad of [
      'javascript:alert(1)//{id}',
      'https://h.example/a b/{id}',
      'https://h.example/{id})[x](y',
      'ftp://h/{id}',
      'https://h/"{id}',
    ])
      t.equal(ruleDocUrl('privileged', bad), undefined, bad);
  },
);
