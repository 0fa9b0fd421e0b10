/**
 * compose-go's phrases for schema errors (schema/schema.go over santhosh-tekuri/jsonschema/v6's
 * error kinds), which validateSchema puts beside its own messages as composeMessage.
 */
import { goQuote } from '../compat/go.js';

/**
 * compose-go's schema/schema.go humanReadableType: one type as it is (object is "mapping"), several
 * sorted and joined with "or" (`integer or string`); the message says "a" before any of them.
 */
export function goTypeName(want: readonly string[]): string {
  const names = want.map((t) => (t === 'object' ? 'mapping' : t));
  if (names.length === 1) return names[0];
  names.sort();
  return `${names.slice(0, -1).join(', ')} or ${names[names.length - 1]}`;
}

/** jsonschema/v6's quote: Go's %q with single quotes (`'a\'b'`). */
export function goSingleQuote(v: string): string {
  const q = goQuote(v).slice(1, -1).replace(/\\"/g, '"').replace(/'/g, "\\'");
  return `'${q}'`;
}

/** jsonschema/v6's display of an enum or const value. */
export function goDisplay(v: unknown): string {
  if (typeof v === 'string') return goSingleQuote(v);
  if (v === null) return '<nil>';
  if (typeof v === 'object') return 'value';
  return String(v);
}

/** compose-go's path of an error: the instance location joined with dots ('' at the top level). */
export const goPath = (segs: readonly (string | number)[]): string => segs.join('.');

/**
 * The pair jsonschema/v6 reports for a list with equal items: the first item equal to an earlier
 * one, and the first of those earlier ones.
 */
export function goDuplicates(items: readonly unknown[]): [number, number] | undefined {
  const seen = new Map<string, number>();
  for (let i = 0; i < items.length; i++) {
    const key = canonicalJson(items[i]);
    const j = seen.get(key);
    if (j !== undefined) return [j, i];
    seen.set(key, i);
  }
  return undefined;
}

function canonicalJson(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(canonicalJson).join(',')}]`;
  if (typeof v === 'object' && v !== null)
    return `{${Object.keys(v)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonicalJson((v as Record<string, unknown>)[k])}`)
      .join(',')}}`;
  return JSON.stringify(v) ?? 'null';
}
