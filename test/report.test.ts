import t from 'tap';
import { existsSync, readFileSync } from 'node:fs';
import { Ajv } from 'ajv';
import { auditModel } from '../src/audit/run.js';
import type { Finding } from '../src/audit/types.js';
import { diagnostic } from '../src/diagnostics.js';
import type { Diagnostic } from '../src/diagnostics.js';
import type { ReportItem } from '../src/report/findings.js';
import {
  countBySeverity,
  exceedsThreshold,
  groupByEnvironment,
  groupByFile,
  groupByRule,
  mergeEnvironments,
  summarize,
} from '../src/report/findings.js';
import { escapeData, escapeProperty, formatGithub } from '../src/report/github.js';
import { formatMarkdown } from '../src/report/markdown.js';
import { formatSarif, formatSarifJson } from '../src/report/sarif.js';
import { formatFindingsText, formatText } from '../src/report/text.js';
import { context, y } from './audit/helpers.js';

const compose = y`
  services:
    web:
      image: nginx:latest
      privileged: true
      ports: ["8080:80"]
    db:
      image: postgres # compose-review-ignore image-unpinned pinned by renovate
`;

/** prod and dev audits of one file, as the CLI collects them, plus two validation diagnostics. */
function audit(text: string): Finding[] {
  const prod = auditModel(context(text, { environment: 'prod' }));
  const dev = auditModel(context(text, { environment: 'dev', role: 'development' }));
  return [...prod.findings, ...prod.suppressed, ...dev.findings, ...dev.suppressed];
}
const findings = audit(compose);
const validation: Diagnostic[] = [
  diagnostic(
    'schema-unknown-key',
    'error',
    'unknown key "imgae" in service "web"',
    { file: 'compose.override.yaml', line: 3, column: 5, endLine: 3, endColumn: 10 },
    'services.web.imgae',
    'did you mean "image"?',
  ),
  diagnostic('project-empty', 'warning', 'the project defines no service', undefined, ''),
];
const all: ReportItem[] = [...findings, ...validation];
const files = { 'compose.yaml': compose, 'compose.override.yaml': 'services:\n  web:\n    imgae: nginx\n' };
const find = (rule: string) => findings.find((f) => f.rule === rule && f.environment === 'prod') as Finding;

t.test('findings: merge across environments, groups, counts', async (t) => {
  const merged = mergeEnvironments(findings);
  const privileged = merged.filter((f) => f.rule === 'privileged');
  t.equal(privileged.length, 1, 'the same finding in prod and dev is one entry');
  t.same(privileged[0].environments, ['prod', 'dev']);
  t.notOk('environment' in privileged[0]);
  t.same(merged.find((f) => f.rule === 'cap-drop-missing')?.environments, ['prod'], 'production-only rule');
  const suppressed = merged.filter((f) => f.suppressed);
  t.same(
    suppressed.map((f) => [f.rule, f.environments]),
    [['image-unpinned', ['prod', 'dev']]],
  );

  const shifted = mergeEnvironments([
    { ...find('privileged'), environment: 'staging', severity: 'warning' },
    { ...find('privileged'), line: 9, environment: 'dev' },
    find('privileged'),
  ]);
  t.same(
    shifted.map((f) => [f.line, f.severity, f.environments]),
    [
      [4, 'error', ['staging', 'prod']],
      [9, 'error', ['dev']],
    ],
    'highest severity wins; another line is another finding',
  );
  t.same(
    mergeEnvironments(validation).map((d) => d.environments),
    [[], []],
    'plain diagnostics have no environment',
  );

  t.same([...groupByEnvironment(mergeEnvironments(all)).keys()], ['prod', 'dev', '']);
  t.equal(groupByRule(merged).get('privileged')?.length, 1);
  t.same([...groupByFile(all).keys()], ['compose.yaml', 'compose.override.yaml', '']);
  const counts = countBySeverity(mergeEnvironments(all));
  t.equal(counts.suppressed, 1);
  t.equal(counts.error, 2, 'privileged + schema error');
  t.equal(summarize({ error: 1, warning: 2, info: 0, suppressed: 3 }), '1 error, 2 warnings, 0 info (3 suppressed)');
  t.equal(summarize({ error: 0, warning: 1, info: 0, suppressed: 0 }, true), '1 warning');
});

