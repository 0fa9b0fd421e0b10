/**
 * The PR comment: a hidden marker (so a bot updates its own comment), a verdict and counts, then
 * collapsible sections: validation, findings, the environment diff with drift risks, and the merged
 * production config as a YAML preview with secret values masked. The body stays under GitHub's
 * 65,536-character limit: sections are cut from the least important, with a note saying what was cut.
 */
import { emitYaml } from '../yaml/emit.js';
import { goJsonText } from '../utf8.js';
import type { Review, ChangeReview } from '../review/review.js';
import { orderedModel } from './config.js';
import { STRUCT_ORDER } from './config-structs.js';
import { redactObject, formatDiffMarkdown, shown, MASK } from './diff.js';
import { formatMarkdown, paragraphs, placeLink } from './markdown.js';
import { htmlCode, mdCode, mdFence, mdProse, mdText } from './escape.js';
import { type Masker } from '../redact/mask.js';
import { combinedMasker, maskerOf } from '../redact/secrets.js';
import { namedItems, namedKeys, roleReasonShown } from '../redact/names.js';
import type { RoleChoice } from '../bundle/roles.js';
import {
  countBySeverity,
  mergesAcrossEnvironments,
  roleText,
  summarize,
  type MergedItem,
  type ReportItem,
} from './findings.js';
import { answerGroups, serviceCounts, type FindingGroup } from '../audit/groups.js';
import { allFindings } from '../audit/project.js';
import { budgets } from '../limits.js';
import { isObject, setOwn, type Tree, type TreeObject } from '../yaml/located.js';
import type { Diagnostic } from '../diagnostics.js';
import type { Finding } from '../audit/types.js';
import type { DiffEntry } from '../diff/diff.js';
import { COMMENT_MARKER } from './review-markup.js';

export { COMMENT_MARKER };
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
  /**
   * the bundle's secret values (default: the review's own, src/redact/secrets.ts): masked in
   * validation messages and findings always, in the diff and the preview unless `redact` is false
   */
  masker?: Masker;
  /** the findings' groups, masked (default: every finding of the review grouped, before its cap) */
  groups?: readonly FindingGroup[];
  /**
   * the review's lists masked already by the caller (the JSON answer's own), so they are not masked
   * and merged a second time: its diagnostics, and its findings then its suppressed findings merged
   * across environments (`mergeEnvironments`)
   */
  masked?: {
    diagnostics: readonly Diagnostic[];
    merged: readonly MergedItem[];
    /** the diff's entries as the answer shows them (`diffData` with the same `redact` and `masker`) */
    diffEntries?: readonly DiffEntry[];
  };
}

/** The merged model as it may be shown: secrets' inline content, secret-looking and known secret values masked. */
export function redactModel(model: TreeObject, masker?: Masker): TreeObject {
  const out = redactObject(model, masker, STRUCT_ORDER); // in Compose's key order (orderedModel's), not copied first
  for (const kind of ['secrets', 'configs']) {
    const defs = out[kind];
    if (kind === 'secrets' && isObject(defs))
      for (const d of Object.values(defs)) if (isObject(d) && d.content !== undefined) d.content = MASK;
  }
  return out;
}

const PREVIEW_SERVICES = 60;
const PREVIEW_ITEMS = 100;

/**
 * The model to preview: secrets masked, at most PREVIEW_SERVICES services and PREVIEW_ITEMS items
 * in a list or mapping (a comment has a size limit, and a port range of 65,535 ports would be
 * rendered whole only to be cut).
 */
function previewModel(full: TreeObject, redact: boolean, masker: Masker): TreeObject {
  let model = full;
  const all = isObject(full.services) ? full.services : {};
  const services = Object.keys(all);
  if (services.length > PREVIEW_SERVICES) {
    const kept: TreeObject = {};
    for (const name of services.slice(0, PREVIEW_SERVICES)) setOwn(kept, name, all[name]);
    kept[`x-compose-review-note`] = `${services.length - PREVIEW_SERVICES} more services not shown`;
    model = { ...full, services: kept };
  }
  // most models have nothing to cut: then they are previewed as they are (both paths below copy them)
  let cut = model;
  if (Object.keys(model).some((k) => overLong(model[k]))) {
    cut = {};
    for (const k of Object.keys(model)) setOwn(cut, k, k === 'services' ? trimServices(model[k]) : trimmed(model[k]));
  }
  return redact ? redactModel(cut, masker) : orderedModel(cut);
}

