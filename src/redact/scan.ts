/**
 * Where many strings occur in a text as whole tokens, in time linear in the length of the text plus
 * the total length of the strings: an Aho-Corasick automaton over UTF-16 code units (Aho and
 * Corasick 1975, "Efficient string matching: an aid to bibliographic search").
 *
 * "Whole token", as the masker promises it (src/redact/mask.ts): a string that starts with a word
 * character (`[A-Za-z0-9_]`) must not follow one, a string that ends with a word character must not
 * be followed by one. The answer is the union of every such occurrence: overlapping occurrences
 * become one span, touching ones stay apart.
 *
 * Written here rather than taken from npm: the well-kept package (modern-ahocorasick) matches whole
 * grapheme clusters (a value that starts with a combining mark is not found after a letter, where a
 * secret must still be masked) and yields lists of matches, either every occurrence (nested values
 * `a`, `aa`, `aaa`... make that list grow with the text times the values) or a leftmost selection of
 * non-overlapping ones (which leaves the part of a secret that overlaps a chosen one in clear). What
 * masking needs is narrower and fits in a few lines: at each end position of the text, the longest
 * valid occurrence ending there, in constant time, and the union of those.
 *
 * How, exactly: every string ending at text position i is a suffix of the automaton state's string
 * (the state's own string or a terminal state on its failure chain), so all of them end with the
 * character text[i]: the end check is one test per position. The start check of a proper suffix
 * looks at a character inside the state's string, so it is known when the automaton is built: per
 * state, `inner` is the length of the longest terminal proper suffix whose start is valid there,
 * computed breadth first from the failure state's. Only the state's own string needs the character
 * of the text before it. The union is kept as a stack of disjoint spans (each position adds one span
 * that ends after every earlier one, and merges the spans it overlaps), so no position ever lists
 * the strings that end there.
 */

const isWord = (c: number): boolean =>
  (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 48 && c <= 57) || c === 95;

/** the state's own string is one of the strings */
const TERMINAL = 1;
/** the state's string starts with a word character (its start needs a non-word character before it) */
const WORD_START = 2;
/** the next state is a child of this one (states are laid out string after string) */
const HAS_NEXT = 4;
/** the state has children in the hash table */
const HAS_MORE = 8;

/**
 * Memory: 15 bytes a state (a state per character of the distinct strings, less shared prefixes),
 * 8 more while it is built; the children of a state are the next state (the string it was created
 * for goes on) and, for branching states, entries of one hash table, so no object per state.
 */
export class TokenScanner {
  /** how many distinct non-empty strings it finds */
  readonly size: number;
  /** the root's child for each code unit (0: none): one lookup per character of the text outside a match */
  private readonly root = new Int32Array(0x10000);
  /** the code unit of the edge into each state */
  private readonly char: Uint16Array;
  private readonly flags: Uint8Array;
  /** the length of the state's string */
  private readonly depth: Int32Array;
  private readonly fail: Int32Array;
  /** the length of the longest string that is a proper suffix of the state's and starts validly inside it (0: none) */
  private readonly inner: Int32Array;
  /** other children, by open addressing on (parent, code unit): at most one per string */
  private readonly moreParent: Int32Array;
  private readonly moreChar: Uint16Array;
  private readonly moreTo: Int32Array;
  private readonly moreMask: number;
  private readonly moreShift: number;

  constructor(strings: Iterable<string>) {
    // distinct strings only: the arrays below are sized by their total length
    const list = [...new Set(strings)].filter((s) => s.length > 0);
    this.size = list.length;
    let cap = 1;
    let longest = 0;
    for (const s of list) {
      cap += s.length;
      longest = Math.max(longest, s.length);
    }
    let slots = 4;
    while (slots < 2 * list.length) slots *= 2;
    this.moreParent = new Int32Array(slots);
    this.moreChar = new Uint16Array(slots);
    this.moreTo = new Int32Array(slots);
    this.moreMask = slots - 1;
    this.moreShift = 32 - Math.log2(slots);
    this.char = new Uint16Array(cap);
    this.flags = new Uint8Array(cap);
    this.depth = new Int32Array(cap);
    this.fail = new Int32Array(cap);
    this.inner = new Int32Array(cap);
    // a state's string is list[origin[state]].slice(0, depth[state]): where the start checks read it
    const origin = new Int32Array(cap);
    // the parent of a state that is not its parent's next state nor a child of the root
    const parents = new Map<number, number>();
    let count = 1;
    for (let k = 0; k < list.length; k++) {
      const v = list[k];
      let s = 0;
      let j = 0;
      for (let t: number; j < v.length && (t = this.child(s, v.charCodeAt(j))) !== 0; j++) s = t;
      if (j < v.length) {
        // the rest of v: new states, one after the other, each the next state of the one before
        const c = v.charCodeAt(j);
        if (s === 0) this.root[c] = count;
        else if (s === count - 1)
          this.flags[s] |= HAS_NEXT; // the last state made, a leaf so far
        else {
          this.addMore(s, c, count);
          parents.set(count, s);
        }
        const start = isWord(v.charCodeAt(0)) ? WORD_START : 0;
        for (; j < v.length; j++) {
          s = count++;
          this.char[s] = v.charCodeAt(j);
          this.depth[s] = j + 1;
          this.flags[s] = j + 1 < v.length ? start | HAS_NEXT : start;
          origin[s] = k;
        }
      }
      this.flags[s] |= TERMINAL;
    }
    // failure links and `inner` in order of depth (a counting sort): a state's failure state is
    // shallower, so done before it
    const at = new Int32Array(longest + 2);
    for (let t = 1; t < count; t++) at[this.depth[t] + 1]++;
    for (let d = 1; d <= longest + 1; d++) at[d] += at[d - 1];
    const order = new Int32Array(count);
    for (let t = 1; t < count; t++) order[at[this.depth[t]]++] = t;
    for (let k = 0; k < count - 1; k++) {
      const t = order[k];
      if (this.depth[t] === 1) continue; // the root's children: the root, and `inner` 0
      const s = (this.flags[t - 1] & HAS_NEXT) !== 0 ? t - 1 : (parents.get(t) as number);
      this.link(s, t, list[origin[t]]);
    }
  }