t.test('--fail-on threshold', async (t) => {
  const f = (severity: 'error' | 'warning' | 'info', suppressed = false): ReportItem => ({
    ...find('privileged'),
    severity,
    ...(suppressed ? { suppressed: { by: 'inline' as const } } : {}),
  });
  const cases: [ReportItem[], 'error' | 'warning' | 'info' | 'none', boolean][] = [
    [[], 'info', false],
    [[f('info')], 'info', true],
    [[f('info')], 'warning', false],
    [[f('warning')], 'warning', true],
    [[f('warning')], 'error', false],
    [[f('warning'), f('error')], 'error', true],
    [[f('error', true)], 'info', false],
    [[f('error')], 'none', false],
  ];
  for (const [list, failOn, want] of cases)
    t.equal(
      exceedsThreshold(list, failOn),
      want,
      `${list.map((d) => d.severity + (d.suppressed ? '(suppressed)' : '')).join(',') || 'none'} vs ${failOn}`,
    );
  t.ok(exceedsThreshold(all, 'error'));
});

t.test('text', async (t) => {
  const out = formatFindingsText(all, files, { fixYaml: true });
  t.match(
    out,
    'compose.yaml:4:5: error service "web" runs privileged: it has full access to the host [privileged] (prod, dev)\n      privileged: true\n      ^^^^^^^^^^\n  fix: turn privileged mode off\n    services:\n      web:\n        privileged: false\n',
  );
  t.match(
    out,
    'compose.override.yaml:3:5: error unknown key "imgae" in service "web" [schema-unknown-key]\n      imgae: nginx\n      ^^^^^\n  fix: did you mean "image"?\n',
  );
  t.match(out, '<bundle>:1:1: warning the project defines no service [project-empty]\n');
  t.notMatch(out, /postgres.*\[image-unpinned\]/, 'suppressed findings are only counted');
  t.match(out, /\n2 errors, \d+ warnings, \d+ info \(1 suppressed\); \d+ findings on \d+ lines\n$/);
  t.match(
    out,
    'compose.yaml:2:3: warning none of the 2 services drop every capability (cap_drop: [ALL]): web, db [cap-drop-missing] (prod)\n  fix: drop every capability (add back the few the image needs with cap_add)\n',
    'a setting every service should have: one project-level line',
  );
  t.equal(out.match(/\[cap-drop-missing\]/g)?.length, 1);
  t.match(
    formatFindingsText(all, files, { suppressed: true, summary: false }),
    /postgres.*\[image-unpinned\] \(prod, dev\) \(suppressed by inline: pinned by renovate\)\n/,
  );
  // the validate command's format is unchanged
  t.equal(
    formatText(validation, files),
    'compose.override.yaml:3:5: error unknown key "imgae" in service "web" [schema-unknown-key]\n  hint: did you mean "image"?\n      imgae: nginx\n      ^^^^^\n<bundle>:1:1: warning the project defines no service [project-empty]\n',
  );
  t.equal(formatText(validation, files, { snippet: false }).split('\n').length, 4);
});

