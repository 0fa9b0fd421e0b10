/**
 * How go-yaml (go.yaml.in/yaml/v4 v4.0.0-rc.4, compose-go's YAML library, default options: unicode,
 * no line width, QuoteLegacy) writes a string in block context, so that `config --format yaml`
 * reads back as the same model: representer.go stringv asks for a plain scalar when its resolver
 * would read the text back as a string (and it is no YAML 1.1 boolean, base-60 float or `<<`),
 * else double quotes, and a literal block for text with a line feed; emitter.go selectScalarStyle
 * then falls back on what analyzeScalar allows: single quotes where a plain scalar may not stand,
 * double quotes where single ones may not (escapes needed, a space next to a line break).
 */
import { resolvePlain } from '../yaml/resolve.js';

export type GoStyle = 'plain' | 'single' | 'double' | 'literal';

/** yamlprivate.go isPrintable, on code points (unicode on: any printable character is written as is). */
function printable(c: number): boolean {
  return (
    c === 0x0a || (c >= 0x20 && c <= 0x7e) || (c >= 0xa0 && c <= 0xd7ff) || (c >= 0xe000 && c <= 0xfffd && c !== 0xfeff)
  );
}

/**
 * The bidirectional controls and marks (src/escape.ts, "Trojan Source"): printable to go-yaml
 * (isPrintable, internal/libyaml/scanner.go:621-631), which writes them as they are in any style
 * (emitter.go:1400 analyzeScalar, 1869 writeDoubleQuotedScalar: escaped only with unicode off,
 * with every other character that is not ASCII). Here a string holding one is written
 * double-quoted, each of them as its `\uXXXX` escape (the form writeDoubleQuotedScalar gives it
 * with unicode off): the same string to a YAML reader, that cannot reorder what a terminal or a PR
 * shows of the document. The only departure from go-yaml's text; go-yaml's own escapes (ESC, the
 * C1 controls, U+2028 and U+2029) are its.
 */
