/**
 * A YAML scalar's value as YAML reads it, with where each of its characters was written: a value
 * written with escapes (`"s3\x63r3t"`, `"\u0065"`, `"\N"`), with doubled quotes (`'it''s'`) or over
 * several lines (folded, or joined by an escaped line break) shows in a source line in a form no
 * masking by value finds; reading it with its positions tells which characters of the line are a
 * secret's (src/redact/source.ts). Linear in the scalar: each source character is read once (a run
 * of spaces twice: to see whether a line break ends it).
 */
import { DOTENV_ESCAPES } from '../interpolate/dotenv.js';
import { ESCAPES as GO_ESCAPES } from '../yaml/quoted.js';

/**
 * A scalar's value and, for its `k`th code unit, the source range `[from[k], to[k])` that wrote it
 * (offsets in the scalar's source); without `from`, the value is written as it is from `shift` on
 * (most scalars: no escape, no fold, one array fewer per character).
 */
export interface Decoded {
  value: string;
  from?: number[];
  to?: number[];
  shift?: number;
}

/** Where decoded characters `[a, b)` of `d` were written: `[start, end)` in its source. */
export function sourceOf(d: Decoded, a: number, b: number): [number, number] {
  return d.from && d.to ? [d.from[a], d.to[b - 1]] : [a + (d.shift ?? 0), b + (d.shift ?? 0)];
}

