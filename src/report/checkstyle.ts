/**
 * checkstyle XML, the format reviewdog (`-f=checkstyle`), Jenkins' Warnings plugin, SonarQube and
 * most editors read: `<checkstyle><file name><error line column severity message source/></file>`.
 * Every attribute is escaped for XML (src/report/escape.ts xmlText); suppressed findings are left out.
 */
import type { ReportItem } from './findings.js';
import { SEVERITIES, compareItems, environmentsOf, groupByFile, mergeEnvironments, ruleOf } from './findings.js';
import { xmlText } from './escape.js';
import { addMarkup, memberValues } from '../redact/markup.js';

const SOURCE = 'compose-review.';
addMarkup([`source="${SOURCE}`]); // ours in the rendered report (src/redact/markup.ts), and the severities
memberValues(['severity'], SEVERITIES);

export function formatCheckstyle(list: readonly ReportItem[], opts: { fallbackFile?: string } = {}): string {
  const items = mergeEnvironments(list)
    .filter((d) => !d.suppressed)
    .sort(compareItems);
  const fallback = opts.fallbackFile ?? items.find((d) => d.file)?.file ?? 'compose.yaml';
  let out = '<?xml version="1.0" encoding="UTF-8"?>\n<checkstyle version="4.3">\n';
  for (const [file, group] of groupByFile(items.map((d) => (d.file ? d : { ...d, file: fallback })))) {
    out += `  <file name="${xmlText(file)}">\n`;
    for (const d of group) {
      const envs = environmentsOf(d);
      const message = `${d.message}${envs.length ? ` (${envs.join(', ')})` : ''}`;
      out += `    <error line="${d.line}" column="${d.column}" severity="${d.severity}" message="${xmlText(message)}" source="${SOURCE}${xmlText(ruleOf(d))}"/>\n`;
    }
    out += '  </file>\n';
  }
  return out + '</checkstyle>\n';
}