  private addMore(s: number, c: number, t: number): void {
    let h = this.hash(s, c);
    while (this.moreParent[h] !== 0) h = (h + 1) & this.moreMask;
    this.moreParent[h] = s;
    this.moreChar[h] = c;
    this.moreTo[h] = t;
    this.flags[s] |= HAS_MORE;
  }

  private hash(s: number, c: number): number {
    // Fibonacci hashing: the high bits of the product, which every bit of the key reaches
    return Math.imul(s ^ Math.imul(c, 0x85ebca77), 0x9e3779b1) >>> this.moreShift;
  }

  /** The failure state of `t`, the child of `s` (whose string is a prefix of `v`), and its `inner`. */
  private link(s: number, t: number, v: string): void {
    const c = this.char[t];
    let f = this.fail[s];
    let g = this.child(f, c);
    while (g === 0 && f !== 0) {
      f = this.fail[f];
      g = this.child(f, c);
    }
    this.fail[t] = g;
    // the failure state's string is the longest proper suffix in the automaton: if it is one of the
    // strings, its start is checked against the character of t's string before it; else (or if that
    // start is not valid) the answer is the failure state's own `inner`, whose starts lie inside both
    const valid =
      g !== 0 &&
      (this.flags[g] & TERMINAL) !== 0 &&
      ((this.flags[g] & WORD_START) === 0 || !isWord(v.charCodeAt(this.depth[t] - this.depth[g] - 1)));
    this.inner[t] = valid ? this.depth[g] : this.inner[g];
  }

  /** The child of `s` by code unit `c`, 0 when it has none. */
  private child(s: number, c: number): number {
    if (s === 0) return this.root[c];
    const flags = this.flags[s];
    if ((flags & HAS_NEXT) !== 0 && this.char[s + 1] === c) return s + 1;
    if ((flags & HAS_MORE) !== 0)
      for (let h = this.hash(s, c); this.moreParent[h] !== 0; h = (h + 1) & this.moreMask)
        if (this.moreParent[h] === s && this.moreChar[h] === c) return this.moreTo[h];
    return 0;
  }
  /**
   * The union of the whole-token occurrences in `text`, as `[start, end)` pairs one after the other
   * (sorted; overlapping occurrences merged into one span, touching ones kept apart).
   */
  spans(text: string): number[] {
    const out: number[] = [];
    if (this.size === 0) return out;
    const n = text.length;
    let s = 0;
    for (let i = 0; i < n; i++) {
      const c = text.charCodeAt(i);
      // the next state: the longest suffix of text[0..i] that is a prefix of a string
      let t = this.child(s, c);
      while (t === 0 && s !== 0) {
        s = this.fail[s];
        t = this.child(s, c);
      }
      s = t;
      if (s === 0) continue;
      let len = this.inner[s];
      const d = this.depth[s];
      const flags = this.flags[s];
      if ((flags & TERMINAL) !== 0 && ((flags & WORD_START) === 0 || i < d || !isWord(text.charCodeAt(i - d)))) len = d;
      // every string ending here ends with c: one end check for all of them
      if (len === 0 || (isWord(c) && i + 1 < n && isWord(text.charCodeAt(i + 1)))) continue;
      let start = i + 1 - len;
      while (out.length > 0 && start < out[out.length - 1]) {
        start = Math.min(start, out[out.length - 2]);
        out.length -= 2;
      }
      out.push(start, i + 1);
    }
    return out;
  }

  /** `text` with each span of `spans` replaced by `replacement` (`text` itself when there is none). */
  replace(text: string, replacement: string): string {
    const spans = this.spans(text);
    if (spans.length === 0) return text;
    let out = '';
    let last = 0;
    for (let k = 0; k < spans.length; k += 2) {
      out += text.slice(last, spans[k]) + replacement;
      last = spans[k + 1];
    }
    return out + text.slice(last);
  }
}