/** a flow scalar that YAML reads as written (between its quotes): no escape, doubled quote or line break */
const AS_WRITTEN: Record<string, RegExp> = { '"': /^[^\\\n\r]*$/, "'": /^[^'\n\r]*$/, '': /^[^\n\r]*$/ };

// the escapes as the file was decoded (go-yaml's: `\'` an apostrophe), and `\/` (YAML 1.2's), which
// go-yaml refuses: such a file is not loaded, and its text is still read leniently for secrets
const ESCAPES: Readonly<Record<string, string>> = { ...GO_ESCAPES, '/': '/' };
const HEX_DIGITS: Record<string, number> = { x: 2, u: 4, U: 8 };
const HEX = /^[0-9a-fA-F]+$/;

const isBreak = (c: string | undefined): boolean => c === '\n' || c === '\r';
const isBlank = (c: string | undefined): boolean => c === ' ' || c === '\t';

class Builder {
  value = '';
  readonly from: number[] = [];
  readonly to: number[] = [];
  put(s: string, from: number, to: number): void {
    this.value += s;
    for (let k = 0; k < s.length; k++) {
      this.from.push(from);
      this.to.push(to);
    }
  }
  done(): Decoded {
    return { value: this.value, from: this.from, to: this.to };
  }
}

/** After a line break at `i`: past it and every blank or empty line after it; how many breaks were passed. */
function skipBreaks(s: string, i: number, end: number): { i: number; breaks: number } {
  let breaks = 0;
  while (i < end && isBreak(s[i])) {
    i += s[i] === '\r' && s[i + 1] === '\n' ? 2 : 1;
    breaks++;
    while (i < end && isBlank(s[i])) i++;
  }
  return { i, breaks };
}

/**
 * A flow scalar's value: `quote` `"` (escapes), `'` (`''` is a quote) or '' (plain), the source
 * `s` with its quotes. Line folding as YAML's: a line break and the blanks around it are one space,
 * n line breaks n - 1 newlines; in double quotes an escaped line break joins the lines.
 */
export function decodeFlow(s: string, quote: '"' | "'" | ''): Decoded {
  const start = quote ? 1 : 0;
  const end = quote && s.length > 1 && s[s.length - 1] === quote ? s.length - 1 : s.length;
  const inner = s.slice(start, end);
  if (AS_WRITTEN[quote].test(inner)) return { value: inner, shift: start };
  const out = new Builder();
  let i = start;
  while (i < end) {
    const c = s[i];
    if (isBlank(c)) {
      let j = i;
      while (j < end && isBlank(s[j])) j++;
      if (j < end && isBreak(s[j]))
        i = j; // blanks before a line break are folded away with it
      else for (; i < j; i++) out.put(s[i], i, i + 1);
      continue;
    }
    if (isBreak(c)) {
      const f = skipBreaks(s, i, end);
      out.put(f.breaks === 1 ? ' ' : '\n'.repeat(f.breaks - 1), i, f.i);
      i = f.i;
      continue;
    }
    if (quote === "'" && c === "'" && s[i + 1] === "'") {
      out.put("'", i, i + 2);
      i += 2;
      continue;
    }
    if (quote === '"' && c === '\\' && i + 1 < end) {
      const e = s[i + 1];
      if (isBreak(e)) {
        // an escaped line break: the lines joined, the next one's leading blanks dropped
        let j = i + 1 + (e === '\r' && s[i + 2] === '\n' ? 2 : 1);
        while (j < end && isBlank(s[j])) j++;
        i = j;
        continue;
      }
      const digits = HEX_DIGITS[e];
      if (digits !== undefined) {
        const hex = s.slice(i + 2, i + 2 + digits);
        if (hex.length === digits && HEX.test(hex)) {
          const code = parseInt(hex, 16);
          out.put(code <= 0x10ffff ? String.fromCodePoint(code) : s.slice(i, i + 2 + digits), i, i + 2 + digits);
          i += 2 + digits;
          continue;
        }
      } else if (Object.hasOwn(ESCAPES, e)) {
        out.put(ESCAPES[e], i, i + 2);
        i += 2;
        continue;
      }
      // not an escape YAML knows (the parser reported it): kept as written
      out.put(s.slice(i, i + 2), i, i + 2);
      i += 2;
      continue;
    }
    out.put(c, i, i + 1);
    i++;
  }
  return out.done();
}

/**
 * A block scalar's body (after its header line) as YAML reads it (YAML 1.2 8.1): the indentation
 * (the header's indicator, else the first line with text's) taken off; a line of no more blanks
 * than that is empty (a line break of the value), leading ones included; a line of more blanks is
 * text, its blanks past the indentation kept; the lines joined by newlines, or for a folded (`>`)
 * scalar by a space where two lines of text meet and neither is more indented, n line breaks
 * between them then n - 1. The trailing line breaks are dropped (whatever the chomping): only where
 * the characters of the value come from matters here, not its last newline. test/redact-tokens.test.ts
 * compares it with yaml's parse of the same scalar.
 */
export function decodeBlock(s: string, header: string): Decoded {
  const out = new Builder();
  const folded = header.startsWith('>');
  const m = /[1-9]/.exec(header);
  let indent = -1; // the first line with text's
  const lines: [number, number][] = [];
  for (let i = 0; i < s.length;) {
    let e = i;
    while (e < s.length && !isBreak(s[e])) e++;
    lines.push([i, e]);
    if (indent < 0) {
      let t = i;
      while (t < e && s[t] === ' ') t++;
      if (t < e) indent = t - i;
    }
    i = e + (s[e] === '\r' && s[e + 1] === '\n' ? 2 : e < s.length ? 1 : 0);
    if (e === s.length) break;
  }
  // no line with text: an empty value (yaml's reading, blank lines past an indicator's indentation too)
  if (indent < 0) return out.done();
  if (m) indent = Number(m[0]);
  let pending = 0; // line breaks seen since the last line of text
  let text = false; // a line of text was read
  let lastMore = false;
  for (const [a, b] of lines) {
    let t = a;
    while (t < b && s[t] === ' ') t++;
    // no text and no blank past the indentation: an empty line
    if (t === b && b - a <= indent) {
      pending++;
      continue;
    }
    const from = Math.min(a + indent, t);
    const more = isBlank(s[from]);
    // folded: lines of text at the scalar's indentation meet at a space, or at n - 1 of n breaks
    const join = !text
      ? '\n'.repeat(pending)
      : !folded || more || lastMore
        ? '\n'.repeat(pending + 1)
        : pending === 0
          ? ' '
          : '\n'.repeat(pending);
    out.put(join, from, from);
    text = true;
    pending = 0;
    lastMore = more;
    for (let k = from; k < b; k++) out.put(s[k], k, k + 1);
  }
  return out.done();
}

/**
 * An env file's quoted value from its opening quote at `start` of `s` to its closing one (or the
 * end), as compose-go's dotenv reads it (dotenv/parser.go extractVarValue): a backslash before the
 * quote escapes it; in double quotes `\n`, `\t`, `\\`, `\$`... and `\0ddd` (octal, up to `\0377`) are
 * expanded, and another backslash is kept as written (`\0777` too: UnquoteChar refuses it). Offsets in `s`; `end`: past the closing quote.
 */
export function decodeEnvQuoted(s: string, start: number): Decoded & { end: number } {
  const out = new Builder();
  const quote = s[start];
  let i = start + 1;
  while (i < s.length && s[i] !== quote) {
    const c = s[i];
    const e = s[i + 1];
    if (c !== '\\' || e === undefined) {
      out.put(c, i, i + 1);
      i++;
    } else if (e === quote) {
      out.put(quote, i, i + 2);
      i += 2;
    } else if (quote === '"' && (e === '$' || Object.hasOwn(DOTENV_ESCAPES, e))) {
      // `\$` is a `$` in the value as it is used (dotenv keeps it as `$$` until interpolation)
      out.put(e === '$' ? '$' : DOTENV_ESCAPES[e], i, i + 2);
      i += 2;
    } else if (quote === '"' && e === '0' && octalByte(s.slice(i + 2, i + 5))) {
      out.put(String.fromCharCode(parseInt(s.slice(i + 2, i + 5), 8)), i, i + 5);
      i += 5;
    } else {
      out.put(c + e, i, i + 2);
      i += 2;
    }
  }
  return { ...out.done(), end: Math.min(i + 1, s.length) };
}

/** Three octal digits of a byte (`\0377` at most): what Go's strconv.UnquoteChar reads of `\ddd`, others stay as written. */
function octalByte(d: string): boolean {
  return /^[0-7]{3}$/.test(d) && parseInt(d, 8) <= 255;
}
