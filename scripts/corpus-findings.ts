/** Findings per rule over every file set of fixtures/corpus (each set audited as production). */
import { corpusSets } from '../test/helpers/corpus.js';
import { loadBundle } from '../src/load/bundle.js';
import { auditProject } from '../src/audit/project.js';
import { rules } from '../src/audit/rules/index.js';

export function corpusFindingCounts(): { counts: Map<string, number>; sets: number; loaded: number } {
  const counts = new Map<string, number>(rules.map((r) => [r.meta.id, 0]));
  let loaded = 0;
  const sets = corpusSets();
  for (const set of sets) {
    const result = loadBundle({ files: set.bundle.files, environments: { production: set.spec } });
    if (result.environments.production.model) loaded++;
    for (const f of auditProject(result).findings) counts.set(f.rule, (counts.get(f.rule) ?? 0) + 1);
  }
  return { counts, sets: sets.length, loaded };
}

export function corpusFindingsTable(): string {
  const { counts, sets, loaded } = corpusFindingCounts();
  const rows = [...counts].filter(([, n]) => n > 0).sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1));
  const silent = [...counts].filter(([, n]) => n === 0).map(([id]) => `\`${id}\``);
  return [
    `${sets} file sets, ${loaded} loaded, each audited as production (default rules):`,
    '',
    '| rule | findings |',
    '|---|---|',
    ...rows.map(([id, n]) => `| \`${id}\` | ${n} |`),
    '',
    `No finding: ${silent.join(', ')}.`,
  ].join('\n');
}