/** Whether `trimmed` would cut something of `node`: a list or mapping in it of more than PREVIEW_ITEMS. */
function overLong(node: Tree): boolean {
  const stack: Tree[] = [node];
  for (let v = stack.pop(); v !== undefined; v = stack.pop()) {
    if (Array.isArray(v)) {
      if (v.length > PREVIEW_ITEMS) return true;
      for (const x of v) stack.push(x);
    } else if (isObject(v)) {
      const keys = Object.keys(v);
      if (keys.length > PREVIEW_ITEMS) return true;
      for (const k of keys) stack.push(v[k]);
    }
  }
  return false;
}

function trimServices(services: Tree): Tree {
  if (!isObject(services)) return services;
  const out: TreeObject = {};
  for (const name of Object.keys(services)) setOwn(out, name, trimmed(services[name]));
  return out;
}

/** A copy with lists and mappings cut to PREVIEW_ITEMS, a note beside each cut one. */
function trimmed(node: Tree): Tree {
  if (Array.isArray(node)) return node.slice(0, PREVIEW_ITEMS).map(trimmed);
  if (!isObject(node)) return node;
  const out: TreeObject = {};
  const notes: string[] = [];
  const keys = Object.keys(node);
  for (const k of keys.slice(0, PREVIEW_ITEMS)) {
    const v = node[k];
    if (Array.isArray(v) && v.length > PREVIEW_ITEMS)
      notes.push(`${k}: ${(v.length - PREVIEW_ITEMS).toLocaleString('en-US')} more items not shown`);
    else if (isObject(v) && Object.keys(v).length > PREVIEW_ITEMS)
      notes.push(`${k}: ${(Object.keys(v).length - PREVIEW_ITEMS).toLocaleString('en-US')} more entries not shown`);
    setOwn(out, k, trimmed(v));
  }
  if (keys.length > PREVIEW_ITEMS)
    notes.push(`${(keys.length - PREVIEW_ITEMS).toLocaleString('en-US')} more entries not shown`);
  if (notes.length) out['x-compose-review-note'] = notes.join('; ');
  return out;
}

function details(summary: string, body: string, open = false): string {
  return `<details${open ? ' open' : ''}><summary>${summary}</summary>\n\n${body.trim()}\n\n</details>`;
}

/**
 * A comment has a size limit, and a section that does not fit is dropped whole (`fit`): the
 * validation table shows its first diagnostics, up to DIAGNOSTIC_ROWS rows and DIAGNOSTIC_CHARS
 * characters (the first row always), and says how many more, as the findings' tables do.
 */
const DIAGNOSTIC_ROWS = 50;
const DIAGNOSTIC_CHARS = 20_000;

function diagnosticsTable(list: readonly Diagnostic[], linkBase?: string): string {
  const rows: string[] = [];
  let size = 0;
  for (const d of list) {
    if (rows.length === DIAGNOSTIC_ROWS) break;
    const row = `| ${d.severity} | ${placeLink(d, linkBase)} | \`${d.code}\` | ${mdText(d.message)}${d.hint ? ` (${mdProse(d.hint, true)})` : ''} |`;
    if (rows.length && size + row.length > DIAGNOSTIC_CHARS) break;
    rows.push(row);
    size += row.length + 1;
  }
  const table = ['| severity | where | code | message |', '|---|---|---|---|', ...rows].join('\n');
  const more = list.length - rows.length;
  return more
    ? `${table}\n\n… and ${more} more diagnostic${more === 1 ? '' : 's'} (see the full report: \`compose-review review\`).`
    : table;
}

interface Section {
  /** lower = cut first */
  keep: number;
  text: string;
}

/**
 * Joins sections; while too long, drops the least important ones and says so. Each part is masked
 * first (`mask`): measured before masking, a comment of short secrets grew past the limit once
 * masked, and a cut made before masking could leave the start of a secret, no longer whole, in clear.
 */
