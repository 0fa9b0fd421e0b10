// Regenerates the README sections made from code: the rules table (from the rules' metadata), the
// corpus audit (per set and per rule), the precision on the frozen labels and the conformance table.
// Run: npm run docs. test/docs.test.ts fails when they are stale.
import { readFileSync, writeFileSync } from 'node:fs';
import { rulesTable } from './rules-table.js';
import { corpusFindingsTable } from './corpus-findings.js';
import { precisionTable } from './precision.js';
import { runDirectory } from '../test/conformance/runner.js';

export function replaceSection(text: string, name: string, body: string): string {
  const start = `<!-- ${name}:start -->`;
  const end = `<!-- ${name}:end -->`;
  const i = text.indexOf(start);
  const j = text.indexOf(end);
  if (i < 0 || j < i) throw new Error(`README has no ${name} section`);
  return `${text.slice(0, i + start.length)}\n${body.trim()}\n${text.slice(j)}`;
}

/** One row per vector file of fixtures/conformance and the total, as `npm run conformance` counts them. */
export async function conformanceTable(): Promise<string> {
  const reports = await runDirectory(new URL('../fixtures/conformance', import.meta.url).pathname);
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

export async function generatedReadme(text: string): Promise<string> {
  const withTables = replaceSection(
    replaceSection(replaceSection(text, 'rules', rulesTable()), 'corpus-findings', corpusFindingsTable()),
    'precision',
    precisionTable(),
  );
  return replaceSection(withTables, 'conformance', await conformanceTable());
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const text = readFileSync('README.md', 'utf8');
  writeFileSync('README.md', await generatedReadme(text));
}
