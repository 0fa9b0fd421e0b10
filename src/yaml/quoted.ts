/**
 * Double-quoted scalars holding a backslash, read as go-yaml's scanner reads them
 * (go.yaml.in/yaml/v4 internal/libyaml/scanner.go scanFlowScalar), where eemeli/yaml differs:
 * go-yaml refuses `\/` where yaml reads `/`, reads `\'` as `'` where yaml refuses it, and gives
 * its own marks to a code past U+10FFFF. The same folding serves plain and single-quoted scalars
 * holding an LS or PS (setSeparatedScalars).
 * StructureScan (src/yaml/scan.ts) hands each such token here; the value replaces yaml's before
 * the walk, the problem replaces yaml's BAD_DQ_ESCAPE errors.
 */
import { isScalar, visit } from 'yaml';
import type { Document } from 'yaml';
import { goFolded } from './folded.js';

/** go-yaml's refusal of an escape, at string indexes of the token's source. */
export interface EscapeProblem {
  /** the opening quote */
  start: number;
  /** the backslash */
  index: number;
  /** go-yaml's problem mark (after `\u` for a code, the backslash for an unknown escape) */
  mark: number;
  problem: string;
  /** the escape as written, as yaml's message shows it */
  raw: string;
}

/** go-yaml's single-character escapes (scanner.go scanFlowScalar's switch). */
export const ESCAPES: Readonly<Record<string, string>> = {
  '0': '\0',
  a: '\x07',
  b: '\b',
  t: '\t',
  '\t': '\t',
  n: '\n',
  v: '\v',
  f: '\f',
  r: '\r',
  e: '\x1b',
  ' ': ' ',
  '"': '"',
  "'": "'",
  '\\': '\\',
  N: '\u0085',
  _: '\u00a0',
  L: '\u2028',
  P: '\u2029',
};
const CODE_LENGTH: Record<string, number> = { x: 2, u: 4, U: 8 };

/** go-yaml's line breaks (scanner.go isLineBreak): CR, LF, NEL, LS, PS. */
const isBreak = (c: string | undefined): boolean =>
  c === '\n' || c === '\r' || c === '\u0085' || c === '\u2028' || c === '\u2029';
const isBlank = (c: string | undefined): boolean => c === ' ' || c === '\t';

/**
 * The value of a double-quoted scalar's source (quotes included), or go-yaml's problem with it;
 * undefined for a source without its closing quote (yaml's error).
 */
export function goDoubleQuoted(source: string): string | EscapeProblem | undefined {
  const end = source.length - 1;
  if (end < 1 || source[end] !== '"') return undefined;
  return goScalar(source, 1, end, DOUBLE);
}

const DOUBLE = 0;
const SINGLE = 1;
const PLAIN = 2;

/**
 * The value of the scalar written in source[i, end) (inside its quotes), read as go-yaml's scanner
 * reads its style (scanFlowScalar, scanPlainScalar): the same folding for all three, escapes for
 * double quotes, `''` for single quotes.
 */
function goScalar(source: string, i: number, end: number, style: number): string | EscapeProblem {
  let s = '';
  for (;;) {
    let leadingBlanks = false;
    while (i < end && !isBlank(source[i]) && !isBreak(source[i])) {
      if (style === SINGLE && source[i] === "'") {
        s += "'";
        i += 2;
        continue;
      }
      if (style !== DOUBLE || source[i] !== '\\') {
        s += source[i++];
        continue;
      }
      const next = source[i + 1];
      if (isBreak(next)) {
        // an escaped line break: nothing of it, nor of the next line's indentation
        i += source.startsWith('\r\n', i + 1) ? 3 : 2;
        leadingBlanks = true;
        break;
      }
      const one = ESCAPES[next];
      if (one !== undefined) {
        s += one;
        i += 2;
        continue;
      }
      const length = CODE_LENGTH[next];
      if (length === undefined)
        return { start: 0, index: i, mark: i, problem: 'found unknown escape character', raw: source.substr(i, 2) };
      const digits = source.substr(i + 2, length);
      const raw = source.substr(i, length + 2);
      if (!/^[0-9a-fA-F]*$/.test(digits) || digits.length < length)
        return { start: 0, index: i, mark: i + 2, problem: 'did not find expected hexadecimal number', raw };
      const value = parseInt(digits, 16);
      // a lone surrogate's code too (scanner.go: `value >= 0xD800 && value <= 0xDFFF || value > 0x10FFFF`)
      if ((value >= 0xd800 && value <= 0xdfff) || value > 0x10ffff)
        return { start: 0, index: i, mark: i + 2, problem: 'found invalid Unicode character escape code', raw };
      s += String.fromCodePoint(value);
      i += length + 2;
    }
    if (i >= end) return s;
    // blanks and line breaks: a first break folds to a space, or to the breaks after it; an LS or
    // PS is kept as written (scanner.go readLine)
    let whitespaces = '';
    let leadingBreak = '';
    let trailingBreaks = '';
    while (i < end && (isBlank(source[i]) || isBreak(source[i]))) {
      if (isBlank(source[i])) {
        if (!leadingBlanks) whitespaces += source[i];
        i++;
        continue;
      }
      const c = source[i];
      const br = c === '\u2028' || c === '\u2029' ? c : '\n';
      i += source.startsWith('\r\n', i) ? 2 : 1;
      if (!leadingBlanks) {
        whitespaces = '';
        leadingBreak = br;
        leadingBlanks = true;
      } else trailingBreaks += br;
    }
    // a plain scalar ends at its last character: no blanks after it
    if (i >= end && style === PLAIN) return s;
    if (!leadingBlanks) s += whitespaces;
    else if (leadingBreak === '\n') s += trailingBreaks === '' ? ' ' : trailingBreaks;
    else s += leadingBreak + trailingBreaks;
  }
}

