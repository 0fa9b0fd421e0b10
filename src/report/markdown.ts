/**
 * Findings as GitHub-flavoured markdown (a pull-request comment, a job summary): a summary line,
 * one section per rule or per environment with a table of places, fix snippets in yaml blocks, and
 * `<details>` around whatever is long. With `linkBase` (`https://github.com/o/r/blob/<sha>/`) places link to the file.
 */
import { SEVERITY_RANK } from '../diagnostics.js';
import type { RuleMeta } from '../audit/types.js';
import { rules as allRules } from '../audit/rules/index.js';
import type { EnvironmentInfo, ReportItem, SeverityCounts } from './findings.js';
import {
  compareItems,
  countBySeverity,
  environmentsOf,
  mergeEnvironments,
  roleText,
  ruleOf,
  summarize,
} from './findings.js';
import { groupFindings, type FindingGroup } from '../audit/groups.js';
import { artifactUri } from './sarif.js';

export interface MarkdownOptions {
  /** base URL the bundle paths are relative to, e.g. `https://github.com/o/r/blob/<sha>/` */
  linkBase?: string;
  /** one section per rule (default) or per environment */
  groupBy?: 'rule' | 'environment';
  /** at most this many places (and fixes) per group; the rest is counted (default: all) */
  maxRows?: number;
  /** first line; default `## compose-review` */
  title?: string;
  /** tables with more rows than this, and fix lists, collapse into `<details>` (default 10) */
  collapseAfter?: number;
  /** list suppressed findings in a collapsed section at the end (default true) */
  suppressed?: boolean;
  rules?: readonly RuleMeta[];
  /** the environments, their roles and why (a line under the summary) */
  environments?: Record<string, EnvironmentInfo>;
  /** services per environment, for the project-level groups */
  serviceCounts?: Record<string, number>;
}

const cell = (s: string): string =>
  /[&<>|\n]/.test(s)
    ? s
        .replace(/&/g, '&amp;')
        .replace(/</g, '&lt;')
        .replace(/>/g, '&gt;')
        .replace(/\|/g, '\\|')
        .replace(/\r?\n/g, '<br>')
    : s;

/** Bundle text in running markdown: its punctuation escaped, so a name cannot open a link, an emphasis or HTML. */
export const mdInline = (s: string): string => s.replace(/[\\`*_[\]<>&|~#!]/g, '\\$&').replace(/\r?\n/g, ' ');

/** Bundle text as a code span (a name with a backtick cannot end it: escaped text instead). */
export const mdCode = (s: string): string => (/[`\r\n]/.test(s) ? mdInline(s) : `\`${s}\``);

const details = (summary: string, body: string): string =>
  `<details><summary>${summary}</summary>\n\n${body.trim()}\n\n</details>`;

