// The CI report formats, each read back the way its consumer reads it: GitLab Code Quality against
// the schema GitLab checks each entry with (and its severities, and fingerprints unique as GitLab
// keys them), JUnit XML against the Jenkins xUnit plugin's junit-10.xsd (xmllint, as WebAssembly),
// checkstyle parsed as reviewdog reads it, rdjson against reviewdog's JSON schema. Then a bundle
// whose file name, keys and values hold `]]>`, `<`, `&`, quotes, control characters and a lone
// surrogate: every format still parses, and the hostile strings come back as data; and a secret
// value is masked in each (the canary tests of test/redact.test.ts cover every face too).
import t from 'tap';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Ajv } from 'ajv';
import { validateXML } from 'xmllint-wasm';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { auditBundle, reviewBundle } from '../src/usecases/index.js';
import { textLine, xmlText } from '../src/report/escape.js';
import type { Bundle } from '../src/bundle/bundle.js';
import { readTree } from './helpers/fixtures.js';
import { buildApp } from '../src/api/app.js';

const SCHEMAS = join(import.meta.dirname, '..', 'schemas');
const json = (name: string) => JSON.parse(readFileSync(join(SCHEMAS, name), 'utf8')) as Record<string, unknown>;
const ajv = new Ajv({ strict: false, allErrors: true });
const gitlabEntry = ajv.compile(json('gitlab-codeclimate.json'));
// reviewdog's schema says draft-04; the keywords it uses (type, properties, enum, oneOf, $ref to
// definitions) mean the same in the draft ajv reads, so only the $schema line is left out
const { $schema: _draft, ...rdjsonSchema } = json('rdjson-DiagnosticResult.json');
const rdjsonResult = ajv.compile(rdjsonSchema);
const JUNIT_XSD = readFileSync(join(SCHEMAS, 'junit-10.xsd'), 'utf8');
const xml = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '',
  isArray: (n, _path, _leaf, attribute) => !attribute && n !== 'checkstyle',
});

const seed: Bundle = { files: readTree('seed') };

async function checkJunit(t: Tap.Test, name: string, body: string): Promise<Record<string, unknown>[]> {
  const r = await validateXML({ xml: [{ fileName: 'report.xml', contents: body }], schema: [JUNIT_XSD] });
  t.ok(r.valid, `${name}: valid against junit-10.xsd ${r.errors.map((e) => e.message).join('; ')}`);
  const doc = xml.parse(body) as {
    testsuites: { tests: string; failures: string; testsuite: Record<string, unknown>[] }[];
  };
  const suites = doc.testsuites[0].testsuite;
  const cases = suites.flatMap((s) => (s.testcase as Record<string, unknown>[]) ?? []);
  t.equal(Number(doc.testsuites[0].tests), cases.length, `${name}: tests counts every testcase`);
  t.equal(
    Number(doc.testsuites[0].failures),
    cases.filter((c) => c.failure).length,
    `${name}: failures counts the failed ones`,
  );
  return cases;
}

interface CheckstyleError {
  line: string;
  column: string;
  severity: string;
  message: string;
  source: string;
}

function checkCheckstyle(t: Tap.Test, name: string, body: string): { name: string; error: CheckstyleError[] }[] {
  t.equal(XMLValidator.validate(body), true, `${name}: well-formed XML`);
  const doc = xml.parse(body) as { checkstyle: { file: { name: string; error: CheckstyleError[] }[] } };
  // reviewdog's checkstyle parser: every error needs a line, a severity and a message
  for (const f of doc.checkstyle.file)
    for (const e of f.error) {
      t.ok(Number(e.line) >= 1 && Number(e.column) >= 1, `${name}: line and column`);
      t.ok(['error', 'warning', 'info'].includes(e.severity), `${name}: severity ${e.severity}`);
      t.match(e.source, /^compose-review\.[a-z0-9-]+$/, `${name}: source`);
    }
  return doc.checkstyle.file;
}

interface GitlabIssue {
  fingerprint: string;
  severity: string;
  description: string;
  location: { path: string; lines: { begin: number } };
}

function checkGitlab(t: Tap.Test, name: string, body: string, files: Record<string, string>): GitlabIssue[] {
  const issues = JSON.parse(body) as GitlabIssue[];
  t.ok(Array.isArray(issues) && issues.length > 0, `${name}: an array of issues`);
  for (const i of issues) {
    t.ok(gitlabEntry(i), `${name}: GitLab's schema ${ajv.errorsText(gitlabEntry.errors)}`);
    t.ok(['blocker', 'critical', 'major', 'minor', 'info'].includes(i.severity), `${name}: a GitLab severity`);
    t.ok(Object.hasOwn(files, i.location.path), `${name}: location.path is a file of the bundle`);
    t.ok(Number.isInteger(i.location.lines.begin) && i.location.lines.begin >= 1, `${name}: lines.begin`);
    t.notOk(/[\u0000-\u001f\u007f-\u009f]/.test(i.description), `${name}: no raw control character`);
  }
  t.equal(new Set(issues.map((i) => i.fingerprint)).size, issues.length, `${name}: fingerprints unique`);
  return issues;
}

