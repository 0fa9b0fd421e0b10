/**
 * The text format's caret under a source line, drawn under what the line shows: the line is masked
 * (a secret's value as `********`, whatever its length), cut to a window and escaped before it is
 * printed, so the caret under a diagnostic's range of the source, kept as it was, told a masked
 * secret's length (33 carets under `********`: attack21) and stood beside an escape. Each shown
 * character carries the range of the line it stands for; the caret covers the shown characters
 * whose ranges meet the diagnostic's. (JSON's `endColumn` is a position in the source: left as is.)
 */
import { textLine } from './escape.js';
import { MASK } from './diff.js';

/** A shown text and, for each of its UTF-16 units, the `[start, end)` range of the source line it shows. */
export interface Shown {
  text: string;
  starts: number[];
  ends: number[];
}

/** `line.slice(from, to)` as it is, each unit standing for itself. */
export function shownSlice(line: string, from: number, to: number): Shown {
  const starts: number[] = [];
  const ends: number[] = [];
  for (let k = from; k < to; k++) {
    starts.push(k);
    ends.push(k + 1);
  }
  return { text: line.slice(from, to), starts, ends };
}

/** `a` then `b`. */
export function joined(a: Shown, b: Shown): Shown {
  return { text: a.text + b.text, starts: [...a.starts, ...b.starts], ends: [...a.ends, ...b.ends] };
}

/** `text` standing for `[start, end)` of the source (`********` for a masked range, `…` for none). */
export function standing(text: string, start: number, end: number): Shown {
  return { text, starts: Array<number>(text.length).fill(start), ends: Array<number>(text.length).fill(end) };
}

/**
 * `s` after a masking pass that wrote `out` from its text (src/report/text.ts maskLine: values
 * replaced with `********`): what both begin and end with stands for what it stood for, and the
 * part between, which the pass replaced, for the whole range its input part stood for.
 */
export function rewritten(s: Shown, out: string): Shown {
  if (out === s.text) return s;
  const n = s.text.length;
  let p = 0;
  while (p < n && p < out.length && s.text[p] === out[p]) p++;
  let q = 0;
  while (q < n - p && q < out.length - p && s.text[n - 1 - q] === out[out.length - 1 - q]) q++;
  let start = Infinity;
  let end = -Infinity;
  for (let k = p; k < n - q; k++)
    if (s.starts[k] < s.ends[k]) {
      start = Math.min(start, s.starts[k]);
      end = Math.max(end, s.ends[k]);
    }
  const middle = standing(out.slice(p, out.length - q), start < end ? start : -1, start < end ? end : -1);
  const head: Shown = { text: out.slice(0, p), starts: s.starts.slice(0, p), ends: s.ends.slice(0, p) };
  const tail: Shown = { text: out.slice(out.length - q), starts: s.starts.slice(n - q), ends: s.ends.slice(n - q) };
  return joined(joined(head, middle), tail);
}

/** `s` escaped as textLine escapes it (each unit on its own), every unit of an escape standing for what its character did. */
export function escaped(s: Shown): Shown {
  const text = textLine(s.text);
  if (text.length === s.text.length) return { ...s, text };
  const starts: number[] = [];
  const ends: number[] = [];
  for (let k = 0; k < s.text.length; k++) {
    const w = textLine(s.text[k]).length;
    for (let i = 0; i < w; i++) {
      starts.push(s.starts[k]);
      ends.push(s.ends[k]);
    }
  }
  return { text, starts, ends };
}

/**
 * The caret line under `s` for the source range `[from, from + width)`: under each shown unit that
 * stands for a part of it (`********` whole for a masked value), at most `max` wide; one caret
 * after what the line shows before `from` when none does (a column past the line's end).
 */
export function caretUnder(s: Shown, from: number, width: number, max = 80): string {
  const to = from + Math.max(1, width);
  let first = -1;
  let last = -1;
  let before = 0;
  let end = 0;
  for (let k = 0; k < s.text.length; k++) {
    if (s.starts[k] >= s.ends[k]) continue;
    if (s.starts[k] < to && s.ends[k] > from) {
      if (first < 0) first = k;
      last = k;
    } else if (first < 0 && s.ends[k] <= from) [before, end] = [k + 1, s.ends[k]];
  }
  if (first < 0)
    return `${' '.repeat(before + Math.max(0, from - end))}${'^'.repeat(Math.min(Math.max(1, width), max))}`;
  return `${' '.repeat(first)}${'^'.repeat(Math.min(last + 1 - first, max))}`;
}

/**
 * The caret under `line.slice(from, to)` as the text format shows it: `hidden`'s pairs (offsets in
 * the line, sorted, merged) masked, a `…` where the window cuts the line, tabs as spaces,
 * then `mask` (the line's second masking: maskLine) and textLine, for the source range `[at, at + width)`.
 */
export function shownCaret(
  line: string,
  from: number,
  to: number,
  hidden: readonly number[],
  mask: (text: string) => string,
  at: number,
  width: number,
): string {
  let s = from > 0 ? standing('…', -1, -1) : standing('', 0, 0);
  let k0 = from;
  for (let k = 2 * firstEndingAfter(hidden, from); k < hidden.length && hidden[k] < to; k += 2) {
    const a = Math.max(hidden[k], from);
    if (a >= Math.min(hidden[k + 1], to)) continue;
    s = joined(joined(s, shownSlice(line, k0, a)), standing(MASK, hidden[k], hidden[k + 1]));
    k0 = Math.min(hidden[k + 1], to);
  }
  s = joined(s, shownSlice(line, k0, to));
  if (to < line.length) s = joined(s, standing('…', -1, -1));
  s = { ...s, text: s.text.replace(/\t/g, ' ') };
  return caretUnder(escaped(rewritten(s, mask(s.text))), at, width);
}

/** The index of the first `[start, end)` pair of `pairs` (sorted, disjoint) that ends after `at`. */
export function firstEndingAfter(pairs: readonly number[], at: number): number {
  let lo = 0;
  let hi = pairs.length / 2;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (pairs[2 * mid + 1] <= at) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** `line.slice(from, to)` with every part of `hidden` (lineRanges) over it `MASK`: only the pairs over the window are read. */
export function masked(line: string, from: number, to: number, hidden: readonly number[]): string {
  let out = '';
  let at = from;
  for (let k = 2 * firstEndingAfter(hidden, from); k < hidden.length && hidden[k] < to; k += 2) {
    const a = Math.max(hidden[k], from);
    const b = Math.min(hidden[k + 1], to);
    if (a >= b) continue;
    out += line.slice(at, a) + MASK;
    at = b;
  }
  return out + line.slice(at, to);
}
