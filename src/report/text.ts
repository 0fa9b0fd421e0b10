/** actionlint-style text: `file:line:col: severity message [code]`, the source line and a caret. */
import type { Diagnostic, Location } from '../diagnostics.js';
import { LINE_BREAK, parsePath, SEVERITY_RANK } from '../diagnostics.js';
import type { ReportItem } from './findings.js';
import {
  compareItems,
  countBySeverity,
  environmentsOf,
  mergeEnvironments,
  roleText,
  ruleOf,
  summarize,
  type EnvironmentInfo,
} from './findings.js';
import { reportGroups, servicePath, type FindingGroup } from '../audit/groups.js';
import { isNonSecretValue, isSecretName, tokenKind } from '../audit/secrets.js';
import { envRanges, secretRanges, type SecretSpans } from '../redact/source.js';
import { ENV_FILE_NAME } from '../redact/lines.js';

export type { SecretSpans };
import { MASK, maskText } from './diff.js';
import { textLine, textLines } from './escape.js';
import { firstEndingAfter, masked, shownCaret } from './caret.js';
import { ruleById } from '../audit/rules/index.js';
import { ruleDocUrl, ruleDocsTemplate } from './rule-links.js';
import { addMarkupPattern } from '../redact/markup.js';

// an environment's line (`environment default: production …`) is ours in the rendered answer (src/redact/markup.ts)
addMarkupPattern(/^environment (?=\S)/m);

