/**
 * GitHub Actions workflow commands: `::error file=…,line=…,col=…,endLine=…,endColumn=…,title=…::message`,
 * which GitHub shows as annotations on the pull request's diff. Escaping as in @actions/core
 * (command.ts): data escapes `%`, CR, LF; properties also `:` and `,` (src/report/escape.ts).
 */
import type { Severity } from '../diagnostics.js';
import type { EnvironmentInfo, ReportItem } from './findings.js';
import { compareItems, mergeEnvironments, roleText } from './findings.js';
import { reportGroups, type FindingGroup } from '../audit/groups.js';
import { escapeData, escapeProperty } from './escape.js';
import { addMarkup } from '../redact/markup.js';

export { escapeData, escapeProperty };

const COMMAND: Record<Severity, string> = { error: 'error', warning: 'warning', info: 'notice' };
const PROPERTIES = ['file', 'line', 'col', 'endLine', 'endColumn', 'title'] as const;
const NOTICE = '::notice title=compose-review environments::';
// ours in the rendered commands (src/redact/markup.ts): the commands and their properties' names
addMarkup([...Object.values(COMMAND).map((c) => `::${c} `), ...PROPERTIES.map((p) => `${p}=`), NOTICE]);

export interface GithubOptions {
  /** add the fix hint as a second line of the message (default true) */
  fix?: boolean;
  /** the environments and their roles: one notice first */
  environments?: Record<string, EnvironmentInfo>;
  /** services per environment, for the project-level groups */
  serviceCounts?: Record<string, number>;
  /** the answer's groups (made before its findings were capped): annotated instead of grouping `list`'s findings */
  groups?: readonly FindingGroup[];
}

/**
 * One workflow command per group of active findings (one rule at one place, or one project-level
 * rule; suppressed ones are left out), merged across environments and services.
 */
export function formatGithub(list: readonly ReportItem[], opts: GithubOptions = {}): string {
  let out = '';
  const envs = Object.entries(opts.environments ?? {});
  if (envs.length) out += `${NOTICE}${escapeData(envs.map(([n, e]) => `${n}: ${roleText(e)}`).join('; '))}\n`;
  const groups = reportGroups(
    mergeEnvironments(list).sort(compareItems),
    opts.groups,
    opts.serviceCounts ? { serviceCounts: opts.serviceCounts } : {},
  );
  for (const d of groups) {
    const props: [(typeof PROPERTIES)[number], string | number | undefined][] = d.file
      ? [
          ['file', d.file],
          ['line', d.line],
          ['col', d.column],
          ['endLine', d.endLine],
          ['endColumn', d.endColumn],
        ]
      : [];
    props.push(['title', d.rule]);
    const where = d.environments.length ? ` (${d.environments.join(', ')})` : '';
    const fix = opts.fix === false ? undefined : d.fix?.description;
    const message = `${d.message}${where}${fix ? `\nfix: ${fix}` : ''}`;
    const p = props
      .filter(([, v]) => v !== undefined)
      .map(([k, v]) => `${k}=${escapeProperty(String(v))}`)
      .join(',');
    out += `::${COMMAND[d.severity]} ${p}::${escapeData(message)}\n`;
  }
  return out;
}
