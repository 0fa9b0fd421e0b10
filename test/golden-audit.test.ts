// The audit's findings on every corpus set, every field, as the safety net for the rule refactors
// (issue 13). Every rule on (style rules included); three environments a set: the whole set as
// production (with the base file alone beside it as development, for the cross-environment rules),
// the base file alone as development, the whole set as development; and the drift of that
// development -> production pair. Regenerate on purpose only:
//   UPDATE_GOLDEN=1 npx tap test/golden-audit.test.ts
import t from 'tap';
import { readFileSync, writeFileSync, existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { corpusSets } from './helpers/corpus.js';
import { FIXTURES } from './helpers/fixtures.js';
import { loadBundle } from '../src/load/bundle.js';
import { auditProject } from '../src/audit/project.js';
import { diffEnvironments } from '../src/diff/diff.js';
import { driftRisks } from '../src/diff/drift.js';
import { rules } from '../src/audit/rules/index.js';
import type { AuditPolicy } from '../src/audit/types.js';

const update = process.env.UPDATE_GOLDEN === '1';
const dir = join(FIXTURES, 'golden', 'audit');
mkdirSync(dir, { recursive: true });

// the style rules are off by default: turned on at their own severity (a level for the others would
// flatten the severities their findings carry)
const policy: AuditPolicy = {
  environments: { 'whole-as-development': 'development' },
  rules: Object.fromEntries(rules.filter((r) => r.meta.defaultOff).map((r) => [r.meta.id, r.meta.severity])),
};

/** One line a finding (compact JSON, so a change shows as the lines of the findings it touches). */
const lines = (title: string, list: readonly object[]): string =>
  `== ${title} (${list.length})\n${list.map((f) => JSON.stringify(f) + '\n').join('')}`;

for (const set of corpusSets()) {
  const key = `${set.id} :: ${set.spec.files.join(',')}`;
  t.test(key, async (t) => {
    const result = loadBundle({
      files: set.bundle.files,
      environments: {
        development: { ...set.spec, files: set.spec.files.slice(0, 1) },
        production: set.spec,
        'whole-as-development': set.spec,
      },
    });
    const { development: dev, production: prod } = result.environments;
    const audit = auditProject(result, { policy });
    const text =
      Object.entries(audit.environments)
        .map(([name, e]) => lines(`${name} as ${e.role}`, e.findings) + lines(`${name}, suppressed`, e.suppressed))
        .join('') +
      lines(
        'drift, development -> production',
        dev.model && prod.model ? driftRisks(dev, prod, { diff: diffEnvironments(dev, prod) }) : [],
      );
    const file = join(dir, `${key.replace(/ :: /, '--').replace(/[^A-Za-z0-9._-]+/g, '_')}.txt`);
    if (update || !existsSync(file)) writeFileSync(file, text);
    t.equal(text, readFileSync(file, 'utf8'), 'findings unchanged');
  });
}
