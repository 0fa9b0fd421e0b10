/**
 * Our own words in an answer (src/audit/vocabulary.ts has them): where a masker looks for them, and
 * the occurrences of a secret inside one, which are left as they are.
 */
import { TokenScanner } from './scan.js';
import { bundleTexts, phrasesWith } from '../audit/vocabulary.js';

/** How much of a phrase is looked for on each side of a value in it (see `ownWordsOf`). */
const WINDOW = 24;
/** The most characters of our words a masker looks for: past it, a value in our words is masked there too. */
const OWN_WORDS_MAX = 16_384;
/** The most phrases a masker reads for its values (a bundle of many values that share a word of ours): past it, as past OWN_WORDS_MAX. */
const OWN_WORDS_READS = 50_000;

const isWordAt = (s: string, i: number): boolean => i >= 0 && i < s.length && /[A-Za-z0-9]/.test(s[i]);

/**
 * The scanner of our words around each of `values` where a phrase holds it (none: undefined): the
 * phrase from WINDOW characters before the value to WINDOW after, cut to whole words, is what
 * `notOurs` looks for. Most values are in no phrase; one that is (`restart`) is in a hundred, and a
 * scanner of every phrase (200,000 characters) cost a third of a second to build. A value in so many
 * that their windows pass OWN_WORDS_MAX characters (a word as common as `service`) is masked in our
 * words too, as before they were told apart: more masked, never less, at a bounded cost; so is
 * every value of a masker whose values send it to read more than OWN_WORDS_READS phrases.
 */
export function ownWordsOf(values: readonly string[]): OwnWords | undefined {
  const found = new Set<string>();
  let chars = 0;
  let reads = 0;
  for (const v of values) {
    const words = v.match(/[A-Za-z0-9]+/g);
    // a value without a word (`!!!!!!`) is looked for in every phrase
    const longest = words?.reduce((a, b) => (b.length > a.length ? b : a));
    for (const p of phrasesWith(longest)) {
      if (++reads > OWN_WORDS_READS) return undefined;
      for (let i = p.indexOf(v); i >= 0 && p.length > v.length; i = p.indexOf(v, i + 1)) {
        let [from, to] = [Math.max(0, i - WINDOW), Math.min(p.length, i + v.length + WINDOW)];
        while (from < i && isWordAt(p, from - 1) && isWordAt(p, from)) from++;
        while (to > i + v.length && isWordAt(p, to) && isWordAt(p, to - 1)) to--;
        const w = p.slice(from, to);
        if (w.length <= v.length || found.has(w)) continue;
        found.add(w);
        if ((chars += w.length) > OWN_WORDS_MAX) return undefined;
      }
    }
  }
  return found.size ? ownWords(found) : undefined;
}

/** Strings of our own words to look for (`notOurs`), and the length of the longest. */
export interface OwnWords {
  scanner: TokenScanner;
  longest: number;
}

export function ownWords(strings: Iterable<string>): OwnWords {
  const list = [...strings];
  return { scanner: new TokenScanner(list), longest: list.reduce((n, w) => Math.max(n, w.length), 0) };
}

/** Our words longer than this are looked for in the whole text, not around each secret (see `notOurs`). */
const NEAR = 512;

/**
 * `spans` (a secret's occurrences in `text`, sorted `[start, end)` pairs, src/redact/scan.ts) without
 * those that lie inside an occurrence, longer than them, of a string of one of `words` (scanners of
 * our own words: `ownWordsOf`, a masker's paths). Our words are looked for only in a text that holds
 * a secret.
 */
export function notOurs(text: string, spans: readonly number[], ...words: (OwnWords | undefined)[]): readonly number[] {
  let rest = spans;
  for (const w of words) {
    if (!w || rest.length === 0) continue;
    if (w.longest > NEAR) {
      rest = outside(rest, w.scanner.spans(text));
      continue;
    }
    // read around each secret only (an answer of megabytes holds a few): an occurrence of ours that
    // holds it lies within `longest` characters of it, and one that starts or ends at the edge of
    // what is read (where the character beside it is not seen) is too far to hold it
    let out: number[] | undefined;
    for (let k = 0; k < rest.length; k += 2) {
      const [from, to] = [rest[k], rest[k + 1]];
      const at = Math.max(0, from - w.longest - 1);
      const found = w.scanner.spans(text.slice(at, Math.min(text.length, to + w.longest + 1)));
      if (outside([from - at, to - at], found).length === 0) out ??= rest.slice(0, k);
      else out?.push(from, to);
    }
    rest = out ?? rest;
  }
  return rest;
}

