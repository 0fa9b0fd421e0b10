/** The README's rules table (markdown), from the rules' metadata: rules produce findings, this script formats them. */
import { rules } from '../src/audit/rules/index.js';
import type { Rule } from '../src/audit/types.js';

const cell = (s: string): string => s.replace(/\|/g, '\\|').replace(/\n/g, ' ');

export function rulesTable(list: readonly Rule[] = rules): string {
  const head =
    '| id | title | severity | applies to | category | references | fix | reported as |\n|---|---|---|---|---|---|---|---|';
  const rows = list.map(({ meta: m }) => {
    const refs = [
      m.references.cis && `CIS ${m.references.cis}`,
      ...(m.references.kics ?? []).map((k) => `KICS ${k}`),
      m.references.semgrep && `Semgrep ${m.references.semgrep}`,
      m.references.dclint && `dclint ${m.references.dclint}`,
      m.references.cwe,
    ].filter(Boolean);
    const sev = m.defaultOff ? `${m.severity} (off by default)` : m.severity;
    const as = [
      m.scope === 'project' ? `one line for the project ("N of M services ${m.summary}")` : 'one line per place',
      m.note,
    ].filter(Boolean);
    return `| \`${m.id}\` | ${cell(m.title)} | ${sev} | ${m.environments === 'all' ? 'all' : 'production'} | ${m.category} | ${cell(refs.join(', '))} | ${cell(m.fix)} | ${cell(as.join('; '))} |`;
  });
  return [head, ...rows].join('\n') + '\n';
}
