// No bundle string makes a line the GitHub Actions runner takes as a workflow command, in anything
// the CLI prints (stdout and stderr, every format of every command), and the data formats still read
// back as the same values. The runner's two parsers are ported in test/helpers/runner-commands.ts
// (actions/runner src/Runner.Common/ActionCommand.cs TryParseV2 / TryParse): `::name::` after
// leading blanks, `##[name]` anywhere in a line.
import t from 'tap';
import { join } from 'node:path';
import { writeFileSync, mkdirSync } from 'node:fs';
import { parse } from 'yaml';
import { main } from '../src/cli/main.js';
import { tempDir } from './helpers/temp.js';
import { runnerCommands } from './helpers/runner-commands.js';
import { growth, GROWTH_LIMIT } from './helpers/growth.js';
import { runnerJson, runnerMarkup, runnerText } from '../src/report/escape.js';
import { runnerUnsafe } from '../src/report/go-yaml-style.js';

const INCLUDED = '::error title=Forged by a file name::all checks passed.yaml';
const COMPOSE = `include:
  - "${INCLUDED}"
services:
  web:
    image: "nginx ##[error]forged by an image name"
    environment:
      NOTE: "##[stop-commands]hidden"
      BLOCK: "line one\\n  ::warning title=Forged::by a block scalar"
      OTHER: "\${MISSING:-##[ERROR]by a default}"
    labels:
      ::warning::forged-label: 1
    privileged: true
`;
const dir = tempDir('cr-runner-');
writeFileSync(join(dir, 'compose.yaml'), COMPOSE);
writeFileSync(join(dir, INCLUDED), 'services:\n  api:\n    image: nginx:1.27\n    privileged: true\n');
const prod = join(dir, 'prod');
mkdirSync(prod);

async function run(args: string[], cwd = dir) {
  let stdout = '';
  let stderr = '';
  const code = await main(args, { stdout: (s) => (stdout += s), stderr: (s) => (stderr += s), env: {}, cwd });
  return { code, stdout, stderr };
}
/** The github format's own annotations: a line starting with `::error `, `::warning ` or `::notice `. */
const ours = (line: string) => /^::(error|warning|notice) /.test(line);

const RUNS: string[][] = [
  ...['text', 'markdown', 'github', 'json', 'sarif', 'gitlab', 'junit', 'checkstyle', 'rdjson'].map((f) => [
    'audit',
    '--format',
    f,
  ]),
  ['audit', '--format', 'text', '--fix-yaml'],
  ['review'],
  ['review', '--format', 'text'],
  ['review', '--format', 'github'],
  ['review', '--format', 'json'],
  ['config'],
  ['config', '--format', 'json'],
  ['config', '--no-interpolate'],
  ['config', '--no-interpolate', '--format', 'json'],
  ['config', '--services'],
  ['config', '--provenance'],
  ['config', '--provenance', '--format', 'json'],
  ['config', '--variables'],
  ['config', '--variables', '--format', 'json'],
  ['config', '--variables', '--format', 'yaml'],
  ['config', '-f', INCLUDED, '-f', 'missing ##[error]x.yaml'],
];

t.test('no line of any output is a workflow command, but the github format annotations', async (t) => {
  for (const args of RUNS) {
    const r = await run(args);
    t.same(runnerCommands(r.stdout, args.includes('github') ? ours : undefined), [], `stdout of ${args.join(' ')}`);
    t.same(runnerCommands(r.stderr), [], `stderr of ${args.join(' ')}`);
  }
  // the audit's findings start with a file name in the project's own directory
  const here = await run(['audit', '.'], dir);
  t.match(here.stdout, /\\x3a:error title=Forged by a file name::all checks passed\.yaml:\d+:\d+: error/);
  t.same(runnerCommands(here.stdout), []);
});

t.test('the data formats read back as the same values', async (t) => {
  const yaml = parse((await run(['config'])).stdout);
  const json = JSON.parse((await run(['config', '--format', 'json'])).stdout);
  for (const doc of [yaml, json]) {
    t.equal(doc.services.web.image, 'nginx ##[error]forged by an image name');
    t.equal(doc.services.web.environment.NOTE, '##[stop-commands]hidden');
    t.equal(doc.services.web.environment.BLOCK, 'line one\n  ::warning title=Forged::by a block scalar');
    t.equal(doc.services.web.environment.OTHER, '##[ERROR]by a default');
    t.equal(doc.services.web.labels['::warning::forged-label'], '1');
  }
  const raw = parse((await run(['config', '--no-interpolate'])).stdout);
  t.equal(raw.services.web.environment.OTHER, '${MISSING:-##[ERROR]by a default}');
  const vars = parse((await run(['config', '--variables', '--format', 'yaml'])).stdout);
  t.equal(vars.MISSING.defaultvalue, '##[ERROR]by a default');
  const findings = JSON.parse((await run(['audit', '--format', 'json'])).stdout);
  t.ok(
    findings.findings.some((f: { message: string }) => f.message.includes('"nginx ##[error]forged by an image name"')),
  );
  // the review's preview (a YAML fence) still reads back as the model
  const md = (await run(['review'])).stdout;
  t.match(md, /image: "nginx ##\\x5berror\]forged by an image name"/);
  t.equal(parse('v: "nginx ##\\x5berror]forged by an image name"').v, 'nginx ##[error]forged by an image name');
});

t.test('the helper finds what the runner runs', async (t) => {
  t.same(runnerCommands('a\n \u00a0::error::x\nb ##[Warning]y\n::x\n##[z\r::stop-commands::t'), [
    ' \u00a0::error::x',
    'b ##[Warning]y',
    '::stop-commands::t',
  ]);
});

t.test('the escapes cost linear time in the text', async (t) => {
  const shapes: Record<string, (n: number) => string> = {
    'line breaks': (n) => '\n'.repeat(n),
    'blank lines': (n) => '\n  \u0085'.repeat(n),
    blanks: (n) => ' '.repeat(n * 3),
    'blanks and a colon': (n) => '\n   :'.repeat(n),
    hashes: (n) => '#'.repeat(n * 3),
    commands: (n) => '##[x]\n ::y::'.repeat(n),
  };
  for (const [name, make] of Object.entries(shapes)) {
    const [small, large] = [make(20_000), make(80_000)];
    const all = (s: string) => [runnerUnsafe(s), runnerText(s), runnerMarkup(s), runnerJson(s)];
    const g = growth(
      () => all(small),
      () => all(large),
    );
    t.ok(g.ratio < GROWTH_LIMIT, `${name}: 4x the text costs ${g.ratio.toFixed(1)}x`);
  }
});