t.test('github workflow commands', async (t) => {
  const escapes: [string, string, string][] = [
    ['100% sure', '100%25 sure', '100%25 sure'],
    ['a\r\nb', 'a%0D%0Ab', 'a%0D%0Ab'],
    ['x: y, z', 'x: y, z', 'x%3A y%2C z'],
    ['%0A', '%250A', '%250A'],
    ['dir/a,b:c.yaml', 'dir/a,b:c.yaml', 'dir/a%2Cb%3Ac.yaml'],
  ];
  for (const [raw, data, prop] of escapes) {
    t.equal(escapeData(raw), data, `data ${JSON.stringify(raw)}`);
    t.equal(escapeProperty(raw), prop, `property ${JSON.stringify(raw)}`);
  }
  const out = formatGithub(all);
  const lines = out.trimEnd().split('\n');
  t.ok(
    lines.includes(
      '::error file=compose.yaml,line=4,col=5,endLine=4,endColumn=15,title=privileged::service "web" runs privileged: it has full access to the host (prod, dev)%0Afix: turn privileged mode off',
    ),
  );
  t.ok(lines.includes('::warning title=project-empty::the project defines no service'), 'no file: no position');
  t.ok(
    lines.some((l) => l.startsWith('::notice file=compose.yaml,line=5,') && l.includes('title=port-all-interfaces::')),
    'info is a notice',
  );
  t.equal(lines.filter((l) => l.includes('title=cap-drop-missing::')).length, 1, 'one annotation for the project');
  t.notOk(out.includes('title=image-unpinned::image "postgres"'), 'suppressed findings are left out');
  t.equal(lines.filter((l) => l.includes('title=privileged::')).length, 1, 'one annotation for both environments');
  t.ok(
    lines.every((l) => /^::(error|warning|notice) [^:]*::[^\n\r]*$/.test(l)),
    'one command a line, no raw `:` in properties',
  );
  const odd = formatGithub([{ ...find('privileged'), file: 'a,b:c.yaml', message: '50% of\nthe host' }], {
    fix: false,
  });
  t.equal(
    odd,
    '::error file=a%2Cb%3Ac.yaml,line=4,col=5,endLine=4,endColumn=15,title=privileged::50%25 of%0Athe host (prod)\n',
  );
});

