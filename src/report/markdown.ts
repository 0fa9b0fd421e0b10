/**
 * Findings as GitHub-flavoured markdown (a pull-request comment, a job summary): a summary line,
 * one section per rule or per environment with a table of places, fix snippets in yaml blocks, and
 * `<details>` around whatever is long. With `linkBase` (`https://github.com/o/r/blob/<sha>/`) places link to the file.
 */
import { SEVERITY_RANK, type Location } from '../diagnostics.js';
import type { RuleMeta } from '../audit/types.js';
import { rules as allRules, ruleById } from '../audit/rules/index.js';
import type { EnvironmentInfo, MergedItem, ReportItem, SeverityCounts } from './findings.js';
import {
  compareItems,
  countBySeverity,
  environmentsOf,
  groupBy,
  mergeEnvironments,
  roleText,
  ruleOf,
  summarize,
} from './findings.js';
import { reportGroups, type FindingGroup } from '../audit/groups.js';
import { mdCode, mdFence, mdProse, mdText, mdUrlPath } from './escape.js';
import { ruleDocUrl, ruleDocsTemplate } from './rule-links.js';
import { addMarkup, tableCells } from '../redact/markup.js';
import { SEVERITIES } from './findings.js';

const TITLE = '## compose-review';

// the tables' headers and the severities in their rows are ours in the rendered answer (src/redact/markup.ts)
tableCells(['severity', 'rule', 'place', 'message', 'environments', 'by', 'reason', ...SEVERITIES]);
tableCells(allRules.map((r) => `\`${r.meta.id}\``));
// the rule named before its fix in the per-environment layout (`fixes`): alone, or a line of `How to fix`
addMarkup(allRules.flatMap((r) => [`**Fix:** \`${r.meta.id}\` `, `\n\`${r.meta.id}\` `]));
addMarkup([TITLE, '`compose-review audit`']);

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
  /** the answer's groups (made before its findings were capped): shown instead of grouping `list`'s findings */
  groups?: readonly FindingGroup[];
  /**
   * `list` merged across environments already (`mergeEnvironments(list)`, which a caller that also
   * answers the merged list has made): not merged again here, not changed
   */
  merged?: readonly MergedItem[];
  /** the rule pages' URL template (src/report/rule-links.ts): each rule's heading links to its page; `false`: no links */
  docsBase?: string | false;
}

const details = (summary: string, body: string): string =>
  `<details><summary>${summary}</summary>\n\n${body.trim()}\n\n</details>`;

/** `file:line` as inline code, or a link to it under `linkBase`; the path escaped (src/report/escape.ts). */
export function placeLink(d: Location, linkBase?: string, inTable = true): string {
  if (!d.file) return '`<bundle>`';
  const label = `${d.file}:${d.line}`;
  if (!linkBase) return mdCode(label, inTable);
  const base = linkBase.endsWith('/') ? linkBase : `${linkBase}/`;
  const range = d.endLine !== undefined && d.endLine > d.line ? `-L${d.endLine}` : '';
  return `[${mdText(label)}](${base}${mdUrlPath(d.file)}#L${d.line}${range})`;
}

/** Where a group is: the place link of its first finding. */
function groupPlace(g: FindingGroup, linkBase?: string, inTable = true): string {
  return placeLink(g, linkBase, inTable);
}

let builtIn: ReadonlyMap<string, RuleMeta> | undefined;
/** The built-in rules' metadata by id: a table of the code, made once (every report read it anew). */
function builtInMetas(): ReadonlyMap<string, RuleMeta> {
  return (builtIn ??= new Map(allRules.map((r) => [r.meta.id, r.meta])));
}

