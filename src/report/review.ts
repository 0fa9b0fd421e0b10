/**
 * The PR comment: a hidden marker (so a bot updates its own comment), a verdict and counts, then
 * collapsible sections: validation, findings, the environment diff with drift risks, and the merged
 * production config as a YAML preview with secret values masked. The body stays under GitHub's
 * 65,536-character limit: sections are cut from the least important, with a note saying what was cut.
 */
import { emitYaml } from '../yaml/emit.js';
import type { Review, ChangeReview } from '../review/review.js';
import { orderedModel } from './config.js';
import { redactValue, formatDiffMarkdown, shown, MASK } from './diff.js';
import { formatMarkdown, mdCode, mdInline, placeLink } from './markdown.js';
import { countBySeverity, roleText, summarize } from './findings.js';
import { serviceCounts } from '../audit/groups.js';
import { isObject, setOwn, type Tree, type TreeObject } from '../yaml/located.js';
import type { Diagnostic } from '../diagnostics.js';

export const COMMENT_MARKER = '<!-- compose-review:pr-comment -->';
export const GITHUB_COMMENT_LIMIT = 65_536;

export interface ReviewMarkdownOptions {
  /** default true: values under secret-looking names, URL passwords and tokens become ******** */
  redact?: boolean;
  /** e.g. `https://github.com/o/r/blob/<sha>/`: file:line become links */
  linkBase?: string;
  /** which environment's merged config to preview (default: the diff's target, else the first) */
  preview?: string;
  /** default 65,536 (GitHub's comment limit) */
  limit?: number;
}

/** The merged model as it may be shown: secrets' inline content and secret-looking values masked. */
export function redactModel(model: TreeObject): TreeObject {
  const out = redactValue('', orderedModel(model)) as TreeObject;
  for (const kind of ['secrets', 'configs']) {
    const defs = out[kind];
    if (kind === 'secrets' && isObject(defs))
      for (const d of Object.values(defs)) if (isObject(d) && d.content !== undefined) d.content = MASK;
  }
  return out;
}

const PREVIEW_SERVICES = 60;

/** The model to preview: secrets masked, and at most PREVIEW_SERVICES services (a comment has a size limit). */
function previewModel(full: TreeObject, redact: boolean): TreeObject {
  let model = full;
  const services = isObject(full.services) ? Object.keys(full.services) : [];
  if (services.length > PREVIEW_SERVICES) {
    const kept: TreeObject = {};
    for (const name of services.slice(0, PREVIEW_SERVICES)) setOwn(kept, name, (full.services as TreeObject)[name]);
    kept[`x-compose-review-note`] = `${services.length - PREVIEW_SERVICES} more services not shown`;
    model = { ...full, services: kept };
  }
  return redact ? redactModel(model) : orderedModel(model);
}

function details(summary: string, body: string, open = false): string {
  return `<details${open ? ' open' : ''}><summary>${summary}</summary>\n\n${body.trim()}\n\n</details>`;
}

function diagnosticsTable(list: Diagnostic[], linkBase?: string): string {
  const rows = list.map(
    (d) =>
      `| ${d.severity} | ${placeLink(d, linkBase)} | \`${d.code}\` | ${d.message.replace(/\|/g, '\\|').replace(/\n/g, ' ')}${d.hint ? ` (${d.hint})` : ''} |`,
  );
  return ['| severity | where | code | message |', '|---|---|---|---|', ...rows].join('\n');
}

interface Section {
  /** lower = cut first */
  keep: number;
  text: string;
}

/** Joins sections; while too long, drops the least important ones and says so. */
function fit(head: string, sections: Section[], limit: number): string {
  const kept = [...sections];
  const cut: string[] = [];
  const render = () =>
    [
      head,
      ...kept.map((s) => s.text),
      cut.length
        ? `> ✂️ Cut to stay under GitHub's ${limit.toLocaleString('en-US')}-character limit: ${cut.join(', ')}. Run \`compose-review review\` locally for the full report.`
        : '',
    ]
      .filter(Boolean)
      .join('\n\n') + '\n';
  let body = render();
  while (body.length > limit && kept.length) {
    let i = 0;
    for (let j = 1; j < kept.length; j++) if (kept[j].keep < kept[i].keep) i = j;
    const [removed] = kept.splice(i, 1);
    cut.push(/<summary>(.*?)<\/summary>/.exec(removed.text)?.[1]?.replace(/<[^>]+>/g, '') ?? 'a section');
    body = render();
  }
  if (body.length > limit) body = body.slice(0, limit - 200) + `\n\n> ✂️ Truncated to ${limit} characters.\n`;
  return body;
}

