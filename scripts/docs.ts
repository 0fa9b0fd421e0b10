// Regenerates the README sections made from code: the rules table (from the rules' metadata), the
// corpus audit (per set and per rule), the precision on the frozen labels and the conformance tables.
// Run: npm run docs. test/docs.test.ts fails when the generated tables other than conformance are stale,
// test/conformance.test.ts when the conformance section is (it runs the vectors anyway; running them twice
// would double the cost in npm test).
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { rulesTable } from './rules-table.js';
import { corpusFindingsTable } from './corpus-findings.js';
import { writeRulePages } from './rule-docs.js';
import { precisionTable } from './precision.js';
import { runDirectory, type FileReport } from '../test/conformance/runner.js';
import { causeOf } from './extract-compose-go/cause.js';

export function replaceSection(text: string, name: string, body: string): string {
  const start = `<!-- ${name}:start -->`;
  const end = `<!-- ${name}:end -->`;
  const i = text.indexOf(start);
  const j = text.indexOf(end);
  if (i < 0 || j < i) throw new Error(`README has no ${name} section`);
  return `${text.slice(0, i + start.length)}\n${body.trim()}\n${text.slice(j)}`;
}

export const CONFORMANCE_DIRS = [
  'fixtures/compose-go',
  'fixtures/conformance',
  'fixtures/compose-go-decoders',
] as const;

export interface KnownFailures {
  /** class -> what differs and where in src/ the fix belongs */
  classes: Record<string, string>;
  /** vector folder -> vector id -> class */
  failures: Record<string, Record<string, string>>;
}

export function knownFailures(): KnownFailures {
  return JSON.parse(
    readFileSync(new URL('../test/conformance/known-failures.json', import.meta.url), 'utf8'),
  ) as KnownFailures;
}

export async function conformanceReports(): Promise<Record<string, FileReport[]>> {
  const out: Record<string, FileReport[]> = {};
  for (const dir of CONFORMANCE_DIRS) out[dir] = await runDirectory(new URL(`../${dir}`, import.meta.url).pathname);
  return out;
}

const rate = (p: number, n: number): string => `${n ? ((100 * p) / n).toFixed(1) : '0.0'}%`;

/**
 * Why a vector is skipped, in four kinds (by the reason the extractor or the runner gave). The first
 * two are out of scope: what compose-go does there is not something `docker compose config` does
 * with a Compose project, so no input of compose-review (a bundle, an environment, an option) can
 * stand for the vector. The others count as not passed.
 */
const SKIP_KINDS: [kind: string, test: RegExp][] = [
  [
    'out of scope: remote resources (include/extends loaders, image registries) or the machine compose-review runs on (its file system, home directory, process state, Windows)',
    /ResourceLoaders|WithImagesResolved|from the file system|home directory|process state|GOOS=windows|ResolveRelativePaths: absolute/,
  ],
  [
    "out of scope: not Compose behaviour but Go: an x-* extension decoded into the caller's Go struct or the loader's KnownExtensions, compose-go's Go utility package, a Project method on a state only Go code builds",
    /KnownExtensions|Extensions\.Get|Go utility functions|ServicesWithExtends/,
  ],
  [
    'no counterpart in compose-review, counted as not passed: a difference on purpose, Go concurrency through a channel',
    /Go API|no counterpart|on purpose|callback|internal helper/,
  ],
  ['a Go statement the extractor does not turn into a checkable call, counted as not passed', /./],
];
const skipKind = (reason: string): string => (SKIP_KINDS.find(([, re]) => re.test(reason)) as [string, RegExp])[0];

/**
 * fixtures/compose-go by compose-go test file (pass rate = passed of all vectors, skipped ones count
 * as not passed), the shared sample by vector file, every known failure by class and every skip.
 */