function fenced(lang: string, text: string): string {
  const fence = text.includes('`')
    ? '`'.repeat(Math.max(3, ...[...text.matchAll(/`+/g)].map((m) => m[0].length + 1)))
    : '```';
  return `${fence}${lang}\n${text.replace(/\n$/, '')}\n${fence}`;
}

export function placeLink(d: ReportItem, linkBase?: string): string {
  if (!d.file) return '`<bundle>`';
  const label = `${d.file}:${d.line}`;
  if (!linkBase) return `\`${label}\``;
  const base = linkBase.endsWith('/') ? linkBase : `${linkBase}/`;
  const range = d.endLine !== undefined && d.endLine > d.line ? `-L${d.endLine}` : '';
  return `[${cell(label)}](${base}${artifactUri(d.file)}#L${d.line}${range})`;
}

/** Where a group is: a place link, with the number of services of a group over several. */
function groupPlace(g: FindingGroup, linkBase?: string): string {
  return placeLink(g as unknown as ReportItem, linkBase);
}

export function formatMarkdown(list: readonly ReportItem[], opts: MarkdownOptions = {}): string {
  const metas = new Map((opts.rules ?? allRules.map((r) => r.meta)).map((m) => [m.id, m]));
  const limit = opts.collapseAfter ?? 10;
  const merged = mergeEnvironments(list).sort(compareItems);
  const envs = [...new Set(merged.flatMap(environmentsOf))];
  const counts = countBySeverity(merged);
  // one row per rule and place (and one per project-level rule), whatever the services it covers
  const groups = groupFindings(merged, {
    ...(opts.serviceCounts ? { serviceCounts: opts.serviceCounts } : {}),
    meta: (id) => metas.get(id),
  });
  const out: string[] = [opts.title ?? '## compose-review'];
  out.push(`**${summarize(counts)}**${envs.length ? ` in ${envs.map((e) => mdCode(e)).join(', ')}` : ''}`);
  if (opts.environments && Object.keys(opts.environments).length)
    out.push(
      Object.entries(opts.environments)
        .map(
          ([n, e]) =>
            `${mdCode(n)}: ${mdInline(roleText(e))}${e.loaded === false ? ' (does not load: partial audit of its files)' : ''}`,
        )
        .join('  \n'),
    );
  if (!groups.length) out.push('No findings.');

  const fixes = (items: FindingGroup[], withRule: boolean): string => {
    const seen = new Set<string>();
    const blocks = items.flatMap((d) => {
      const text = d.fix?.description;
      const key = `${text}\0${d.fix?.yaml ?? ''}`;
      if (!text || seen.has(key)) return [];
      seen.add(key);
      // a fix without a snippet reads the same for every place: said once, without a place
      const rule = withRule ? `\`${d.rule}\` ` : '';
      return [
        d.fix?.yaml
          ? `${rule}${groupPlace(d, opts.linkBase)}: ${text}\n\n${fenced('yaml', d.fix.yaml)}`
          : `${rule}${text}`,
      ];
    });
    if (!blocks.length) return '';
    return blocks.length === 1
      ? `**Fix:** ${blocks[0]}`
      : details(`How to fix (${blocks.length})`, blocks.join('\n\n'));
  };
  const table = (head: string[], rows: string[][]): string => {
    const t = [
      `| ${head.join(' | ')} |`,
      `|${head.map(() => '---').join('|')}|`,
      ...rows.map((r) => `| ${r.join(' | ')} |`),
    ].join('\n');
    return rows.length > limit ? details(`${rows.length} places`, t) : t;
  };
  const envCell = (d: { environments: string[] }): string => cell(d.environments.join(', ') || '-');
  const max = opts.maxRows ?? Infinity;
  // a PR comment has a size limit: long groups show their first places and count the rest
  const more = (n: number): void => {
    if (n > max)
      out.push(
        `… and ${n - max} more place${n - max === 1 ? '' : 's'} (see the full report: \`compose-review audit\`).`,
      );
  };
  const countOf = (items: FindingGroup[]): SeverityCounts => {
    const c: SeverityCounts = { error: 0, warning: 0, info: 0, suppressed: 0 };
    for (const g of items) c[g.severity]++;
    return c;
  };

  if (opts.groupBy === 'environment') {
    const bySeverity = (a: FindingGroup, b: FindingGroup): number =>
      SEVERITY_RANK[b.severity] - SEVERITY_RANK[a.severity] || compareItems(a as never, b as never);
    const byEnv = new Map<string, FindingGroup[]>();
    for (const g of groups)
      for (const e of g.environments.length ? g.environments : ['']) byEnv.set(e, [...(byEnv.get(e) ?? []), g]);
    for (const [env, list] of byEnv) {
      const items = [...list].sort(bySeverity);
      out.push(`### ${env ? mdCode(env) : 'Validation'} (${summarize(countOf(items), true)})`);
      const shown = items.slice(0, max);
      out.push(
        table(
          ['severity', 'rule', 'place', 'message'],
          shown.map((d) => [d.severity, `\`${d.rule}\``, groupPlace(d, opts.linkBase), cell(d.message)]),
        ),
      );
      more(items.length);
      const f = fixes(shown, true);
      if (f) out.push(f);
    }
  } else {
    // errors first, then the rules with the most places
    const rank = (items: FindingGroup[]): number =>
      Math.max(...items.map((d) => SEVERITY_RANK[d.severity])) * 1e6 + items.length;
    const byRule = new Map<string, FindingGroup[]>();
    for (const g of groups) byRule.set(g.rule, [...(byRule.get(g.rule) ?? []), g]);
    for (const [rule, items] of [...byRule].sort((a, b) => rank(b[1]) - rank(a[1]))) {
      const m = metas.get(rule);
      out.push(`### \`${rule}\`${m ? `: ${cell(m.title)}` : ''} (${summarize(countOf(items), true)})`);
      if (m) out.push(m.description);
      const shown = items.slice(0, max);
      out.push(
        table(
          ['severity', 'place', 'environments', 'message'],
          shown.map((d) => [d.severity, groupPlace(d, opts.linkBase), envCell(d), cell(d.message)]),
        ),
      );
      more(items.length);
      const f = fixes(shown, false);
      if (f) out.push(f);
    }
  }

  const suppressed = merged.filter((d) => d.suppressed);
  if (suppressed.length && opts.suppressed !== false) {
    const rows = suppressed.map(
      (d) =>
        `| \`${ruleOf(d)}\` | ${placeLink(d, opts.linkBase)} | ${cell(environmentsOf(d).join(', ') || '-')} | ${d.suppressed?.by} | ${cell(d.suppressed?.reason ?? '')} |`,
    );
    out.push(
      details(
        `Suppressed (${suppressed.length})`,
        ['| rule | place | environments | by | reason |', '|---|---|---|---|---|', ...rows].join('\n'),
      ),
    );
  }
  return out.join('\n\n') + '\n';
}