/**
 * Sets, on each plain or quoted scalar of `doc` holding an LS or PS (`separators`: their offsets,
 * ascending), the value go-yaml reads from `text` as written: to its scanner they are line breaks
 * (isLineBreak), kept in the value as written and not folded to a space (readLine "LS|PS . LS|PS");
 * yaml read them as LF (parse.ts goLineBreaks). One visit of a document that holds one; a folded
 * block scalar is read again by folded.ts.
 */
export function setSeparatedScalars(doc: Document.Parsed, text: string, separators: number[]): void {
  const [from, to] = [doc.range[0], doc.range[2]];
  const first = lowerBound(separators, from);
  if (first >= separators.length || separators[first] >= to || !doc.contents) return;
  visit(doc, {
    Scalar(_key, node) {
      if (!isScalar(node) || !node.range) return;
      const [start, end] = node.range;
      const k = lowerBound(separators, start);
      if (k >= separators.length || separators[k] >= end) return;
      const v =
        node.type === 'QUOTE_DOUBLE'
          ? goDoubleQuoted(text.slice(start, end))
          : node.type === 'QUOTE_SINGLE'
            ? goScalar(text, start + 1, end - 1, SINGLE)
            : node.type === 'PLAIN'
              ? goScalar(text, start, end, PLAIN)
              : node.type === 'BLOCK_LITERAL' && typeof node.value === 'string'
                ? literalBreaks(text, start, end, node.value)
                : node.type === 'BLOCK_FOLDED' && typeof node.value === 'string'
                  ? goFolded(text, start, node.value)
                  : undefined;
      if (typeof v === 'string') node.value = node.source = v;
    },
  });
}

/**
 * A literal block scalar's value with its line breaks as written: each LF of yaml's value is a
 * break of the text after the header's line, in order (scanner.go scanBlockScalar keeps each break
 * as readLine reads it, the last one too unless stripped), an LS or PS kept as itself.
 */
function literalBreaks(text: string, start: number, end: number, value: string): string {
  const breaks: string[] = [];
  let header = true;
  for (let i = start; i < end; i++) {
    const c = text[i];
    if (!isBreak(c)) continue;
    if (c === '\r' && text[i + 1] === '\n') i++;
    if (header) header = false;
    else breaks.push(c === '\u2028' || c === '\u2029' ? c : '\n');
  }
  let k = 0;
  return value.replace(/\n/g, () => breaks[k++] ?? '\n');
}

/** The index of the first of the ascending `a` not below `x`. */
function lowerBound(a: number[], x: number): number {
  let lo = 0;
  let hi = a.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (a[mid] < x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * Sets go-yaml's value on the double-quoted scalars of `doc` that `values` holds (by the offset of
 * the token), in place of yaml's. One visit of the document, only for a document that has one.
 */
export function setGoQuoted(doc: Document.Parsed, values: Map<number, string>): void {
  if (values.size === 0 || !doc.contents) return;
  const [from, to] = [doc.range[0], doc.range[2]];
  visit(doc, {
    Scalar(_key, node) {
      const at = node.range?.[0];
      if (!isScalar(node) || node.type !== 'QUOTE_DOUBLE' || at === undefined || at < from || at >= to) return;
      const v = values.get(at);
      if (v !== undefined) node.value = node.source = v;
    },
  });
}