export function conformanceSection(reports: Record<string, FileReport[]>, known: KnownFailures): string {
  const bySource = new Map<string, { n: number; p: number; f: number; s: number }>();
  const skips = new Map<string, string[]>();
  for (const r of reports['fixtures/compose-go'])
    for (const { id, result } of r.results) {
      const source = id.split(':')[0];
      const row = bySource.get(source) ?? { n: 0, p: 0, f: 0, s: 0 };
      row.n++;
      if (result.status === 'pass') row.p++;
      else if (result.status === 'fail') row.f++;
      else {
        row.s++;
        const reason = (result.message ?? 'skipped').replace(/\s+/g, ' ');
        skips.set(reason, [...(skips.get(reason) ?? []), id]);
      }
      bySource.set(source, row);
    }
  const out = [
    'Vectors of `fixtures/compose-go/`, by compose-go test file:',
    '',
    '| compose-go test file | vectors | passed | failed | skipped | pass rate |',
    '|---|---|---|---|---|---|',
  ];
  const total = { n: 0, p: 0, f: 0, s: 0 };
  for (const [source, r] of [...bySource].sort(([a], [b]) => a.localeCompare(b))) {
    out.push(`| ${source} | ${r.n} | ${r.p} | ${r.f} | ${r.s} | ${rate(r.p, r.n)} |`);
    total.n += r.n;
    total.p += r.p;
    total.f += r.f;
    total.s += r.s;
  }
  out.push(
    `| **total** | **${total.n}** | **${total.p}** | **${total.f}** | **${total.s}** | **${rate(total.p, total.n)}** |`,
  );
  const kinds = new Map<string, number>(SKIP_KINDS.map(([k]) => [k, 0]));
  for (const [reason, ids] of skips) kinds.set(skipKind(reason), (kinds.get(skipKind(reason)) ?? 0) + ids.length);
  const [machine, goOnly] = SKIP_KINDS.map(([k]) => kinds.get(k) ?? 0);
  const inScope = total.n - machine - goOnly;
  out.push(
    '',
    `The ${total.s} skipped vectors, by kind:`,
    '',
    ...[...kinds].map(([k, n]) => `* ${n}: ${k}`),
    '',
    `Pass rate of the ${inScope} vectors in scope (all but the ${machine + goOnly} out of scope; a vector skipped for any other reason counts as not passed): **${rate(total.p, inScope)}**. Counting the ${goOnly} Go-only vectors as not passed too (out of scope only remote resources and the machine): ${rate(total.p, inScope + goOnly)} of ${inScope + goOnly}. Of all ${total.n}: ${rate(total.p, total.n)}.`,
  );
  const partial = partialVectors();
  const partialCount = new Set([...partial.values()].flat()).size;
  out.push(
    '',
    `${partialCount} of the vectors run have assertions the extractor could not turn into checks (\`skipped_assertions\`: the vector passes on what is checked), by cause: ${[
      ...partial,
    ]
      .sort((a, b) => b[1].length - a[1].length || a[0].localeCompare(b[0]))
      .map(([cause, ids]) => `${cause.replace(/\|/g, '\\|')} (${ids.length})`)
      .join('; ')}.`,
  );
  out.push(
    '',
    'The shared sample `fixtures/conformance/`, by vector file:',
    '',
    conformanceTable(reports['fixtures/conformance']),
    '',
    'Its skipped vectors, each with the reason the runner gives:',
    '',
    ...reports['fixtures/conformance'].flatMap((r) =>
      r.results
        .filter(({ result }) => result.status === 'skip')
        .map(({ id, result }) => `* \`${id}\`: ${(result.message ?? 'skipped').replace(/\s+/g, ' ').replace(/\|/g, '\\|')}`),
    ),
    '',
    "Vectors written from compose-go's decoders and its YAML library (`fixtures/compose-go-decoders/`, see its",
    'README), by vector file:',
    '',
    conformanceTable(reports['fixtures/compose-go-decoders']),
  );
  out.push('', 'Every vector that fails today, by class (`test/conformance/known-failures.json`):', '');
  for (const [klass, description] of Object.entries(known.classes)) {
    const ids = CONFORMANCE_DIRS.flatMap((dir) =>
      Object.entries(known.failures[dir] ?? {})
        .filter(([, c]) => c === klass)
        .map(
          ([id]) =>
            `\`${id}\`${dir === 'fixtures/conformance' ? ' (shared sample)' : dir === 'fixtures/compose-go-decoders' ? ' (decoders)' : ''}`,
        ),
    );
    out.push(`* **${klass}** (${ids.length}): ${description} ${ids.join(', ')}`);
  }
  out.push('', `<details><summary>The ${total.s} skipped vectors of fixtures/compose-go, by reason</summary>`, '');
  for (const [reason, ids] of [...skips].sort((a, b) => b[1].length - a[1].length || a[0].localeCompare(b[0])))
    out.push(`* ${reason.replace(/\|/g, '\\|')} (${ids.length}): ${ids.map((id) => `\`${id}\``).join(', ')}`);
  out.push('', '</details>');
  return out.join('\n');
}

/** The vectors of fixtures/compose-go that run with some assertions left unchecked, by cause. */
function partialVectors(): Map<string, string[]> {
  const dir = new URL('../fixtures/compose-go/', import.meta.url);
  const byCause = new Map<string, string[]>();
  for (const name of readdirSync(dir).filter((f) => f.endsWith('.json') && f !== 'source.json')) {
    const vectors = JSON.parse(readFileSync(new URL(name, dir), 'utf8')) as {
      id: string;
      skip?: string;
      skipped_assertions?: string[];
    }[];
    for (const v of vectors) {
      if (v.skip !== undefined) continue;
      for (const cause of new Set((v.skipped_assertions ?? []).map(causeOf)))
        byCause.set(cause, [...(byCause.get(cause) ?? []), v.id]);
    }
  }
  return byCause;
}

/** One row per vector file of a folder and the total, as `npm run conformance` counts them. */
export function conformanceTable(reports: FileReport[]): string {
  const rows = ['| file | passed | failed | skipped |', '|---|---|---|---|'];
  let p = 0,
    f = 0,
    s = 0;
  for (const r of reports) {
    rows.push(`| ${r.file} | ${r.passed} | ${r.failed} | ${r.skipped} |`);
    p += r.passed;
    f += r.failed;
    s += r.skipped;
  }
  rows.push(`| **total** | **${p} (${((100 * p) / (p + f + s)).toFixed(1)}%)** | **${f}** | **${s}** |`);
  return rows.join('\n');
}

/** The README with its generated sections; `conformance: false` leaves that section as it is. */
export async function generatedReadme(text: string, opts: { conformance?: boolean } = {}): Promise<string> {
  const withTables = replaceSection(
    replaceSection(replaceSection(text, 'rules', rulesTable()), 'corpus-findings', corpusFindingsTable()),
    'precision',
    precisionTable(),
  );
  if (opts.conformance === false) return withTables;
  return replaceSection(withTables, 'conformance', conformanceSection(await conformanceReports(), knownFailures()));
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const text = readFileSync('README.md', 'utf8');
  writeFileSync('README.md', await generatedReadme(text));
  writeRulePages();
}
