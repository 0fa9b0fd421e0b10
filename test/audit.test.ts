// One process for the audit's tests (starting a TypeScript process per rule cost two minutes):
// each rule keeps its own test file in test/audit/<rule-id>.ts with valid and invalid cases.
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

const dir = join(import.meta.dirname, 'audit');
for (const name of readdirSync(dir).sort()) {
  if (!name.endsWith('.ts') || name === 'helpers.ts') continue;
  await import(pathToFileURL(join(dir, name)).href);
}
