/**
 * Spans of a text (sorted `[start, end)` pairs, src/redact/scan.ts): replaced, and those of two
 * readings of a text (the second reads the first one's spans as masked) joined.
 */

import { isWord } from './chars.js';

/** `text` with each span of `spans` (sorted `[start, end)` pairs) replaced by `replacement`. */
export function replaceSpans(text: string, spans: readonly number[], replacement: string): string {
  if (spans.length === 0) return text;
  let out = '';
  let last = 0;
  for (let k = 0; k < spans.length; k += 2) {
    out += text.slice(last, spans[k]) + replacement;
    last = spans[k + 1];
  }
  return out + text.slice(last);
}

/**
 * `out` (spans, each ending before `end`) with `[start, end)` added: merged with the spans it
 * overlaps (the last ones: it ends after all of them), apart from one it touches.
 */
export function addSpan(out: number[], start: number, end: number): void {
  while (out.length && start < out[out.length - 1]) {
    start = Math.min(start, out[out.length - 2]);
    out.length -= 2;
  }
  out.push(start, end);
}

/** Whether a span of `spans` has a word character of `text` beside it (only one found anywhere can). */
export function besideWord(text: string, spans: readonly number[]): boolean {
  for (let k = 0; k < spans.length; k += 2)
    if ((spans[k] > 0 && isWord(text.charCodeAt(spans[k] - 1))) || isWord(text.charCodeAt(spans[k + 1]))) return true;
  return false;
}

/** The spans of `a` and of `b` (spans of the same text, none overlapping another), sorted, each kept apart. */
export function union(a: readonly number[], b: readonly number[]): number[] {
  const out: number[] = [];
  let [j, k] = [0, 0];
  while (j < a.length || k < b.length)
    if (k >= b.length || (j < a.length && a[j] < b[k])) out.push(a[j++], a[j++]);
    else out.push(b[k++], b[k++]);
  return out;
}