t.test('markdown', async (t) => {
  const md = formatMarkdown(all, { linkBase: 'https://github.com/o/r/blob/abc123', collapseAfter: 1 });
  t.match(md, /^## compose-review\n\n\*\*2 errors, \d+ warnings, \d+ info \(1 suppressed\)\*\* in `prod`, `dev`\n/);
  t.ok(
    md.indexOf('### `privileged`: Privileged container (1 error)') < md.indexOf('### `cap-drop-missing`'),
    'errors first',
  );
  t.match(
    md,
    '| error | [compose.yaml:4](https://github.com/o/r/blob/abc123/compose.yaml#L4) | prod, dev | service "web" runs privileged: it has full access to the host |',
  );
  t.match(
    md,
    '**Fix:** [compose.yaml:4](https://github.com/o/r/blob/abc123/compose.yaml#L4): turn privileged mode off\n\n```yaml\nservices:\n  web:\n    privileged: false\n```',
  );
  const collapsed = formatMarkdown(all, { groupBy: 'environment', collapseAfter: 1 });
  t.match(
    collapsed,
    /<details><summary>\d+ places<\/summary>\n\n\| severity \| rule \| place \| message \|/,
    'long tables collapse',
  );
  t.match(collapsed, /<details><summary>How to fix \(\d+\)<\/summary>/);
  t.match(
    md,
    '| warning | `compose.yaml:2` | prod | none of the 2 services have a memory limit: web, db |'.replace(
      '`compose.yaml:2`',
      '[compose.yaml:2](https://github.com/o/r/blob/abc123/compose.yaml#L2)',
    ),
  );
  t.match(md, '### `schema-unknown-key` (1 error)');
  t.match(
    md,
    '| error | [compose.override.yaml:3](https://github.com/o/r/blob/abc123/compose.override.yaml#L3) | - | unknown key "imgae" in service "web" |',
  );
  t.match(
    md,
    '<details><summary>Suppressed (1)</summary>\n\n| rule | place | environments | by | reason |\n|---|---|---|---|---|\n| `image-unpinned` | [compose.yaml:7](https://github.com/o/r/blob/abc123/compose.yaml#L7) | prod, dev | inline | pinned by renovate |\n\n</details>',
  );
  t.notMatch(md, /\n\n\n/, 'no stray blank lines');

  const byEnv = formatMarkdown(all, { groupBy: 'environment' });
  t.match(
    byEnv,
    /### `prod` \([^)]*\)\n\n<details><summary>\d+ places<\/summary>\n\n\| severity \| rule \| place \| message \|\n\|---\|---\|---\|---\|\n\| error \| `privileged`/,
    'errors first within an environment',
  );
  t.match(byEnv, '`cap-drop-missing` drop every capability');
  t.match(byEnv, '### `dev` (1 error, ');
  t.match(byEnv, '### Validation (1 error, 1 warning)');
  t.match(
    byEnv,
    '| error | `privileged` | `compose.yaml:4` | service "web" runs privileged: it has full access to the host |',
    'no linkBase: plain places',
  );
  const tricky = formatMarkdown([{ ...find('privileged'), message: 'a | b <script>' }]);
  t.match(tricky, '| a &#124; b &lt;script&gt; |');
  t.match(formatMarkdown([]), '**0 errors, 0 warnings, 0 info**\n\nNo findings.\n');
});

// The official schema (OASIS SARIF 2.1.0 errata01, JSON Schema draft-04): ajv 8 reads it as draft-07
// once `id` is `$id`; every other keyword it uses means the same in both drafts.
const SCHEMA = new URL('../schemas/sarif-2.1.0.json', import.meta.url);
function sarifValidator() {
  const { $schema: _draft, id, ...schema } = JSON.parse(readFileSync(SCHEMA, 'utf8')) as Record<string, unknown>;
  const ajv = new Ajv({
    strict: false,
    allErrors: true,
    validateSchema: false,
    formats: { uri: /^[a-z][a-z0-9+.-]*:\S*$/i, 'uri-reference': /^\S*$/, 'date-time': true },
  });
  return ajv.compile({ $id: id, ...schema });
}

t.test('sarif', async (t) => {
  const log = formatSarif(all, {
    version: '1.2.3',
    informationUri: 'https://example.com/compose-review',
    docsBase: 'https://example.com/compose-review/docs/rules/{id}.md',
    category: 'compose',
  });
  const run = log.runs[0];
  if (!existsSync(SCHEMA))
    t.skip('schemas/sarif-2.1.0.json is missing: vendor the SARIF 2.1.0 schema to validate the output');
  else {
    const validate = sarifValidator();
    t.ok(validate(log), `valid SARIF 2.1.0: ${JSON.stringify(validate.errors?.slice(0, 3))}`);
    t.ok(validate(JSON.parse(formatSarifJson([]))), 'an empty run is valid');
    t.notOk(
      validate({ ...log, runs: [{ ...run, results: [{ ...run.results[0], level: 'fatal' }] }] }),
      'the schema does reject a bad level',
    );
  }
  t.match(run.tool.driver, {
    name: 'compose-review',
    version: '1.2.3',
    informationUri: 'https://example.com/compose-review',
  });
  t.match(formatSarif([]).runs[0].tool.driver.version, /^\d+\.\d+\.\d+/, 'version from package.json');
  t.same(run.automationDetails, { id: 'compose/' });

  const rules = run.tool.driver.rules;
  t.equal(new Set(rules.map((r) => r.id)).size, rules.length, 'one descriptor per rule');
  for (const r of run.results) t.equal(rules[r.ruleIndex].id, r.ruleId, `ruleIndex of ${r.ruleId}`);
  const privileged = rules.find((r) => r.id === 'privileged');
  t.match(privileged, {
    name: 'Privileged',
    shortDescription: { text: 'Privileged container' },
    helpUri: 'https://example.com/compose-review/docs/rules/privileged.md',
    defaultConfiguration: { level: 'error' },
    properties: { tags: ['privileges', 'security', 'external/cwe/cwe-250'], 'security-severity': '8.0' },
  });
  t.match(privileged?.help.markdown, '```yaml\nservices:\n  web:\n    privileged: false\n```');
  t.match(privileged?.help.markdown, '[CWE-250](https://cwe.mitre.org/data/definitions/250.html)');
  t.notOk(
    rules.find((r) => r.id === 'restart-policy-missing')?.properties['security-severity'],
    'availability rules carry no security severity',
  );
  t.match(
    rules.find((r) => r.id === 'schema-unknown-key'),
    { name: 'SchemaUnknownKey', defaultConfiguration: { level: 'error' }, help: { markdown: /did you mean "image"/ } },
  );

  const result = run.results.find((r) => r.ruleId === 'privileged');
  t.same(result?.locations, [
    {
      physicalLocation: {
        artifactLocation: { uri: 'compose.yaml', uriBaseId: '%SRCROOT%' },
        region: { startLine: 4, startColumn: 5, endLine: 4, endColumn: 15 },
      },
      logicalLocations: [{ fullyQualifiedName: 'services.web.privileged' }],
    },
  ]);
  t.match(result, {
    level: 'error',
    properties: { environments: ['prod', 'dev'], fix: { description: 'turn privileged mode off' } },
  });
  t.equal(run.results.filter((r) => r.ruleId === 'privileged').length, 1, 'one result for both environments');
  t.same(run.results.find((r) => r.suppressions)?.suppressions, [
    { kind: 'inSource', status: 'accepted', justification: 'pinned by renovate' },
  ]);
  t.equal(run.results.find((r) => r.ruleId === 'port-all-interfaces')?.level, 'note');
  t.ok(
    run.results.every((r) => r.locations.length === 1 && r.locations[0].physicalLocation.artifactLocation.uri),
    'every result has a file: code scanning rejects the upload otherwise',
  );
  t.same(
    run.results.find((r) => r.ruleId === 'project-empty')?.locations,
    [
      {
        physicalLocation: {
          artifactLocation: { uri: 'compose.override.yaml', uriBaseId: '%SRCROOT%' },
          region: { startLine: 1, startColumn: 1 },
        },
      },
    ],
    'no file: the first file, at 1:1',
  );
  t.equal(
    formatSarif(validation.slice(1), { fallbackFile: 'docker compose.yml' }).runs[0].results[0].locations[0]
      .physicalLocation.artifactLocation.uri,
    'docker%20compose.yml',
  );

  const byConfig = formatSarif([
    { ...find('privileged'), suppressed: { by: 'config' } },
    { ...find('memory-limit-missing'), suppressed: { by: 'service', reason: 'x' } },
  ]).runs[0].results;
  t.same(
    byConfig.map((r) => [r.ruleId, r.suppressions]),
    [
      ['memory-limit-missing', [{ kind: 'inSource', status: 'accepted', justification: 'x' }]],
      ['privileged', [{ kind: 'external', status: 'accepted' }]],
    ],
    'x-compose-review in the file is in source, the policy is external',
  );

  // fingerprints: the same finding two lines lower keeps its fingerprint; another finding does not share it
  const fp = (list: ReportItem[]) =>
    new Map(
      formatSarif(list).runs[0].results.map((r) => [
        `${r.ruleId} ${r.message.text}`,
        r.partialFingerprints['composeReview/v1'],
      ]),
    );
  const before = fp(findings);
  const after = fp(audit(`# a comment\n# another\n${compose}`));
  t.same([...after], [...before], 'fingerprints survive a line shift');
  t.equal(new Set(before.values()).size, before.size, 'fingerprints are unique');
  const twice = formatSarif([validation[1], { ...validation[1], message: 'other', line: 2 }]).runs[0].results.map(
    (r) => r.partialFingerprints['composeReview/v1'],
  );
  t.not(twice[0], twice[1], 'file-level diagnostics sharing rule, file and path are told apart');
});
