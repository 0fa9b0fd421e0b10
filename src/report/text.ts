/** actionlint-style text: `file:line:col: severity message [code]`, the source line and a caret. */
import type { Diagnostic } from '../diagnostics.js';

export function formatText(list: Diagnostic[], files: Record<string, string>, opts: { snippet?: boolean } = {}): string {
  const lines = new Map<string, string[]>();
  const lineOf = (file: string, n: number): string | undefined => {
    if (!lines.has(file)) {
      const text = Object.hasOwn(files, file) || file in files ? files[file] : undefined;
      lines.set(file, typeof text === 'string' ? text.split(/\r?\n/) : []);
    }
    return lines.get(file)![n - 1];
  };
  let out = '';
  for (const d of list) {
    out += `${d.file || '<bundle>'}:${d.line}:${d.column}: ${d.severity} ${d.message} [${d.code}]\n`;
    if (d.hint) out += `  hint: ${d.hint}\n`;
    if (opts.snippet === false) continue;
    const src = d.file ? lineOf(d.file, d.line) : undefined;
    if (src !== undefined && src.trim() !== '') {
      const width = d.endLine === d.line && d.endColumn && d.endColumn > d.column ? d.endColumn - d.column : 1;
      out += `  ${src.replace(/\t/g, ' ')}\n  ${' '.repeat(Math.max(0, d.column - 1))}${'^'.repeat(Math.min(width, 80))}\n`;
    }
  }
  return out;
}
