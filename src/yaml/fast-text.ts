/**
 * The text under the fast reader (src/yaml/fast.ts): lines and their starts, locations as yaml's
 * LineCounter gives them, and the scalars of one line (plain, quoted) and comments.
 */
import type { Location } from '../diagnostics.js';
import { goDoubleQuoted } from './quoted.js';
import { attachLocs, isObject, Locs, locsOf, type Tree, type TreeObject } from './located.js';

/** The text leaves the shape the fast reader reads: it goes the whole way. */
export class Fallback extends Error {}
/** thrown wherever that happens: one instance, made once (no stack captured per file) */
export const FALLBACK = new Fallback('not the fast path');

export const NL = 10;
export const SPACE = 32;
export const HASH = 35;
export const COLON = 58;
export const DASH = 45;
export const AMP = 38;
export const STAR = 42;
/** the characters of an anchor's name read here (YAML allows more: the whole way reads those) */
export const NAME = /[A-Za-z0-9_.-]/;

/** The indicators a plain scalar may not start with: ? : , [ ] { } # & * ! | > ' " % @ ` */
const INDICATOR = new Uint8Array(128);
for (const c of '?:,[]{}#&*!|>\'"%@`') INDICATOR[c.charCodeAt(0)] = 1;

/** A character that may start a plain scalar here (`-` when no space follows; other indicators are read elsewhere or not at all). */
export function plainStart(c: number, next: number): boolean {
  if (c === DASH) return next !== SPACE && next !== NL && next === next; // `-x`, not `- ` (NaN at the end)
  return !(c < 128 && INDICATOR[c] === 1);
}

/** A character of the text this reader leaves to the whole way: controls, tabs, CR, DEL to C1, BOM, line separators. */
export function odd(c: number): boolean {
  return (c < SPACE && c !== NL) || (c >= 0x7f && c <= 0x9f) || c === 0xfeff || c === 0x2028 || c === 0x2029;
}

/** The text being read, the offset reached, and the start of every line passed. */
export class LineText {
  protected pos = 0;
  protected readonly n: number;
  /** offset of each line's start (as yaml's LineCounter has them) */
  protected readonly lineStarts: number[] = [0];
  /** yaml's node end (range[2]) of the last value read */
  protected end = 0;

  constructor(
    protected readonly text: string,
    protected readonly file: string,
  ) {
    this.n = text.length;
  }

  protected at(offset: number, end = offset): Location {
    const line = this.lineOf(offset);
    const column = offset - this.lineStarts[line - 1] + 1;
    if (end <= offset) return { file: this.file, line, column };
    const endLine = this.lineOf(end);
    return { file: this.file, line, column, endLine, endColumn: end - this.lineStarts[endLine - 1] + 1 };
  }

  /** The location of `start`..`end` on the line being read. */
  protected here(start: number, end: number): Location {
    const line = this.lineStarts.length;
    const s = this.lineStarts[line - 1];
    if (end <= start) return { file: this.file, line, column: start - s + 1 };
    return { file: this.file, line, column: start - s + 1, endLine: line, endColumn: end - s + 1 };
  }

  protected lineOf(offset: number): number {
    const starts = this.lineStarts;
    let low = 0;
    let high = starts.length;
    while (low < high) {
      const mid = (low + high) >> 1;
      if (starts[mid] < offset) low = mid + 1;
      else high = mid;
    }
    return starts[low] === offset ? low + 1 : low;
  }

  protected newline(next: number): void {
    this.lineStarts.push(next);
    this.pos = next;
  }

  /** A comment from this.pos to the end of its line (this.pos left on the newline or the end). */
  protected comment(): void {
    const t = this.text;
    const nl = t.indexOf('\n', this.pos);
    const e = nl < 0 ? this.n : nl;
    for (let j = this.pos; j < e; j++) if (odd(t.charCodeAt(j))) throw FALLBACK;
    this.pos = e;
  }

  /**
   * A plain scalar from this.pos on its line; returns where it ends (trailing spaces not in it),
   * and leaves this.pos there or on the `:` that ends it as a key. In a flow collection (`flow`),
   * `,` `[` `]` `{` `}` end it, and a `:` or `#` in it is left to the whole way.
   */
  protected plain(flow: boolean): number {
    const t = this.text;
    let i = this.pos;
    let end = i;
    for (; i < this.n; i++) {
      const c = t.charCodeAt(i);
      if (c === NL) break;
      if (c === SPACE) continue;
      if (odd(c)) throw FALLBACK;
      if (c === COLON) {
        const d = t.charCodeAt(i + 1);
        if (d === SPACE || d === NL || i + 1 >= this.n) break;
        if (flow) throw FALLBACK;
      } else if (c === HASH) {
        if (flow) throw FALLBACK;
        if (t.charCodeAt(i - 1) === SPACE) break;
      } else if (flow && (c === 44 || c === 91 || c === 93 || c === 123 || c === 125)) break;
      end = i + 1;
    }
    this.pos = c0(t, i, end);
    return end;
  }

