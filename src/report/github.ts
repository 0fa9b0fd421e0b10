/**
 * GitHub Actions workflow commands: `::error file=…,line=…,col=…,endLine=…,endColumn=…,title=…::message`,
 * which GitHub shows as annotations on the pull request's diff. Escaping as in @actions/core
 * (command.ts): data escapes `%`, CR, LF; properties also `:` and `,` (src/report/escape.ts).
 */
import type { Severity } from '../diagnostics.js';
import type { ReportItem } from './findings.js';
import { compareItems, environmentsOf, mergeEnvironments, ruleOf } from './findings.js';
import { escapeData, escapeProperty } from './escape.js';

export { escapeData, escapeProperty };

const COMMAND: Record<Severity, string> = { error: 'error', warning: 'warning', info: 'notice' };

export interface GithubOptions {
  /** add the fix hint as a second line of the message (default true) */
  fix?: boolean;
}

/** One workflow command per active finding (suppressed ones are left out), merged across environments. */
export function formatGithub(list: readonly ReportItem[], opts: GithubOptions = {}): string {
  let out = '';
  for (const d of mergeEnvironments(list).sort(compareItems)) {
    if (d.suppressed) continue;
    const props: [string, string | number | undefined][] = d.file
      ? [
          ['file', d.file],
          ['line', d.line],
          ['col', d.column],
          ['endLine', d.endLine],
          ['endColumn', d.endColumn],
        ]
      : [];
    props.push(['title', ruleOf(d)]);
    const envs = environmentsOf(d);
    const fix = opts.fix === false ? undefined : (d.fix?.description ?? d.hint);
    const message = `${d.message}${envs.length ? ` (${envs.join(', ')})` : ''}${fix ? `\nfix: ${fix}` : ''}`;
    const p = props
      .filter(([, v]) => v !== undefined)
      .map(([k, v]) => `${k}=${escapeProperty(String(v))}`)
      .join(',');
    out += `::${COMMAND[d.severity]} ${p}::${escapeData(message)}\n`;
  }
  return out;
}