function checkRdjson(t: Tap.Test, name: string, body: string) {
  const r = JSON.parse(body) as {
    diagnostics: { message: string; location: { path: string; range: { start: { line: number; column: number } } } }[];
  };
  t.ok(rdjsonResult(r), `${name}: reviewdog's schema ${ajv.errorsText(rdjsonResult.errors)}`);
  t.ok(r.diagnostics.length > 0, `${name}: diagnostics`);
  for (const d of r.diagnostics) {
    // reviewdog posts the message as markdown
    t.notOk(/<[a-zA-Z/!]|\]\(|[\u0000-\u001f]/.test(d.message), `${name}: no HTML, link or control in the message`);
    t.notOk(/(^|[^\w])@[A-Za-z0-9]/.test(d.message.replace(/@&#8203;/g, '')), `${name}: no mention`);
  }
  return r;
}

t.test('each format of the seed audit, read back by its consumer', async (t) => {
  const a = auditBundle(seed, { failOn: 'info' });
  const findings = a.json.findings.length;
  t.ok(findings > 10);
  checkGitlab(t, 'gitlab', a.render!('gitlab').body, seed.files);
  const cases = await checkJunit(t, 'junit', a.render!('junit').body);
  t.equal(cases.filter((c) => c.failure).length, findings + a.json.diagnostics.length, 'one failed testcase a finding');
  t.ok(
    cases.some((c) => c.name === 'no findings' && c.classname === 'docker-compose.prod.yml'),
    'a file without findings passes',
  );
  const files = checkCheckstyle(t, 'checkstyle', a.render!('checkstyle').body);
  t.equal(
    files.reduce((n, f) => n + f.error.length, 0),
    findings,
    'one error a finding',
  );
  const rd = checkRdjson(t, 'rdjson', a.render!('rdjson').body);
  t.equal(rd.diagnostics.length, findings);
  // the formats of a review, and a change review's new findings
  for (const f of ['gitlab', 'junit', 'checkstyle', 'rdjson'] as const) {
    const body = reviewBundle(seed, { format: f }).rendered!.body;
    if (f === 'gitlab') checkGitlab(t, 'review gitlab', body, seed.files);
    if (f === 'junit') await checkJunit(t, 'review junit', body);
    if (f === 'checkstyle') checkCheckstyle(t, 'review checkstyle', body);
    if (f === 'rdjson') checkRdjson(t, 'review rdjson', body);
  }
});

t.test('GitLab: severities, fingerprints without the line, locations', async (t) => {
  const issues = JSON.parse(auditBundle(seed, { format: 'gitlab' }).rendered!.body) as GitlabIssue[];
  const severities = new Set(issues.map((i) => i.severity));
  t.same([...severities].sort(), ['info', 'major', 'minor'], 'error major, warning minor, info info');
  // the same finding one line lower keeps its fingerprint
  const shifted: Bundle = {
    files: { ...seed.files, 'docker-compose.yml': `# a comment\n${seed.files['docker-compose.yml']}` },
  };
  const after = JSON.parse(auditBundle(shifted, { format: 'gitlab' }).rendered!.body) as GitlabIssue[];
  const key = (i: GitlabIssue) => i.fingerprint;
  t.same(after.map(key).sort(), issues.map(key).sort(), 'the fingerprints survive an edit above');
  t.not(after[0].location.lines.begin === issues[0].location.lines.begin && after.length > 0, undefined);
});

t.test('rdjson: columns in UTF-8 bytes, as reviewdog counts them', async (t) => {
  // `é` is 2 bytes and `€` 3 in UTF-8, one UTF-16 unit each: what follows them moves by 3
  const bundle: Bundle = { files: { 'compose.yaml': 'services:\n  w: {image: "é€:1", privileged: true}\n' } };
  const a = auditBundle(bundle, { failOn: 'info' });
  const finding = a.json.findings.find((f) => f.rule === 'privileged');
  t.ok(finding, 'the privileged finding');
  const r = JSON.parse(a.render!('rdjson').body) as {
    diagnostics: {
      code: { value: string };
      location: { range: { start: { column: number }; end?: { column: number } } };
    }[];
  };
  const d = r.diagnostics.find((x) => x.code.value === 'privileged');
  t.equal(d?.location.range.start.column, finding!.column + 3, 'the start in bytes');
  if (finding!.endColumn !== undefined) t.equal(d?.location.range.end?.column, finding!.endColumn + 3, 'the end too');
  const before = r.diagnostics.find((x) => x.code.value === 'cap-drop-missing');
  t.equal(before?.location.range.start.column, 3, 'before them, the same column');
});

// ---- hostile strings and secrets -----------------------------------------------------------------

const HOSTILE =
  ']]> <x a="1"> & \'q\' "dq" </testsuite> \u0007 \u001b[31m \u202e \ud800 @org/team [l](https://e.x) <img src=x>';

// YAML holds no lone surrogate: raw, UTF-8 cannot carry one; escaped (`\ud800`), go-yaml refuses it
// (scanner.go, "found invalid Unicode character escape code"). Bundle JSON strings can: xmlText's test below.
const HOSTILE_YAML = HOSTILE.replace(/[\ud800-\udfff]/g, '');

function hostileBundle(): Bundle {
  return {
    files: {
      'compose.yaml': `services:\n  web:\n    image: nginx:latest\n    environment:\n      NOTE: ${JSON.stringify(HOSTILE_YAML)}\n      DB_PASSWORD: CanaryFormatSecret-42\n    command: ["run", "--password", "CanaryFormatSecret-42"]\n`,
      [`overrides/${HOSTILE.replace(/[\u0000-\u001f\ud800]/g, '')}.yaml`]: `services:\n  web:\n    privileged: true\n    labels:\n      ${JSON.stringify(`k${HOSTILE_YAML}`)}: "CanaryFormatSecret-42"\n`,
      'legacy/compose.yaml': `services:\n  web:\n    image: nginx\n    ${JSON.stringify(`bad${HOSTILE_YAML}`)}: 1\n`,
    },
  };
}

t.test('hostile strings stay data and secrets stay masked in every new format', async (t) => {
  const bundle = hostileBundle();
  const path = Object.keys(bundle.files)[1];
  bundle.environments = { production: { files: ['compose.yaml', path] } };
  const a = auditBundle(bundle, { failOn: 'info' });
  t.ok(
    a.json.findings.some((f) => f.file === path),
    'findings at the hostile path',
  );
  t.ok(
    a.json.diagnostics.some((d) => d.message.includes('bad]]>')),
    'a diagnostic quoting the hostile key',
  );
  for (const format of ['gitlab', 'junit', 'checkstyle', 'rdjson'] as const) {
    const body = a.render!(format).body;
    t.notMatch(body, /CanaryFormatSecret/, `${format}: the secret is masked`);
    t.notOk(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/.test(body), `${format}: no raw control character`);
    if (format === 'gitlab') {
      const issues = checkGitlab(t, 'hostile gitlab', body, bundle.files);
      t.ok(
        issues.some((i) => i.location.path === path),
        'gitlab: the hostile path, whole',
      );
    }
    if (format === 'junit') {
      const cases = await checkJunit(t, 'hostile junit', body);
      t.ok(
        cases.some((c) => c.classname === xml.parse(`<a b="${xmlText(path)}"/>`).a[0].b),
        'junit: the hostile path read back as the escaped file name',
      );
      t.notMatch(body, /<x a=|<img|<\/testsuite> \\/, 'junit: no markup from the bundle');
    }
    if (format === 'checkstyle') {
      const files = checkCheckstyle(t, 'hostile checkstyle', body);
      const file = files.find((f) => f.name.startsWith('overrides/'));
      t.equal(file?.name, textLine(path).replace(/[\ud800-\udfff]/g, '\ufffd'), 'checkstyle: the path read back');
      const legacy = files.find((f) => f.name === 'legacy/compose.yaml');
      t.ok(
        legacy?.error.some((e) => e.message.includes('bad]]> <x a=')),
        'checkstyle: the hostile key read back as text',
      );
    }
    if (format === 'rdjson') checkRdjson(t, 'hostile rdjson', body);
  }
  t.equal(xmlText('a]]>b<c&d"e\'f\u0001\ud800'), 'a]]&gt;b&lt;c&amp;d&quot;e&apos;f\\x01\ufffd');
});

t.test('the API takes the same format names: audit and review', async (t) => {
  const app = buildApp({ rateLimitPerMinute: 0, workers: 1 });
  t.teardown(() => app.close());
  const types: Record<string, RegExp> = {
    gitlab: /^application\/json/,
    junit: /^application\/xml/,
    checkstyle: /^application\/xml/,
    rdjson: /^application\/json/,
  };
  for (const format of Object.keys(types))
    for (const route of ['audit', 'review']) {
      const r = await app.inject({ method: 'POST', url: `/v1/${route}?format=${format}`, payload: seed as object });
      t.equal(r.statusCode, 200, `${route} ${format}: ${r.body.slice(0, 200)}`);
      t.match(r.headers['content-type'], types[format], `${route} ${format}: content type`);
      t.equal(
        r.body,
        (route === 'audit' ? auditBundle : reviewBundle)(seed, { format }).rendered!.body,
        'as the use case renders it',
      );
    }
});
