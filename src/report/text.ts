/** actionlint-style text: `file:line:col: severity message [code]`, the source line and a caret. */
import type { Diagnostic } from '../diagnostics.js';
import type { ReportItem } from './findings.js';
import { compareItems, countBySeverity, environmentsOf, mergeEnvironments, ruleOf, summarize } from './findings.js';
import { textLine, textLines } from './escape.js';
import { ruleById } from '../audit/rules/index.js';
import { ruleDocUrl } from '../rule-docs/links.js';

/** The source line of a diagnostic with a caret under its range, '' when the file or line is unknown. */
function snippetReader(files: Record<string, string>): (d: Diagnostic) => string {
  const lines = new Map<string, string[]>();
  const lineOf = (file: string, n: number): string | undefined => {
    if (!lines.has(file)) {
      const text = Object.hasOwn(files, file) || file in files ? files[file] : undefined;
      lines.set(file, typeof text === 'string' ? text.split(/\r?\n/) : []);
    }
    return lines.get(file)![n - 1];
  };
  return (d) => {
    const line = d.file ? lineOf(d.file, d.line) : undefined;
    if (line === undefined || line.trim() === '') return '';
    const width = d.endLine === d.line && d.endColumn && d.endColumn > d.column ? d.endColumn - d.column : 1;
    // a long line (a 200,000-bracket nesting) is shown around the column, not whole
    let src = line;
    let column = Math.max(0, d.column - 1);
    if (line.length > MAX_LINE) {
      const from = Math.max(0, column - BEFORE);
      const to = Math.min(line.length, from + MAX_LINE - BEFORE);
      src = `${from > 0 ? '…' : ''}${line.slice(from, to)}${to < line.length ? '…' : ''}`;
      column = column - from + (from > 0 ? 1 : 0);
    }
    return `  ${textLine(src.replace(/\t/g, ' '))}\n  ${' '.repeat(column)}${'^'.repeat(Math.min(width, 80))}\n`;
  };
}

/** Source lines longer than this are cut to a window around the column (BEFORE characters before it). */
const MAX_LINE = 200;
const BEFORE = 80;

export function formatText(
  list: Diagnostic[],
  files: Record<string, string>,
  opts: { snippet?: boolean } = {},
): string {
  const snippet = snippetReader(files);
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
  /** the rule pages' URL template (src/rule-docs/links.ts): a footer links each rule reported to its page; `false`: none */
  docsBase?: string | false;
}

/**
 * Findings (and plain diagnostics) as `file:line:col: severity message [rule] (environments)`, the
 * source line with a caret, and `fix: ...`. A finding reported by several environments is one entry.
 */
export function formatFindingsText(
  list: readonly ReportItem[],
  files: Record<string, string>,
  opts: FindingsTextOptions = {},
): string {
  const snippet = snippetReader(files);
  const merged = mergeEnvironments(list).sort(compareItems);
  let out = '';
  for (const d of merged) {
    if (d.suppressed && !opts.suppressed) continue;
    const envs = environmentsOf(d);
    const by = d.suppressed
      ? ` (suppressed by ${d.suppressed.by}${d.suppressed.reason ? `: ${textLine(d.suppressed.reason)}` : ''})`
      : '';
    out += `${textLine(d.file || '<bundle>')}:${d.line}:${d.column}: ${d.severity} ${textLine(d.message)} [${ruleOf(d)}]${envs.length ? ` (${textLine(envs.join(', '))})` : ''}${by}\n`;
    if (opts.snippet !== false) out += snippet(d);
    const fix = d.fix?.description ?? d.hint;
    if (fix) out += `  fix: ${textLine(fix)}\n`;
    if (opts.fixYaml && d.fix?.yaml) out += textLines(d.fix.yaml.replace(/\n$/, '')).replace(/^/gm, '    ') + '\n';
  }
  // as shellcheck ends with "For more information:", one line per rule reported
  const pages = [...new Set(merged.filter((d) => !d.suppressed || opts.suppressed).map(ruleOf))].flatMap((id) => {
    const url = ruleById(id) && ruleDocUrl(id, opts.docsBase);
    return url ? [`  ${id}: ${url}\n`] : [];
  });
  if (pages.length) out += `For more information:\n${pages.join('')}`;
  if (opts.summary !== false) out += `${summarize(countBySeverity(merged))}\n`;
  return out;
}