export function formatMarkdown(list: readonly ReportItem[], opts: MarkdownOptions = {}): string {
  const metas = opts.rules ? new Map(opts.rules.map((m) => [m.id, m])) : builtInMetas();
  const limit = opts.collapseAfter ?? 10;
  const merged = (opts.merged ? [...opts.merged] : mergeEnvironments(list)).sort(compareItems);
  // loops rather than flatMap here and in `fixes`: V8 runs flatMap in generic code, ten times a loop's
  // cost (4.3 µs against 0.4 for this line on the seed's 28 findings)
  const envSet = new Set<string>();
  for (const d of merged) for (const e of environmentsOf(d)) envSet.add(e);
  const envs = [...envSet];
  const counts = countBySeverity(merged);
  // one row per rule and place (and one per project-level rule), whatever the services it covers
  const groups = reportGroups(merged, opts.groups, {
    ...(opts.serviceCounts ? { serviceCounts: opts.serviceCounts } : {}),
    meta: (id) => metas.get(id),
  });
  const out: string[] = [opts.title ?? TITLE];
  out.push(`**${summarize(counts)}**${envs.length ? ` in ${envs.map((e) => mdCode(e)).join(', ')}` : ''}`);
  if (opts.environments && Object.keys(opts.environments).length)
    out.push(
      Object.entries(opts.environments)
        .map(
          ([n, e]) =>
            `${mdCode(n)}: ${mdText(roleText(e))}${e.loaded === false ? ' (does not load: partial audit of its files)' : ''}`,
        )
        .join('  \n'),
    );
  if (!groups.length) out.push('No findings.');

  const fixes = (items: FindingGroup[], withRule: boolean): string => {
    const seen = new Set<string>();
    // a fix said once for every place comes first, as what the placed snippets after it apply
    const general: string[] = [];
    const placed: string[] = [];
    for (const d of items) {
      const text = d.fix?.description;
      const key = `${text}\0${d.fix?.yaml ?? ''}`;
      if (!text || seen.has(key)) continue;
      seen.add(key);
      // a fix without a snippet reads the same for every place: said once, without a place
      const rule = withRule ? `\`${d.rule}\` ` : '';
      if (d.fix?.yaml)
        placed.push(`${rule}${groupPlace(d, opts.linkBase, false)}: ${mdProse(text)}\n\n${mdFence('yaml', d.fix.yaml)}`);
      else general.push(`${rule}${mdProse(text)}`);
    }
    const blocks = general.concat(placed);
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
  const envCell = (d: { environments: string[] }): string => mdText(d.environments.join(', ')) || '-';
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
      SEVERITY_RANK[b.severity] - SEVERITY_RANK[a.severity] || compareItems(a, b);
    const byEnv = new Map<string, FindingGroup[]>();
    for (const g of groups)
      for (const e of g.environments.length ? g.environments : ['']) {
        const list = byEnv.get(e);
        if (list) list.push(g);
        else byEnv.set(e, [g]);
      }
    for (const [env, list] of byEnv) {
      const items = [...list].sort(bySeverity);
      out.push(`### ${env ? mdCode(env) : 'Validation'} (${summarize(countOf(items), true)})`);
      const shown = items.slice(0, max);
      out.push(
        table(
          ['severity', 'rule', 'place', 'message'],
          shown.map((d) => [d.severity, `\`${d.rule}\``, groupPlace(d, opts.linkBase), mdText(d.message)]),
        ),
      );
      more(items.length);
      const f = fixes(shown, true);
      if (f) out.push(f);
    }
  } else {
    // errors first, then the rules with the most places (each rule's rank made once, not at each comparison)
    const rank = (items: FindingGroup[]): number => {
      let top = -Infinity;
      for (const d of items) top = Math.max(top, SEVERITY_RANK[d.severity]);
      return top * 1e6 + items.length;
    };
    const byRule = groupBy(groups, (g) => g.rule);
    // the template read once a report, not once a rule (it reads the process environment)
    const docs = ruleDocsTemplate(opts.docsBase) ?? false;
    const ranked = [...byRule].map(([rule, items]) => ({ rule, items, rank: rank(items) }));
    for (const { rule, items } of ranked.sort((a, b) => b.rank - a.rank)) {
      const m = metas.get(rule);
      const page = m && ruleById(rule) ? ruleDocUrl(rule, docs) : undefined;
      const id = page ? `[\`${rule}\`](${page})` : `\`${rule}\``;
      out.push(`### ${id}${m ? `: ${mdText(m.title)}` : ''} (${summarize(countOf(items), true)})`);
      if (m) out.push(m.description);
      const shown = items.slice(0, max);
      out.push(
        table(
          ['severity', 'place', 'environments', 'message'],
          shown.map((d) => [d.severity, groupPlace(d, opts.linkBase), envCell(d), mdText(d.message)]),
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
        `| \`${ruleOf(d)}\` | ${placeLink(d, opts.linkBase)} | ${envCell({ environments: environmentsOf(d) })} | ${d.suppressed?.by} | ${mdText(d.suppressed?.reason ?? '')} |`,
    );
    out.push(
      details(
        `Suppressed (${suppressed.length})`,
        ['| rule | place | environments | by | reason |', '|---|---|---|---|---|', ...rows].join('\n'),
      ),
    );
  }
  return paragraphs(out);
}

/**
 * `parts.join('\n\n') + '\n'` made as one flat string: the `+ '\n'` left a rope over the joined text,
 * which the next reader (`details`' trim, the masking pass, the JSON) copied flat again: 26 KB a
 * copy for the seed review's comment. Takes `parts` over (its last item gets the line break).
 */
export function paragraphs(parts: string[]): string {
  if (parts.length === 0) return '\n';
  parts[parts.length - 1] += '\n';
  return parts.join('\n\n');
}