  /**
   * A single-line quoted scalar at this.pos; this.pos after its closing quote. A double-quoted one
   * with escapes is go-yaml's value of it (src/yaml/quoted.ts), as the whole way sets it.
   */
  protected quoted(q: number): string {
    const t = this.text;
    let i = this.pos + 1;
    let out = '';
    let from = i;
    let escapes = false;
    for (;;) {
      const c = t.charCodeAt(i);
      if (i >= this.n || c === NL || odd(c)) throw FALLBACK;
      if (q === 34 && c === 92) {
        // the escaped character, on this line
        const e = t.charCodeAt(i + 1);
        if (i + 1 >= this.n || e === NL || odd(e)) throw FALLBACK;
        escapes = true;
        i += 2;
        continue;
      }
      if (c === q) {
        if (escapes) {
          const v = goDoubleQuoted(t.slice(this.pos, i + 1));
          if (typeof v !== 'string') throw FALLBACK;
          this.pos = i + 1;
          return v;
        }
        if (q === 39 && t.charCodeAt(i + 1) === 39) {
          out += t.slice(from, i + 1);
          i += 2;
          from = i;
          continue;
        }
        break;
      }
      i++;
    }
    out += t.slice(from, i);
    this.pos = i + 1;
    return out;
  }

  /** An anchor's or alias's name after its `&` or `*` at this.pos (this.pos after it). */
  protected name(): string {
    const t = this.text;
    const from = ++this.pos;
    while (this.pos < this.n && NAME.test(t[this.pos])) this.pos++;
    const c = t.charCodeAt(this.pos);
    const ends = c === SPACE || c === NL || c === 44 || c === 93 || c === 125 || this.pos >= this.n;
    if (this.pos === from || !ends) throw FALLBACK;
    return t.slice(from, this.pos);
  }

  /** After a value on its line: spaces, a comment, the newline; the value's node end is past them. */
  protected lineEnd(): void {
    const t = this.text;
    const before = this.pos;
    while (t.charCodeAt(this.pos) === SPACE) this.pos++;
    const c = t.charCodeAt(this.pos);
    if (c === HASH && this.pos > before) this.comment();
    else if (this.pos < this.n && c !== NL) throw FALLBACK;
    if (this.pos < this.n) {
      this.newline(this.pos + 1);
      this.end = this.pos;
    } else this.end = this.n;
  }

  protected spaces(): void {
    while (this.text.charCodeAt(this.pos) === SPACE) this.pos++;
  }
}

/**
 * The comment lines from `from` (a line's start) on: where they end, past the blank lines after them
 * up to the next content (`from` when the first line is no comment), `past` the same past that
 * content's indentation, and whether a comment line comes after a blank line before that content.
 */
export function commentRun(t: string, from: number): { end: number; past: number; later: boolean } {
  let comments = false;
  let blank = false;
  for (let i = from; ;) {
    const line = i;
    while (t.charCodeAt(i) === SPACE) i++;
    const c = t.charCodeAt(i);
    if (c === HASH) {
      if (blank) return { end: from, past: from, later: true };
      comments = true;
      const nl = t.indexOf('\n', i);
      i = nl < 0 ? t.length : nl + 1;
    } else if (c === NL) {
      blank = true;
      i++;
    } else
      return {
        end: comments ? Math.min(line, t.length) : from,
        past: comments ? Math.min(i, t.length) : from,
        later: false,
      };
  }
}

/** Where a plain scalar scan stopped: on its `:` (or the flow indicator), else at its end. */
function c0(t: string, i: number, end: number): number {
  const c = t.charCodeAt(i);
  return c === COLON || c === 44 || c === 91 || c === 93 || c === 123 || c === 125 ? i : end;
}

/**
 * A new mapping's or sequence's location record, set on it before its entries, as the whole way's
 * walk does (ensureLocs first): the same hidden class for the stages after.
 */
export function located(node: object, sequence: boolean): Locs {
  const locs = new Locs(sequence);
  attachLocs(node, locs);
  return locs;
}

/**
 * `<<` merge keys, as the whole way's walk applies them once the mapping's own keys are read: the
 * mapping's keys win, then earlier merged mappings over later ones; a sequence merges its mappings.
 */
export function mergeInto(obj: TreeObject, locs: Locs, merges: Tree[]): void {
  for (const m of merges)
    for (const v of Array.isArray(m) ? m : [m]) {
      if (!isObject(v)) throw FALLBACK; // not a mapping: reported by the whole way
      const l = locsOf(v);
      for (const k of Object.keys(v)) {
        if (Object.hasOwn(obj, k)) continue;
        obj[k] = v[k];
        locs.set(k, l?.value(k), l?.key(k));
      }
    }
}
