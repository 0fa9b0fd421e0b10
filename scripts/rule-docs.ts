// Writes docs/rules/<id>.md (one page per audit rule) and docs/rules/README.md (their index) from
// the rules' metadata and src/rule-docs/ (why, examples, anchors). Run: npx tsx scripts/rule-docs.ts
// (npm run docs runs it too). test/rule-docs.test.ts fails when a page is stale or missing.
import { mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ruleIds, rulePage, rulesIndex } from '../src/rule-docs/page.js';

export const RULE_DOCS_DIR = join(import.meta.dirname, '..', 'docs', 'rules');

/** Every generated file of docs/rules: name → content. */
export function rulePages(): Map<string, string> {
  const pages = new Map<string, string>([['README.md', rulesIndex()]]);
  for (const id of ruleIds()) pages.set(`${id}.md`, rulePage(id));
  return pages;
}

export function writeRulePages(dir = RULE_DOCS_DIR): void {
  mkdirSync(dir, { recursive: true });
  const pages = rulePages();
  // a page of a rule that no longer exists goes
  for (const name of readdirSync(dir)) if (name.endsWith('.md') && !pages.has(name)) rmSync(join(dir, name));
  for (const [name, text] of pages) writeFileSync(join(dir, name), text);
}

if (import.meta.url === `file://${process.argv[1]}`) writeRulePages();