const BIDI = /[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/;
const bidi = (c: number): boolean =>
  c === 0x061c || c === 0x200e || c === 0x200f || (c >= 0x202a && c <= 0x202e) || (c >= 0x2066 && c <= 0x2069);

const lineBreak = (c: number): boolean => c === 0x0d || c === 0x0a || c === 0x85 || c === 0x2028 || c === 0x2029;
const blank = (c: number | undefined): boolean => c === 0x20 || c === 0x09;

interface Analysis {
  multiline: boolean;
  blockPlain: boolean;
  singleQuoted: boolean;
  block: boolean;
}

/** emitter.go analyzeScalar (block context, so the flow-plain answer is not kept). */
function analyze(s: string): Analysis {
  if (s.length === 0) return { multiline: false, blockPlain: true, singleQuoted: true, block: false };
  const cps = Array.from(s, (ch) => ch.codePointAt(0)!);
  let blockIndicators = s.startsWith('---') || s.startsWith('...');
  let lineBreaks = false;
  let special = false;
  let tabs = false;
  let leadingSpace = false;
  let leadingBreak = false;
  let trailingSpace = false;
  let trailingBreak = false;
  let breakSpace = false;
  let spaceBreak = false;
  let precededByWhitespace = true;
  let previousSpace = false;
  let previousBreak = false;
  const n = cps.length;
  for (let i = 0; i < n; i++) {
    const c = cps[i];
    const followedByWhitespace = i + 1 >= n || blank(cps[i + 1]);
    const ch = String.fromCodePoint(c);
    if (i === 0) {
      if ('#,[]{}&*!|>\'"%@`'.includes(ch)) blockIndicators = true;
      else if ((ch === '?' || ch === ':' || ch === '-') && followedByWhitespace) blockIndicators = true;
    } else if ((ch === ':' && followedByWhitespace) || (ch === '#' && precededByWhitespace)) blockIndicators = true;
    if (c === 0x09) tabs = true;
    else if (!printable(c)) special = true;
    if (c === 0x20) {
      if (i === 0) leadingSpace = true;
      if (i === n - 1) trailingSpace = true;
      if (previousBreak) breakSpace = true;
      previousSpace = true;
      previousBreak = false;
    } else if (lineBreak(c)) {
      lineBreaks = true;
      if (i === 0) leadingBreak = true;
      if (i === n - 1) trailingBreak = true;
      if (previousSpace) spaceBreak = true;
      previousSpace = false;
      previousBreak = true;
    } else {
      previousSpace = false;
      previousBreak = false;
    }
    // isBlankOrZero
    precededByWhitespace = blank(c) || lineBreak(c) || c === 0;
  }
  let blockPlain = true;
  let singleQuoted = true;
  let block = true;
  if (leadingSpace || leadingBreak || trailingSpace || trailingBreak) blockPlain = false;
  if (trailingSpace) block = false;
  if (breakSpace) blockPlain = singleQuoted = false;
  if (spaceBreak || tabs || special) blockPlain = singleQuoted = false;
  if (spaceBreak || special) block = false;
  if (lineBreaks || blockIndicators) blockPlain = false;
  return { multiline: lineBreaks, blockPlain, singleQuoted, block };
}

/** go-yaml's isOldBool and isBase60Float: strings a YAML 1.1 reader would not read as strings. */
const OLD_BOOL = new Set([
  'y',
  'Y',
  'yes',
  'Yes',
  'YES',
  'on',
  'On',
  'ON',
  'n',
  'N',
  'no',
  'No',
  'NO',
  'off',
  'Off',
  'OFF',
]);
const BASE60_FLOAT = /^[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+(?:\.[0-9_]*)?$/;
/** unicode.IsSpace (node.go shouldUseLiteralStyle wants one character that is not) */
const NOT_GO_SPACE = /[^\t\n\v\f\r \u0085\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]/;

/**
 * go-yaml writes `s` as a simple key (emitter.go checkSimpleKey: not multiline, as analyzeScalar
 * finds line breaks, and at most 128 bytes), else in the `? key` form.
 */
export function goSimpleKey(s: string): boolean {
  // 128 bytes are at least 43 UTF-16 units (3 bytes the most one unit takes)
  return !(s.length > 42 && Buffer.byteLength(s) > 128) && !/[\r\n\u0085\u2028\u2029]/.test(s);
}

/** The style go-yaml writes the string `s` in, as a mapping key (`key`) or a value, in block context. */
export function goStringStyle(s: string, key: boolean): GoStyle {
  let style: GoStyle;
  if (s.includes('\n')) style = Buffer.byteLength(s) >= 2 && NOT_GO_SPACE.test(s) ? 'literal' : 'double';
  else
    style =
      resolvePlain(s).tag === 'str' && !OLD_BOOL.has(s) && !BASE60_FLOAT.test(s) && s !== '<<' ? 'plain' : 'double';
  const a = analyze(s);
  if (key && a.multiline) style = 'double';
  if (style === 'plain' && (!a.blockPlain || (s.length === 0 && key))) style = 'single';
  if (style === 'single' && !a.singleQuoted) style = 'double';
  if (style === 'literal' && (!a.block || key)) style = 'double';
  return BIDI.test(s) ? 'double' : style;
}

const ESCAPES: Record<number, string> = {
  0x00: '0',
  0x07: 'a',
  0x08: 'b',
  0x09: 't',
  0x0a: 'n',
  0x0b: 'v',
  0x0c: 'f',
  0x0d: 'r',
  0x1b: 'e',
  0x22: '"',
  0x5c: '\\',
  0x85: 'N',
  0xa0: '_',
  0x2028: 'L',
  0x2029: 'P',
};

/** emitter.go writeDoubleQuotedScalar, without line folding (no line width). */
export function goDoubleQuoted(s: string): string {
  let out = '"';
  for (const ch of s) {
    const c = ch.codePointAt(0)!;
    if (!printable(c) || c === 0xfeff || lineBreak(c) || c === 0x22 || c === 0x5c || bidi(c)) {
      const e = ESCAPES[c];
      if (e !== undefined) out += '\\' + e;
      else {
        const [x, w] = c <= 0xff ? ['x', 2] : c <= 0xffff ? ['u', 4] : ['U', 8];
        out += `\\${x}${c.toString(16).toUpperCase().padStart(w, '0')}`;
      }
    } else out += ch;
  }
  return out + '"';
}

/**
 * A string go-yaml would write with a line that the GitHub Actions runner takes as a workflow
 * command (src/escape-runner.ts): one holding `##[` in any style, or, but in double quotes (one
 * line after a key or a dash), a line that starts with `::` after blanks (a plain key, a line of a
 * literal block). Such a string is written double-quoted, its `[` as `\x5B` (`goDoubleQuotedSafe`):
 * the same string, read back.
 */
export const runnerUnsafe = (s: string): boolean => /##\[|(?:^|[\r\n])(?:[^\S\r\n]|\u0085)*::/.test(s);
export const goDoubleQuotedSafe = (s: string): string => goDoubleQuoted(s).replace(/##\[/g, '##\\x5B');

/**
 * emitter.go writeSingleQuotedScalar: `'` doubled. The only line breaks a single-quoted text can
 * hold are U+2028 and U+2029 (a line feed asks for a literal block or double quotes, other breaks
 * and a space beside a break are escaped in double quotes): each is written as it is, which
 * writeLineBreak counts as a new line, so the next character comes after writeIndent: the spaces
 * up to the emitter's indent (the key's column for a mapping value, the dash's for a sequence
 * item), or at indent 0 a line break first (column 0 equals the indent and no whitespace was written).
 */
export function goSingleQuoted(s: string, indent = 0): string {
  if (!/[\u2028\u2029]/.test(s)) return `'${s.replaceAll("'", "''")}'`;
  let out = "'";
  let breaks = false;
  for (const ch of s) {
    if (ch === '\u2028' || ch === '\u2029') {
      out += ch;
      breaks = true;
      continue;
    }
    if (breaks) out += indent === 0 ? '\n' : ' '.repeat(indent);
    breaks = false;
    out += ch === "'" ? "''" : ch;
  }
  return `${out}'`;
}