export function reviewMarkdown(r: Review, options: ReviewMarkdownOptions = {}): string {
  const redact = options.redact !== false;
  const findings = [...r.audit.findings, ...r.audit.suppressed];
  const counts = countBySeverity([...findings, ...r.drift]);
  const icon = r.verdict.status === 'pass' ? '✅' : '❌';
  const envs = Object.entries(r.result.environments);
  const head = [
    COMMENT_MARKER,
    `## ${icon} compose-review: ${r.verdict.status}`,
    `${r.verdict.reason}. **${summarize(counts)}** across ${envs.map(([n, e]) => `${mdCode(n)} (${e.files.map(mdInline).join(' + ')}; ${mdInline(roleText(r.audit.environments[n] ?? e))})`).join(', ') || 'no environment'}; ${r.diagnostics.length} validation diagnostic${r.diagnostics.length === 1 ? '' : 's'}.`,
    ...(r.noDiff ? [`No environment diff: ${mdInline(r.noDiff)}.`] : []),
  ].join('\n');
  const sections: Section[] = [];
  if (r.diagnostics.length)
    sections.push({
      keep: 9,
      text: details(`Validation (${r.diagnostics.length})`, diagnosticsTable(r.diagnostics, options.linkBase), true),
    });
  if (findings.length)
    sections.push({
      keep: 8,
      text: details(
        `Findings (${r.audit.findings.length}${r.audit.suppressed.length ? `, ${r.audit.suppressed.length} suppressed` : ''})`,
        formatMarkdown(findings, {
          linkBase: options.linkBase,
          title: '',
          maxRows: 25,
          serviceCounts: serviceCounts(r.result.environments),
        }),
      ),
    });
  if (r.diff) {
    const title = `Environment diff: ${r.diff.from} → ${r.diff.to} (${r.diff.entries.length} difference${r.diff.entries.length === 1 ? '' : 's'}, ${r.drift.length} drift risk${r.drift.length === 1 ? '' : 's'})`;
    sections.push({
      keep: 6,
      text: details(title, formatDiffMarkdown(r.diff, { redact, drift: r.drift, maxRows: 200 })),
    });
  }
  const previewName = options.preview ?? r.diff?.to ?? envs[0]?.[0];
  const preview = previewName ? r.result.environments[previewName] : undefined;
  if (preview?.model) {
    const model = previewModel(preview.model, redact);
    sections.push({
      keep: 3,
      text: details(
        `Merged config preview: ${previewName} (${preview.files.join(' + ')})${redact ? ', secrets masked' : ''}`,
        '```yaml\n' + emitYaml(model) + '```',
      ),
    });
  }
  return fit(head, sections, options.limit ?? GITHUB_COMMENT_LIMIT);
}

function changeTable(
  entries: ChangeReview['environments'][string]['entries'],
  redact: boolean,
  linkBase?: string,
): string {
  const show = (v: Tree | undefined): string =>
    v === undefined ? '—' : `\`${JSON.stringify(v).replace(/\|/g, '\\|')}\``;
  const rows = entries.map((x) => {
    const e = shown(x, redact);
    const where = (l: typeof e.toLocation) =>
      l ? placeLink({ ...l, code: '', severity: 'info', message: '', path: '' }, linkBase) : '';
    return `| ${e.name} | ${e.field || '(whole)'} | ${e.kind} | ${show(e.from)} ${where(e.fromLocation)} | ${show(e.to)} ${where(e.toLocation)} |`;
  });
  return ['| name | field | change | base | head |', '|---|---|---|---|---|', ...rows].join('\n');
}

export function changeReviewMarkdown(c: ChangeReview, options: ReviewMarkdownOptions = {}): string {
  const redact = options.redact !== false;
  const icon = c.verdict.status === 'pass' ? '✅' : '❌';
  const head = [
    COMMENT_MARKER,
    `## ${icon} compose-review: ${c.verdict.status}`,
    `${c.verdict.reason}. This change adds **${c.newFindings.length}** finding${c.newFindings.length === 1 ? '' : 's'} and fixes **${c.fixedFindings.length}**.`,
  ].join('\n');
  const sections: Section[] = [];
  const changed = Object.entries(c.environments).filter(([, e]) => e.status !== 'unchanged');
  for (const [name, e] of changed)
    sections.push({
      keep: 7,
      text: details(
        `Merge preview: what the change does to \`${name}\` (${e.status}, ${e.entries.length} change${e.entries.length === 1 ? '' : 's'})`,
        e.entries.length ? changeTable(e.entries, redact, options.linkBase) : `environment ${e.status}`,
        name === 'production',
      ),
    });
  if (c.newFindings.length)
    sections.push({
      keep: 9,
      text: details(
        `New findings (${c.newFindings.length})`,
        formatMarkdown(c.newFindings, { linkBase: options.linkBase, title: '', maxRows: 25 }),
        true,
      ),
    });
  if (c.fixedFindings.length)
    sections.push({
      keep: 5,
      text: details(
        `Fixed findings (${c.fixedFindings.length})`,
        formatMarkdown(c.fixedFindings, { linkBase: options.linkBase, title: '', maxRows: 25 }),
      ),
    });
  if (c.head.diagnostics.length)
    sections.push({
      keep: 8,
      text: details(
        `Validation of the head (${c.head.diagnostics.length})`,
        diagnosticsTable(c.head.diagnostics, options.linkBase),
        true,
      ),
    });
  return fit(head, sections, options.limit ?? GITHUB_COMMENT_LIMIT);
}
