/**
 * reviewdog's Diagnostic Format (rdjson, `reviewdog -f=rdjson`): `{source, diagnostics: [{message,
 * location: {path, range}, severity, code}]}`, valid against reviewdog's JSON schema
 * (test/formats.test.ts). Columns are counted in UTF-8 bytes there, as reviewdog reads them; an end
 * is exclusive, as ours are. reviewdog posts the message as markdown (a pull request review
 * comment), so it is escaped for markdown (src/report/escape.ts mdProse): no bundle string becomes
 * a link, an image, a mention or HTML in the comment. Suppressed findings are left out.
 */
import { LINE_BREAK, type Severity } from '../diagnostics.js';
import type { ReportItem } from './findings.js';
import { compareItems, environmentsOf, mergeEnvironments, ruleOf } from './findings.js';
import { mdProse } from './escape.js';
import { memberValues } from '../redact/markup.js';

const SEVERITY: Record<Severity, 'ERROR' | 'WARNING' | 'INFO'> = { error: 'ERROR', warning: 'WARNING', info: 'INFO' };
memberValues(['severity'], Object.values(SEVERITY)); // ours in the rendered report (src/redact/markup.ts)

interface Position {
  line: number;
  column: number;
}

export function formatRdjson(
  list: readonly ReportItem[],
  files: Record<string, string>,
  opts: { fallbackFile?: string } = {},
): string {
  const items = mergeEnvironments(list)
    .filter((d) => !d.suppressed)
    .sort(compareItems);
  const fallback = opts.fallbackFile ?? items.find((d) => d.file)?.file ?? 'compose.yaml';
  const lines = new Map<string, string[]>();
  /** a 1-based column in UTF-16 units as reviewdog's 1-based column in UTF-8 bytes of that line */
  const byteColumn = (file: string, line: number, column: number): number => {
    if (!lines.has(file)) {
      const text = Object.hasOwn(files, file) || file in files ? files[file] : undefined;
      lines.set(file, typeof text === 'string' ? text.split(LINE_BREAK) : []);
    }
    const src = lines.get(file)![line - 1];
    return src === undefined ? column : Buffer.byteLength(src.slice(0, Math.max(0, column - 1)), 'utf8') + 1;
  };
  const diagnostics = items.map((d) => {
    const path = d.file || fallback;
    const start: Position = { line: d.line, column: d.file ? byteColumn(path, d.line, d.column) : d.column };
    const range: { start: Position; end?: Position } = { start };
    if (d.file && d.endLine !== undefined && d.endColumn !== undefined)
      range.end = { line: d.endLine, column: byteColumn(path, d.endLine, d.endColumn) };
    const envs = environmentsOf(d);
    const fix = d.fix?.description ?? d.hint;
    return {
      message: mdProse(`${d.message}${envs.length ? ` (${envs.join(', ')})` : ''}${fix ? ` — fix: ${fix}` : ''}`),
      location: { path, range },
      severity: SEVERITY[d.severity],
      code: { value: ruleOf(d) },
    };
  });
  return JSON.stringify({ source: { name: 'compose-review' }, diagnostics }, null, 2) + '\n';
}
