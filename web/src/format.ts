/** How values, places and paths are written on the page. */
import type { Json, Location } from './types.js';

/** A scalar as `docker compose config` would print it in YAML: quoted only where plain text would mislead. */
export function scalarText(v: Json): string {
  if (v === null) return 'null';
  if (typeof v !== 'string') return String(v);
  const plain =
    v !== '' &&
    !/^[\s\-?:,[\]{}#&*!|>'"%@`]/.test(v) &&
    !/\s$/.test(v) &&
    !/: |\s#/.test(v) &&
    !/^(true|false|yes|no|on|off|null|~|[-+]?(\d[\d_]*(\.\d*)?|\.\d+)([eE][-+]?\d+)?|0x[0-9a-fA-F]+|0o[0-7]+)$/i.test(
      v,
    ) &&
    !v.includes('\n');
  return plain ? v : JSON.stringify(v);
}

/** A value of any shape on one line (diff cells): scalars as above, the rest as flow YAML. */
export function inlineText(v: Json | undefined): string {
  if (v === undefined) return '';
  if (Array.isArray(v)) return `[${v.map(inlineText).join(', ')}]`;
  if (v !== null && typeof v === 'object')
    return `{${Object.entries(v)
      .map(([k, x]) => `${k}: ${inlineText(x)}`)
      .join(', ')}}`;
  return scalarText(v);
}

export const place = (l: Pick<Location, 'file' | 'line'>): string => `${l.file}:${l.line}`;

/** The text a location covers in the user's own file (what a reveal may show: the browser holds it). */
export function sourceText(files: Record<string, string>, l: Location): string | undefined {
  const text = files[l.file];
  if (text === undefined) return undefined;
  const lines = text.split('\n');
  const endLine = l.endLine ?? l.line;
  if (endLine === l.line) {
    const line = lines[l.line - 1] ?? '';
    return line.slice(l.column - 1, l.endColumn !== undefined ? l.endColumn - 1 : undefined);
  }
  const parts = lines.slice(l.line - 1, endLine);
  parts[0] = parts[0]?.slice(l.column - 1) ?? '';
  if (l.endColumn !== undefined) parts[parts.length - 1] = parts[parts.length - 1].slice(0, l.endColumn - 1);
  return parts.join('\n');
}

/**
 * The value a location stands for, as the user's own file writes it: locations of mapping entries
 * point at the key (`DB_PASSWORD: x` -> the scalar after the colon), list entries of the `KEY=VALUE`
 * form at the whole item (-> what follows `=`); any other location at the value itself.
 */
export function heldValueText(files: Record<string, string>, l: Location): string | undefined {
  const text = sourceText(files, l);
  if (text === undefined || (l.endLine ?? l.line) !== l.line) return text;
  const line = files[l.file].split('\n')[l.line - 1] ?? '';
  const after = l.endColumn !== undefined ? line.slice(l.endColumn - 1) : '';
  const entry = /^\s*:(?:\s+(.*?))?\s*(?:\s#.*)?$/.exec(after);
  if (entry) return unquote(entry[1] ?? '');
  const pair = /^[A-Za-z_][A-Za-z0-9_.-]*=(.*)$/s.exec(unquote(text));
  return pair ? pair[1] : text;
}

function unquote(s: string): string {
  if (s.length >= 2 && s[0] === "'" && s.endsWith("'")) return s.slice(1, -1).replace(/''/g, "'");
  if (s.length >= 2 && s[0] === '"' && s.endsWith('"')) {
    try {
      return JSON.parse(s) as string;
    } catch {
      return s.slice(1, -1);
    }
  }
  return s;
}

/** The service a model path is about (`services.api.ports[0]` -> api). */
export function serviceOf(path: string): string | undefined {
  const m = /^services(?:\.([A-Za-z0-9_-]+)|\["((?:[^"\\]|\\.)*)"\])/.exec(path);
  if (!m) return undefined;
  return m[1] ?? (JSON.parse(`"${m[2]}"`) as string);
}

export const plural = (n: number, one: string, many = `${one}s`): string => `${n} ${n === 1 ? one : many}`;
