// Regenerates the README sections made from code: the rules table (from the rules' metadata) and the
// findings per rule over the corpus. Run: npm run docs. test/docs.test.ts fails when they are stale.
import { readFileSync, writeFileSync } from 'node:fs';
import { rulesTable } from '../src/audit/rules/index.js';
import { corpusFindingsTable } from './corpus-findings.js';

export function replaceSection(text: string, name: string, body: string): string {
  const start = `<!-- ${name}:start -->`;
  const end = `<!-- ${name}:end -->`;
  const i = text.indexOf(start);
  const j = text.indexOf(end);
  if (i < 0 || j < i) throw new Error(`README has no ${name} section`);
  return `${text.slice(0, i + start.length)}\n${body.trim()}\n${text.slice(j)}`;
}

export function generatedReadme(text: string): string {
  return replaceSection(replaceSection(text, 'rules', rulesTable()), 'corpus-findings', corpusFindingsTable());
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const text = readFileSync('README.md', 'utf8');
  writeFileSync('README.md', generatedReadme(text));
}