/** `spans` without those inside a span of `words` longer than them (both sorted `[start, end)` pairs). */
export function outside(spans: readonly number[], words: readonly number[]): readonly number[] {
  if (spans.length === 0 || words.length === 0) return spans;
  let out: number[] | undefined;
  let w = 0;
  for (let k = 0; k < spans.length; k += 2) {
    const [from, to] = [spans[k], spans[k + 1]];
    while (w < words.length && words[w + 1] < to) w += 2;
    const inside = w < words.length && words[w] <= from && to <= words[w + 1] && words[w + 1] - words[w] > to - from;
    if (inside) out ??= spans.slice(0, k);
    else out?.push(from, to);
  }
  return out ?? spans;
}

export { replaceSpans } from './scan.js';

/**
 * `kept` (spans of `spans` that no word of ours holds) and the spans of `spans` inside a double-quoted
 * value of `s`: the values a message quotes, as jsonQuote and goQuote write them (a `\\` escapes the
 * next character). Sorted `[start, end)` pairs, as both come.
 */
export function quotedToo(s: string, spans: readonly number[], kept: readonly number[]): number[] {
  const quoted: number[] = [];
  for (let i = s.indexOf('"'); i >= 0 && i < s.length; i = s.indexOf('"', i + 1)) {
    let j = i + 1;
    while (j < s.length && s[j] !== '"') j += s[j] === '\\' ? 2 : 1;
    quoted.push(i, Math.min(j + 1, s.length));
    i = j;
  }
  const keep = new Set<number>();
  for (let k = 0; k < kept.length; k += 2) keep.add(kept[k]);
  const out: number[] = [];
  let q = 0;
  for (let k = 0; k < spans.length; k += 2) {
    const [from, to] = [spans[k], spans[k + 1]];
    while (q < quoted.length && quoted[q + 1] <= from) q += 2;
    if (keep.has(from) || (q < quoted.length && quoted[q] < to)) out.push(from, to);
  }
  return out;
}

/**
 * The bundle's texts our words were filled with (src/audit/vocabulary.ts bundleText) that hold one of
 * a masker's values, read as they come: a secret's occurrence inside one is the bundle's, masked
 * whatever words of ours it sits in.
 */
export class FilledTexts {
  readonly #values: TokenScanner;
  #generation = -1;
  #read = 0;
  #held: string[] = [];
  #scanner?: TokenScanner;
  constructor(values: TokenScanner) {
    this.#values = values;
  }

  /**
   * `kept` (sorted `[start, end)` spans of `spans`, a secret's occurrences in `s`) and each span of
   * `spans` inside an occurrence of one of the texts in `s`: every span once the texts were past
   * their budget (our words are no longer told from the bundle's).
   */
  keep(s: string, spans: readonly number[], kept: readonly number[]): readonly number[] {
    const { generation, texts, overflow } = bundleTexts();
    if (overflow) return spans;
    if (generation !== this.#generation) {
      [this.#generation, this.#read, this.#held, this.#scanner] = [generation, 0, [], undefined];
    }
    // each text is read once by each masker: a text without a value is never looked for
    for (; this.#read < texts.length; this.#read++)
      if (this.#values.spans(texts[this.#read]).length) {
        this.#held.push(texts[this.#read]);
        this.#scanner = undefined;
      }
    if (this.#held.length === 0) return kept;
    this.#scanner ??= new TokenScanner(this.#held);
    return within(spans, kept, this.#scanner.spans(s));
  }
}

/** `kept` and the spans of `spans` inside a span of `texts` (all sorted `[start, end)` pairs, `kept` a subset of `spans`). */
function within(spans: readonly number[], kept: readonly number[], texts: readonly number[]): readonly number[] {
  if (texts.length === 0) return kept;
  const keep = new Set<number>();
  for (let k = 0; k < kept.length; k += 2) keep.add(kept[k]);
  const out: number[] = [];
  let t = 0;
  for (let k = 0; k < spans.length; k += 2) {
    const [from, to] = [spans[k], spans[k + 1]];
    while (t < texts.length && texts[t + 1] < to) t += 2;
    if (keep.has(from) || (t < texts.length && texts[t] <= from && to <= texts[t + 1])) out.push(from, to);
  }
  return out;
}
