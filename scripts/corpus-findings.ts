/**
 * The corpus as a user meets it: every file set of fixtures/corpus audited with the default rules,
 * as one environment named and roled by the one default rule (the -f files' names), with its
 * findings, groups and text lines; then the findings per rule.
 */
import { corpusSets } from '../test/helpers/corpus.js';
import { rules } from '../src/audit/rules/index.js';
import { environmentNameOf } from '../src/bundle/roles.js';
import { auditBundle } from '../src/usecases/index.js';

export interface CorpusRow {
  set: string;
  files: string[];
  environment: string;
  role: string;
  roleSource: string;
  loaded: boolean;
  findings: number;
  groups: number;
  lines: number;
}

export function corpusAudit(): { rows: CorpusRow[]; counts: Map<string, number> } {
  const counts = new Map<string, number>(rules.map((r) => [r.meta.id, 0]));
  const rows: CorpusRow[] = [];
  for (const set of corpusSets()) {
    const environment = environmentNameOf(set.spec.files);
    const bundle = { files: set.bundle.files, environments: { [environment]: set.spec } };
    // one audit: the answer carries its JSON beside the text it rendered
    const answer = auditBundle(bundle, { format: 'text' });
    const json = answer.json;
    const text = answer.rendered!.body;
    const e = json.environments[environment];
    for (const f of json.findings) if (f.rule) counts.set(f.rule, (counts.get(f.rule) ?? 0) + 1);
    rows.push({
      set: set.id,
      files: set.spec.files,
      environment,
      role: e.role,
      roleSource: e.roleSource,
      loaded: e.loaded,
      findings: json.findings.length,
      groups: json.groups.length,
      lines: text.trimEnd().split('\n').length,
    });
  }
  return { rows, counts };
}

export function median(values: readonly number[]): number {
  const s = [...values].sort((a, b) => a - b);
  if (s.length === 0) return 0;
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

export function corpusFindingsTable(): string {
  const { rows, counts } = corpusAudit();
  const byRule = [...counts].filter(([, n]) => n > 0).sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1));
  const silent = [...counts].filter(([, n]) => n === 0).map(([id]) => `\`${id}\``);
  const loaded = rows.filter((r) => r.loaded).length;
  const production = rows.filter((r) => r.role === 'production').length;
  const files = (r: CorpusRow): string => {
    const top = r.set.split('/')[0];
    const prefix = r.set.slice(top.length + 1);
    return r.files.map((f) => (prefix && f.startsWith(`${prefix}/`) ? f.slice(prefix.length + 1) : f)).join(' + ');
  };
  return [
    `${rows.length} file sets, ${loaded} loaded (the ${rows.length - loaded} others audited file by file, partial), ${production} production-like by the default rule; each set as one environment named by its files, default rules. The median set prints **${median(rows.map((r) => r.lines))} lines** of text (findings grouped by rule and place).`,
    '',
    '| set | files | environment | role (why) | loaded | findings | groups | text lines |',
    '|---|---|---|---|---|---|---|---|',
    ...rows.map(
      (r) =>
        `| ${r.set} | ${files(r)} | \`${r.environment}\` | ${r.role} (${r.roleSource}) | ${r.loaded ? 'yes' : 'partial'} | ${r.findings} | ${r.groups} | ${r.lines} |`,
    ),
    '',
    'Findings per rule over these sets:',
    '',
    '| rule | findings |',
    '|---|---|',
    ...byRule.map(([id, n]) => `| \`${id}\` | ${n} |`),
    '',
    `No finding: ${silent.join(', ')}.`,
  ].join('\n');
}