function fit(head: string, sections: Section[], limit: number, mask = (text: string) => text): string {
  head = mask(head);
  const kept = sections.map((s) => ({ ...s, text: mask(s.text) }));
  const cut: string[] = [];
  const render = () =>
    paragraphs(
      [
        head,
        ...kept.map((s) => s.text),
        cut.length
          ? `> ✂️ Cut to stay under GitHub's ${limit.toLocaleString('en-US')}-character limit: ${cut.join(', ')}. Run \`compose-review review\` locally for the full report.`
          : '',
      ].filter(Boolean),
    );
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

/** The groups of every finding of a review, capped to its budget (what reviewBundle hands to reviewMarkdown). */
function reviewGroups(r: Review, serviceCounts: Record<string, number>): FindingGroup[] {
  const every = allFindings(r.audit).findings;
  return answerGroups(every, r.result.budgets?.findings ?? budgets().findings, {
    serviceCounts,
    merge: mergesAcrossEnvironments(every),
  }).groups;
}

export function reviewMarkdown(r: Review, options: ReviewMarkdownOptions = {}): string {
  const redact = options.redact !== false;
  const masker = options.masker ?? maskerOf(r.result);
  // findings and diagnostics are masked whatever `redact` says: it is about the values a diff shows
  // (masking changes no severity: the fallback counts read the lists as they are)
  const all = [...r.audit.findings, ...r.audit.suppressed];
  // an environment's name where the comment names one: with its ordinal where two mask alike (Masker.name)
  const name = (n: string): string => (redact ? masker.name(n) : n);
  // the three fields roleText reads: a spread of an audited environment would read its findings too
  // (made plain Findings when first read: src/audit/project.ts pendingLists), 2-3% of a seed review
  const shownRole = (e: RoleChoice): RoleChoice =>
    redact ? { role: e.role, roleSource: e.roleSource, roleReason: roleReasonShown(e, masker) } : e;
  const findings: readonly ReportItem[] = options.masked?.merged ?? masker.findings(namedItems(all, masker));
  const services = serviceCounts(r.result.environments);
  const groups = options.groups ?? masker.findings(namedItems(reviewGroups(r, services), masker));
  const diagnostics = options.masked?.diagnostics ?? masker.deep(r.diagnostics);
  // counted before the answer's caps (a Review built by hand without counts: from its lists)
  const counts = r.counts ?? countBySeverity([...all, ...r.drift]);
  const audited = r.audit.counts ?? countBySeverity(all);
  const validation = (r.allDiagnostics ?? r.diagnostics).length;
  const icon = r.verdict.status === 'pass' ? '✅' : '❌';
  const envs = Object.entries(r.result.environments);
  const head = [
    COMMENT_MARKER,
    `## ${icon} compose-review: ${r.verdict.status}`,
    `${mdText(masker.namesIn(r.verdict.reason))}. **${summarize(counts)}** across ${envs.map(([n, e]) => `${mdCode(name(n))} (${mdText(e.files.join(' + '))}; ${mdText(roleText(shownRole(r.audit.environments[n] ?? e)))})`).join(', ') || 'no environment'}; ${validation} validation diagnostic${validation === 1 ? '' : 's'}.`,
    ...(r.noDiff ? [`No environment diff: ${mdText(masker.namesIn(r.noDiff))}.`] : []),
  ].join('\n');
  const sections: Section[] = [];
  if (diagnostics.length)
    sections.push({
      keep: 9,
      text: details(`Validation (${validation})`, diagnosticsTable(diagnostics, options.linkBase), true),
    });
  if (findings.length)
    sections.push({
      keep: 8,
      text: details(
        `Findings (${audited.error + audited.warning + audited.info}${audited.suppressed ? `, ${audited.suppressed} suppressed` : ''})`,
        formatMarkdown(findings, {
          linkBase: options.linkBase,
          title: '',
          maxRows: 25,
          serviceCounts: namedKeys(services, masker),
          groups,
          ...(options.masked ? { merged: options.masked.merged } : {}),
        }),
      ),
    });
  if (r.diff) {
    const title = `Environment diff: ${mdText(name(r.diff.from))} → ${mdText(name(r.diff.to))} (${r.diff.entries.length} difference${r.diff.entries.length === 1 ? '' : 's'}, ${r.drift.length} drift risk${r.drift.length === 1 ? '' : 's'})`;
    sections.push({
      keep: 6,
      text: details(
        title,
        formatDiffMarkdown(r.diff, {
          redact,
          drift: r.drift,
          maxRows: 200,
          masker,
          ...(options.masked?.diffEntries ? { shown: options.masked.diffEntries } : {}),
        }),
      ),
    });
  }
  const previewName = options.preview ?? r.diff?.to ?? envs[0]?.[0];
  const preview = previewName ? r.result.environments[previewName] : undefined;
  if (preview?.model) {
    const model = previewModel(preview.model, redact, masker);
    sections.push({
      keep: 3,
      text: details(
        `Merged config preview: ${mdText(name(previewName))} (${mdText(preview.files.map((f) => masker.text(f)).join(' + '))})${redact ? ', secrets masked' : ''}`,
        mdFence('yaml', emitYaml(model)),
      ),
    });
  }
  return fit(head, sections, options.limit ?? GITHUB_COMMENT_LIMIT, redact ? (t) => masker.rendered(t) : undefined);
}

/** Rows of a merge-preview table: the comment is read, and cut to 65,536 characters anyway. */
const CHANGE_ROWS = 200;

function changeTable(
  entries: ChangeReview['environments'][string]['entries'],
  redact: boolean,
  masker: Masker,
  linkBase?: string,
): string {
  const show = (v: Tree | undefined): string => (v === undefined ? '—' : mdCode(goJsonText(JSON.stringify(v)), true));
  const rows = entries.slice(0, CHANGE_ROWS).map((x) => {
    const e = shown(x, redact, masker);
    const where = (l: typeof e.toLocation) => (l ? placeLink(l, linkBase) : '');
    return `| ${mdText(e.name)} | ${e.field ? mdCode(e.field, true) : '(whole)'} | ${e.kind} | ${show(e.from)} ${where(e.fromLocation)} | ${show(e.to)} ${where(e.toLocation)} |`;
  });
  const more = entries.length - CHANGE_ROWS;
  const note = more > 0 ? `\n\n… and ${more.toLocaleString('en-US')} more changes` : '';
  return ['| name | field | change | base | head |', '|---|---|---|---|---|', ...rows].join('\n') + note;
}

/** A finding the change made more severe says so where the comment lists it: its message, then what it was. */
export const raisedNote = (f: ChangeReview['newFindings'][number]): Finding =>
  f.from ? { ...f, message: `${f.message} (raised from ${f.from.severity} to ${f.severity} by this change)` } : f;

export function changeReviewMarkdown(c: ChangeReview, options: ReviewMarkdownOptions = {}): string {
  const redact = options.redact !== false;
  const masker = options.masker ?? combinedMasker(c.base.result, c.head.result);
  const name = (n: string): string => (redact ? masker.name(n) : n);
  const icon = c.verdict.status === 'pass' ? '✅' : '❌';
  const silenced = c.newSuppressed.length;
  const head = [
    COMMENT_MARKER,
    `## ${icon} compose-review: ${c.verdict.status}`,
    `${mdText(masker.namesIn(c.verdict.reason))}. This change adds **${c.newFindings.length}** finding${c.newFindings.length === 1 ? '' : 's'}${silenced ? ` (and suppresses **${silenced}**)` : ''} and fixes **${c.fixedFindings.length}**.`,
  ].join('\n');
  const sections: Section[] = [];
  const changed = Object.entries(c.environments).filter(([, e]) => e.status !== 'unchanged');
  for (const [env, e] of changed)
    sections.push({
      keep: 7,
      text: details(
        `Merge preview: what the change does to ${htmlCode(name(env))} (${e.status}, ${e.entries.length} change${e.entries.length === 1 ? '' : 's'})`,
        e.entries.length ? changeTable(e.entries, redact, masker, options.linkBase) : `environment ${e.status}`,
        env === 'production',
      ),
    });
  // the findings the change silences are listed with them, as a review of one bundle lists its suppressed ones
  if (c.newFindings.length || silenced)
    sections.push({
      keep: 9,
      text: details(
        `New findings (${c.newFindings.length}${silenced ? `, ${silenced} suppressed` : ''})`,
        formatMarkdown(masker.findings(namedItems([...c.newFindings.map(raisedNote), ...c.newSuppressed], masker)), {
          linkBase: options.linkBase,
          title: '',
          maxRows: 25,
        }),
        true,
      ),
    });
  if (c.fixedFindings.length)
    sections.push({
      keep: 5,
      text: details(
        `Fixed findings (${c.fixedFindings.length})`,
        formatMarkdown(masker.findings(namedItems(c.fixedFindings, masker)), {
          linkBase: options.linkBase,
          title: '',
          maxRows: 25,
        }),
      ),
    });
  if (c.head.diagnostics.length)
    sections.push({
      keep: 8,
      text: details(
        `Validation of the head (${c.head.diagnostics.length})`,
        diagnosticsTable(masker.deep(c.head.diagnostics), options.linkBase),
        true,
      ),
    });
  return fit(head, sections, options.limit ?? GITHUB_COMMENT_LIMIT, redact ? (t) => masker.rendered(t) : undefined);
}
