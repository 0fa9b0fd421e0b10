/**
 * Spans of a text (sorted `[start, end)` pairs, src/redact/scan.ts): replaced, and the occurrences
 * found in a text once its first ones are masked, as spans of the text itself.
 */

const isWord = (c: number): boolean => (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 48 && c <= 57);

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

/** Whether a span of `spans` has a word character of `text` beside it (only one found anywhere can). */
export function besideWord(text: string, spans: readonly number[]): boolean {
  for (let k = 0; k < spans.length; k += 2)
    if ((spans[k] > 0 && isWord(text.charCodeAt(spans[k] - 1))) || isWord(text.charCodeAt(spans[k + 1]))) return true;
  return false;
}

/**
 * `first` (spans of a text) and `second` (spans of the text with each of `first` replaced by one
 * character, none of them inside one), as spans of the text: sorted, each kept apart.
 */
export function withSecond(first: readonly number[], second: readonly number[]): number[] {
  const out: number[] = [];
  let shift = 0; // how much shorter the replaced text is before the span of `second` read
  let k = 0;
  for (let j = 0; j < second.length; j += 2) {
    while (k < first.length && first[k] - shift < second[j]) {
      out.push(first[k], first[k + 1]);
      shift += first[k + 1] - first[k] - 1;
      k += 2;
    }
    out.push(second[j] + shift, second[j + 1] + shift);
  }
  for (; k < first.length; k += 2) out.push(first[k], first[k + 1]);
  return out;
}