const ENTRY = /^(\s*(?:-\s+)?(?:export\s+)?["']?)([A-Za-z_][\w.-]*)(["']?\s*[:=]\s*)(.*)$/;

/**
 * A source line as a report may print it: the value of a secret-named entry (`DB_PASSWORD: x`,
 * `- API_TOKEN=x`, `SECRET_KEY='x'` in an env file), URL passwords and known token formats masked.
 */
export function maskLine(line: string, whole = true): string {
  const m = ENTRY.exec(line);
  if (m && isSecretName(m[2]) && !isNonSecretValue(m[4].replace(/^["']|["']$/g, '')))
    return `${m[1]}${m[2]}${m[3]}${MASK}`;
  // a window cut from a long line starts anywhere: only a whole line is read as an entry
  const rest = (m || !whole ? undefined : looseEntry(line)) ?? maskText(line);
  return rest.includes('{') || rest.includes('[') ? maskFlow(rest) : rest;
}

/**
 * `{KEY: value, ...}` and `[KEY=value, ...]` entries of YAML's flow style, quoted values whole
 * (escapes and all); not `${VAR:?message}`, an interpolation.
 */
const FLOW_ENTRY =
  /((?:(?<!\$)\{|[[,])\s*)(["']?)([A-Za-z_][\w.-]*)\2(\s*[:=]\s*)("(?:[^"\\]|\\.)*"?|'(?:[^']|'')*'?|[^\s,{}[\]][^,{}[\]]*)/g;

/**
 * The secret-named entries of a flow mapping or sequence masked (`environment: {DB_PASSWORD:
 * "hunter\x32"}` shows its value as written, escapes and all, which no value masking finds).
 */
function maskFlow(line: string): string {
  return line.replace(FLOW_ENTRY, (all: string, open: string, q: string, name: string, sep: string, value: string) =>
    isSecretName(name) && !isNonSecretValue(value.replace(/^["']|["']$/g, '').trim())
      ? `${open}${q}${name}${q}${sep}${MASK}`
      : all,
  );
}

/**
 * A line ENTRY does not read, as an env file's syntax error shows it (`export DB_PASSWORD hunter2`,
 * `DB PASSWORD=hunter2`): the name before the first `=` or `:` (or the first word, when there is
 * neither), and when it is a secret's name the rest masked. Undefined when the name is no secret's.
 */
function looseEntry(line: string): string | undefined {
  if (/^\s*#/.test(line)) return undefined; // a comment: `# rotate the password: every 90 days`
  const sep = line.search(/[:=]/);
  const end = sep >= 0 ? sep + 1 : (/^\s*(?:export\s+)?\S+/.exec(line)?.[0].length ?? 0);
  if (end === 0) return undefined;
  const name = line.slice(0, sep >= 0 ? sep : end).replace(/^\s*(?:-\s+)?(?:export\s+)?/, '');
  const value = line.slice(end).trim();
  if (!value || !isSecretName(name) || isNonSecretValue(value.replace(/^["']|["']$/g, ''))) return undefined;
  return `${line.slice(0, end)}${/\s/.test(line[end] ?? '') ? ' ' : ''}${MASK}`;
}

/** A file's lines, where each starts, and (read once it is quoted) the ranges it must not show. */
interface SourceFile {
  lines: string[];
  starts: number[];
  text: string;
  ranges?: number[];
  /**
   * What each line quoted must not show (offsets in the line, sorted and merged), read once per line
   * and report: one line can carry every finding of a file (flow style on one line), and reading it
   * again for each finding was quadratic (5.5x the time at 4n findings).
   */
  hidden?: Map<number, number[]>;
}

/**
 * The source line of a diagnostic with a caret under its range, '' when the file or line is unknown.
 * What the line shows of a secret is masked before it is cut to a window (src/redact/source.ts: a
 * value as the file writes it, escapes and folds and all, and a secret name's value however the
 * entry is written), so a window's edge leaves no piece of one in clear.
 */
function snippetReader(
  files: Record<string, string>,
  masker?: SecretSpans,
  /** what else a line must not show: `file\0line` to `[start, end)` offsets in the line (secretSpans) */
  extra?: ReadonlyMap<string, number[]>,
): (d: Location) => string {
  const sources = new Map<string, SourceFile>();
  const sourceOf = (file: string): SourceFile => {
    let f = sources.get(file);
    if (!f) {
      const text = Object.hasOwn(files, file) || file in files ? files[file] : undefined;
      // an env file's lines are dotenv's, which breaks at LF only (a lone CR is a blank there)
      const breaks = ENV_FILE_NAME.test(file) ? /\r?\n/ : LINE_BREAK;
      const lines = typeof text === 'string' ? text.split(breaks) : [];
      const starts: number[] = [];
      let at = 0;
      for (const l of lines) {
        starts.push(at);
        at += l.length + (text![at + l.length] === '\r' && text![at + l.length + 1] === '\n' ? 2 : 1);
      }
      f = { lines, starts, text: typeof text === 'string' ? text : '' };
      sources.set(file, f);
    }
    return f;
  };
  return (d) => {
    const f = d.file ? sourceOf(d.file) : undefined;
    const line = f?.lines[d.line - 1];
    if (!f || line === undefined || line.trim() === '') return '';
    const width = d.endLine === d.line && d.endColumn && d.endColumn > d.column ? d.endColumn - d.column : 1;
    // a long line (a 200,000-bracket nesting) is shown around the column, not whole
    let from = 0;
    let to = line.length;
    let column = Math.max(0, d.column - 1);
    if (line.length > MAX_LINE) {
      from = Math.max(0, column - BEFORE);
      to = Math.min(line.length, from + MAX_LINE - BEFORE);
      // no word cut in two at an edge: the answer's last pass masks a secret value whole, not its
      // part (a URL's password cut at the window's end was shown in clear but for its tail); unless
      // that leaves out what the caret points at (a long image name, a digest): then cut as it falls
      const [f0, t0] = [from, to];
      if (from > 0) while (from < to && !WORD_BREAK.test(line[from - 1])) from++;
      if (to < line.length) while (to > from && !WORD_BREAK.test(line[to])) to--;
      if (column < from || column >= to) [from, to] = [f0, t0];
      column = Math.max(0, column - from) + (from > 0 ? 1 : 0);
    }
    let shown = line.slice(from, to);
    let hidden: number[] = [];
    // a known token format masks the whole line (maskLine), as written
    if (!tokenKind(shown)) {
      f.hidden ??= new Map();
      const known = f.hidden.get(d.line);
      if (known) hidden = known;
      else {
        f.ranges ??= unionOf(
          ENV_FILE_NAME.test(d.file ?? '') ? envRanges(f.text, masker) : secretRanges(f.text, masker),
        );
        const spans = [...(masker?.spans(line) ?? []), ...(extra?.get(`${d.file}\0${d.line}`) ?? [])];
        hidden = lineRanges(line, f.starts[d.line - 1], f.ranges, spans);
        f.hidden.set(d.line, hidden);
      }
      shown = masked(line, from, to, hidden);
    }
    const src = `${from > 0 ? '…' : ''}${shown}${to < line.length ? '…' : ''}`.replace(/\t/g, ' ');
    const whole = from === 0 && to === line.length;
    const out = textLine(maskLine(src, whole));
    // masked or escaped, the line no longer stands for the source unit for unit: the caret is drawn
    // under what it shows (src/report/caret.ts), not as wide as a masked secret
    if (out !== src || shown !== line.slice(from, to)) {
      return `  ${out}\n  ${shownCaret(line, from, to, hidden, (t) => maskLine(t, whole), d.column - 1, width)}\n`;
    }
    return `  ${out}\n  ${' '.repeat(column)}${'^'.repeat(Math.min(width, 80))}\n`;
  };
}

/** `[start, end)` pairs sorted and merged where they overlap. */
function unionOf(ranges: number[]): number[] {
  const pairs: [number, number][] = [];
  for (let k = 0; k < ranges.length; k += 2) pairs.push([ranges[k], ranges[k + 1]]);
  pairs.sort((a, b) => a[0] - b[0]);
  const out: number[] = [];
  for (const [a, b] of pairs)
    if (out.length && a < out[out.length - 1]) out[out.length - 1] = Math.max(out[out.length - 1], b);
    else out.push(a, b);
  return out;
}

/**
 * What `line` must not show, as `[start, end)` offsets in it, sorted and merged: the parts of
 * `ranges` (offsets in the file, sorted and disjoint, the line starting at `start`) over it, and
 * `spans` (offsets in the line).
 */
function lineRanges(line: string, start: number, ranges: number[], spans: readonly number[]): number[] {
  const local: number[] = [];
  for (let k = 2 * firstEndingAfter(ranges, start); k < ranges.length && ranges[k] < start + line.length; k += 2)
    local.push(Math.max(0, ranges[k] - start), Math.min(line.length, ranges[k + 1] - start));
  for (let k = 0; k < spans.length; k++) local.push(spans[k]);
  return local.length ? unionOf(local) : local;
}

/** Source lines longer than this are cut to a window around the column (BEFORE characters before it). */
const MAX_LINE = 200;
const BEFORE = 80;
/** What ends a word a secret could be part of (a URL's password holds none but `:` and `@` before and after it). */
const WORD_BREAK = /[\s,;{}[\]()"'`:@=]/;

/**
 * Where secret-in-command's findings stand, the password a command line gives: masked in the source
 * line under every finding of that line, also a password too short for the masker by value
 * (`--requirepass Zz56`). A finding within one line; one over several lines is masked by value only.
 *
 * And a schema error about the value of a secret-named key that is no scalar (`? DB_PASSWORD` /
 * `: hunter2 : x`, `DB_PASSWORD:` over a nested mapping, whose keys no value masking knows): the
 * line under it is masked from where the value starts.
 */
function passwordSpans(list: readonly (Diagnostic & { rule?: string })[]): Map<string, number[]> {
  const out = new Map<string, number[]>();
  const add = (d: Location, from: number, to: number): void => {
    const key = `${d.file}\0${d.line}`;
    const spans = out.get(key);
    if (spans) spans.push(from, to);
    else out.set(key, [from, to]);
  };
  for (const d of list) {
    if (!d.file) continue;
    if (d.rule === 'secret-in-command' && d.endLine === d.line && d.endColumn) add(d, d.column - 1, d.endColumn - 1);
    else if (d.code === 'schema-type' && isSecretName(String(parsePath(d.path).pop()))) add(d, d.column - 1, 2 ** 30);
  }
  return out;
}

export function formatText(
  list: Diagnostic[],
  files: Record<string, string>,
  opts: { snippet?: boolean; masker?: SecretSpans } = {},
): string {
  const snippet = snippetReader(files, opts.masker, passwordSpans(list));
  let out = '';
  for (const d of list) {
    out += `${textLine(d.file || '<bundle>')}:${d.line}:${d.column}: ${d.severity} ${textLine(d.message)} [${d.code}]\n`;
    if (d.hint) out += `  hint: ${textLine(d.hint)}\n`;
    if (opts.snippet !== false) out += snippet(d);
  }
  return out;
}

export interface FindingsTextOptions {
  snippet?: boolean;
  /** also print the fix's YAML under the `fix:` line */
  fixYaml?: boolean;
  /** list suppressed findings too, marked as such (default: only counted in the summary) */
  suppressed?: boolean;
  /** end with a `N errors, N warnings, N info` line (default true) */
  summary?: boolean;
  /** the environments and their roles: a line each before the findings */
  environments?: Record<string, EnvironmentInfo>;
  /** services per environment, for the project-level lines ("0 of 45 services ...") */
  serviceCounts?: Record<string, number>;
  /** the answer's groups (made before its findings were capped): printed instead of grouping `list`'s findings */
  groups?: readonly FindingGroup[];
  /** the rule pages' URL template (src/report/rule-links.ts): a footer links each rule reported to its page; `false`: none */
  docsBase?: string | false;
  /** the bundle's secret values: the source lines show none, as written or as read (see snippetReader) */
  masker?: SecretSpans;
}

/** One printed line: one group, or several groups about the same value (a plaintext secret that is also weak). */
interface Line extends Location {
  severity: FindingGroup['severity'];
  rules: string[];
  message: string;
  environments: string[];
  groups: FindingGroup[];
}

/** Groups about one value (same place, same path below the service) print as one line naming every rule. */
function lines(groups: readonly FindingGroup[]): Line[] {
  const out: Line[] = [];
  const byValue = new Map<string, Line>();
  for (const g of groups) {
    const below = servicePath(g.path)?.rest ?? g.path;
    const key = `${g.file}\0${g.line}\0${g.column}\0${below}`;
    const same = g.scope === 'location' ? byValue.get(key) : undefined;
    if (same) {
      same.rules.push(g.rule);
      same.message += `; ${g.message}`;
      same.groups.push(g);
      if (SEVERITY_RANK[g.severity] > SEVERITY_RANK[same.severity]) same.severity = g.severity;
      for (const e of g.environments) if (!same.environments.includes(e)) same.environments.push(e);
      continue;
    }
    const line: Line = { ...g, rules: [g.rule], environments: [...g.environments], groups: [g] };
    if (g.scope === 'location') byValue.set(key, line);
    out.push(line);
  }
  return out;
}

const where = (l: Location): string => `${textLine(l.file || '<bundle>')}:${l.line}:${l.column}`;

/** `environment default: production (by default: a single Compose file is what gets deployed)` lines. */
export function environmentLines(environments: Record<string, EnvironmentInfo> | undefined): string {
  let out = '';
  for (const [name, e] of Object.entries(environments ?? {})) {
    const partial = e.loaded === false ? '; it does not load: its files are audited on their own (partial)' : '';
    out += `environment ${textLine(name)}: ${textLine(roleText(e))}${partial}\n`;
  }
  return out;
}

/**
 * Findings as `file:line:col: severity message [rule] (environments)`, the source line with a caret,
 * and `fix: ...`: one line per group of findings (one rule at one place, whatever the number of
 * services and environments it covers; a setting every service should have, once for the project),
 * the groups about one value on one line. Plain diagnostics print one by one.
 */
export function formatFindingsText(
  list: readonly ReportItem[],
  files: Record<string, string>,
  opts: FindingsTextOptions = {},
): string {
  const snippet = snippetReader(files, opts.masker, passwordSpans(list));
  const merged = mergeEnvironments(list).sort(compareItems);
  const findings = merged.filter((d) => d.rule !== undefined);
  const groups = reportGroups(findings, opts.groups, opts.serviceCounts ? { serviceCounts: opts.serviceCounts } : {});
  const entries: { at: Location & { rule: string }; text: string; rules: string[] }[] = [];
  for (const d of merged) {
    if (d.rule !== undefined && !(d.suppressed && opts.suppressed)) continue;
    const envs = environmentsOf(d);
    const by = d.suppressed
      ? ` (suppressed by ${d.suppressed.by}${d.suppressed.reason ? `: ${textLine(d.suppressed.reason)}` : ''})`
      : '';
    let text = `${where(d)}: ${d.severity} ${textLine(d.message)} [${ruleOf(d)}]${envs.length ? ` (${textLine(envs.join(', '))})` : ''}${by}\n`;
    if (opts.snippet !== false) text += snippet(d);
    const fix = d.fix?.description ?? d.hint;
    if (fix) text += `  fix: ${textLine(fix)}\n`;
    if (opts.fixYaml && d.fix?.yaml) text += textLines(d.fix.yaml.replace(/\n$/, '')).replace(/^/gm, '    ') + '\n';
    entries.push({ at: { ...d, rule: ruleOf(d) }, text, rules: [ruleOf(d)] });
  }
  for (const l of lines(groups)) {
    const first = l.groups[0];
    const partial = first.partial ? ' (partial: file audited on its own)' : '';
    let text = `${where(l)}: ${l.severity} ${textLine(l.message)} [${l.rules.join(', ')}]${l.environments.length ? ` (${textLine(l.environments.join(', '))})` : ''}${partial}\n`;
    if (opts.snippet !== false && first.scope === 'location') text += snippet(l);
    // where the value came from: an env file line always; the alias of an anchor only for one service
    // (a group over several says so already, and JSON keeps every service's alias)
    const related = (first.related ?? []).filter((r) => r.file !== first.file || first.services.length < 2);
    if (related.length) {
      const [r] = related;
      text += `  see ${where(r)}${r.message ? `: ${textLine(r.message)}` : ''}${related.length > 1 ? ` (and ${related.length - 1} more)` : ''}\n`;
    }
    const fixes = [...new Set(l.groups.map((g) => g.fix?.description).filter((f): f is string => !!f))];
    if (fixes.length) text += `  fix: ${textLine(fixes.join('; '))}\n`;
    if (opts.fixYaml)
      for (const g of l.groups)
        if (g.fix?.yaml) text += textLines(g.fix.yaml.replace(/\n$/, '')).replace(/^/gm, '    ') + '\n';
    entries.push({ at: { ...l, rule: l.rules[0] }, text, rules: l.rules });
  }
  entries.sort((a, b) => compareItems(a.at, b.at));
  let out = environmentLines(opts.environments) + entries.map((e) => e.text).join('');
  // as shellcheck ends with "For more information:", one line per rule reported
  const docs = ruleDocsTemplate(opts.docsBase) ?? false;
  // loops: flatMap is V8's generic code (src/report/markdown.ts)
  const ids = new Set<string>();
  for (const e of entries) for (const id of e.rules) ids.add(id);
  const pages: string[] = [];
  for (const id of ids) {
    const url = ruleById(id) && ruleDocUrl(id, docs);
    if (url) pages.push(`  ${id}: ${url}\n`);
  }
  if (pages.length) out += `For more information:\n${pages.join('')}`;
  if (opts.summary !== false) {
    let n = 0;
    if (opts.groups) for (const g of groups) n += g.count;
    else for (const d of findings) if (!d.suppressed) n++;
    const shown = lines(groups).length;
    out += `${summarize(countBySeverity(merged))}${n > shown ? `; ${n} findings on ${shown} lines` : ''}\n`;
  }
  return out;
}
