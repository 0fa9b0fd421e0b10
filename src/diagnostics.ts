import { jsonQuote } from './utf8.js';

export { jsonQuote };

/** One place in one file of the bundle. Lines and columns are 1-based. */
export interface Location {
  file: string;
  line: number;
  column: number;
  endLine?: number;
  endColumn?: number;
}

/**
 * What ends a line a Location counts: LF, CRLF, and the lone CR and NEL that go-yaml's scanner takes
 * as line breaks too (src/yaml/parse.ts goLineBreaks). For an env file, where dotenv counts LF only,
 * a lone CR or NEL would shift the lines after it: such a file has not been seen.
 */
export const LINE_BREAK = /\r\n|[\r\n\u0085]/;

export type Severity = 'error' | 'warning' | 'info';

/**
 * The one error/finding type of the whole project: validation errors, load errors and audit
 * findings all are Diagnostics. `path` is the model path (`services.api.ports[0]`), '' for the file.
 */
export interface Diagnostic extends Location {
  code: string;
  severity: Severity;
  message: string;
  path: string;
  hint?: string;
  /**
   * compose-go's own message for the same problem, as `docker compose config` prints it after the
   * file it names (`validating compose.yaml: ...`): so that a user, or an error vector of compose-go's
   * tests, finds Compose's phrase. Absent where compose-go has no such error (our budgets, audit
   * findings, warnings of our own).
   */
  composeMessage?: string;
}

/**
 * Line and column as one key of a Map: a small integer below line 2^19 and column 2^12 (a Smi, where
 * a key past 2^31 was a heap number allocated for each of 100,000 findings), a string past that.
 */
export const lineColumn = (loc: Location): number | string =>
  loc.line < 2 ** 19 && loc.column < 2 ** 12 ? loc.line * 2 ** 12 + loc.column : `${loc.line}:${loc.column}`;

export const SEVERITY_RANK: Record<Severity, number> = { info: 0, warning: 1, error: 2 };

/** Whether a segment is written bare (`/^[A-Za-z0-9_-]+$/`, tested without a regex: once per segment of every finding). */
function isName(s: string): boolean {
  if (s.length === 0) return false;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    // 0-9, A-Z, a-z, _ and -
    if (!((c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95 || c === 45)) return false;
  }
  return true;
}

/** Formats model path segments as `services.api.ports[0]`. */
export function formatPath(segments: readonly (string | number)[]): string {
  // joined, not built with `+=`: that leaves a tree of V8 cons strings, 300 bytes for a path of six
  // segments where the flat string takes 70, and a large project keeps one per finding
  const parts: string[] = [];
  for (const s of segments) {
    if (typeof s === 'number') parts.push(`[${s}]`);
    else if (isName(s)) parts.push(parts.length === 0 ? s : `.${s}`);
    else parts.push(`[${jsonQuote(s)}]`);
  }
  return parts.join('');
}

/** The segments of a path `formatPath` wrote (`services.api.ports[0]` -> ['services', 'api', 'ports', 0]). */
export function parsePath(path: string): (string | number)[] {
  const out: (string | number)[] = [];
  for (const m of path.matchAll(/(?:^|\.)([A-Za-z0-9_-]+)|\[(\d+)\]|\[("(?:[^"\\]|\\.)*")\]/g))
    out.push(m[1] ?? (m[2] !== undefined ? Number(m[2]) : String(JSON.parse(m[3]))));
  return out;
}

export function diagnostic(
  code: string,
  severity: Severity,
  message: string,
  where: Location | undefined,
  path: string,
  hint?: string,
  composeMessage?: string,
): Diagnostic {
  const loc = where ?? { file: '', line: 1, column: 1 };
  // taken as they are: a value quoted as JSON has its lone surrogates (bytes that are not UTF-8) as
  // `\ufffd` already, made where it was quoted (src/utf8.ts jsonQuote); a `\udcff` here is text the
  // file wrote (`Invalid escape sequence \udcff`), quoted as written
  const d: Diagnostic = { code, severity, message, file: loc.file, line: loc.line, column: loc.column, path };
  if (loc.endLine !== undefined) d.endLine = loc.endLine;
  if (loc.endColumn !== undefined) d.endColumn = loc.endColumn;
  if (hint !== undefined) d.hint = hint;
  if (composeMessage !== undefined) d.composeMessage = composeMessage;
  return d;
}

export function sortDiagnostics<T extends Diagnostic>(list: T[]): T[] {
  return list.sort((a, b) =>
    a.file < b.file
      ? -1
      : a.file > b.file
        ? 1
        : a.line - b.line || a.column - b.column || (a.code < b.code ? -1 : a.code > b.code ? 1 : 0),
  );
}

/** `failOn` / `--fail-on`: the lowest severity that fails a check, or `none`. */
export type FailOn = Severity | 'none';

/** The active (not suppressed) items at `failOn` or above. */
export function atThreshold<T extends Diagnostic & { suppressed?: unknown }>(list: readonly T[], failOn: FailOn): T[] {
  if (failOn === 'none') return [];
  return list.filter((d) => !d.suppressed && SEVERITY_RANK[d.severity] >= SEVERITY_RANK[failOn]);
}

/** Whether an active finding is at `failOn` or above. */
export function exceedsThreshold(list: readonly (Diagnostic & { suppressed?: unknown })[], failOn: FailOn): boolean {
  return atThreshold(list, failOn).length > 0;
}

/**
 * A piece of a bundle value that a message quotes (`part`, as the message writes it: go-units
 * lower-cases a size's suffix) and the whole value it was cut from (`of`): strconv's `parsing "1Pa55"`
 * of the size `1Pa55word!x9Q`, go-units' `invalid suffix: 'Secret!Value'`, time's `unknown unit "Pa"`.
 * No masking by value finds such a piece of a secret, so where it overlaps a secret of `of` the
 * piece is masked whole, wherever it is shown (src/redact/collector.ts Collector.masker).
 */
export interface QuotedPart {
  readonly part: string;
  readonly of: string;
}

/** the pieces an error or a diagnostic quotes (by identity: neither the errors nor the answers carry them) */
const QUOTED = new WeakMap<object, readonly QuotedPart[]>();

/** `x` (an error, a Diagnostic), recorded as quoting `parts` too; `x` itself. */
export function quoting<T extends object>(x: T, parts: readonly QuotedPart[] | undefined): T {
  if (!parts?.length) return x;
  const had = QUOTED.get(x);
  QUOTED.set(x, had ? [...had, ...parts] : parts);
  return x;
}

/** The pieces of values `x` (an error, a Diagnostic) quotes, recorded by `quoting`; none for most. */
export function quotedParts(x: unknown): readonly QuotedPart[] {
  return (typeof x === 'object' && x !== null && QUOTED.get(x)) || [];
}
