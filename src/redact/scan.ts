/**
 * Where many strings occur in a text as whole tokens, in time linear in the length of the text plus
 * the total length of the strings: an Aho-Corasick automaton over UTF-16 code units (Aho and
 * Corasick 1975, "Efficient string matching: an aid to bibliographic search").
 *
 * "Whole token", as the masker promises it (src/redact/mask.ts): a string that starts with a word
 * character (`[A-Za-z0-9]`) must not follow one, a string that ends with a word character must not
 * be followed by one. The answer is the union of every such occurrence: overlapping occurrences
 * become one span, touching ones stay apart. `_` is no word character: it is the join
 * Compose builds resource names with (`<project>_<key>` for a network, volume, config or secret
 * without a name, `<project>_default` among them: compose-go loader/normalize.go:277), as `-`
 * (`<project>-<service>-1`), `.`, `/` and `:` join others, so a secret that is a volume key or the
 * project name is masked in the names made from it, as it is in `--password=x`. What may be masked
 * by value at all stays as it was (6 characters at least, no number, path or well-known default:
 * src/redact/strength.ts), so ordinary short words are not hidden in `env_file` or `my_app`.
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
 * computed from the failure state's, shallower states first. Only the state's own string needs the character
 * of the text before it. The union is kept as a stack of disjoint spans (each position adds one span
 * that ends after every earlier one, and merges the spans it overlaps), so no position ever lists
 * the strings that end there.
 *
 * A string given as masked anywhere (the second list: a secret that cannot be part of an ordinary
 * word, src/redact/strength.ts isAnywhereSecret) is an occurrence wherever it stands, inside a longer
 * word too (`xs3crQEtValue9xQ!y`), as GitHub Actions masks a registered secret: its terminal state
 * is flagged, its start and end are not checked, and a second table per state, `anyInner` (as
 * `inner`, the longest proper suffix that is such a string), gives what ends at a position whose end
 * check fails: no pass per string. A whole-token string glued to such an occurrence (`hunter2hunter2`
 * in `hunter2hunter2s3crQEtValue9xQ!`) is a token once that is masked: where an occurrence has a word
 * character beside it, the text is read again with them masked (by position: each is one non-word
 * character no string holds, whatever the strings hold), so masking what was masked finds nothing
 * more (nor would a third reading: what the second masks has no word character beside it).
 *
 * A cut text (src/escape.ts cutAtBlank: a message keeps the words that fit and ends with `…`) may end
 * inside a string that holds a blank: its first words, then `…`. At a `…`, the longest valid prefix
 * of a string that ends just before a blank of it (a cut point) is an occurrence too, the `…` left
 * out of it. Which suffix of a state's string is the longest cut point is known when the automaton
 * is built (`cutInner`, as `inner`), so a `…` costs one check, and only strings with a blank pay it.
 * The cut of a string masked anywhere is looked for without its start check only when its words
 * hold three kinds of character (src/redact/strength.ts): a cut is not the whole secret, and a short
 * first word (`a` of `a Quick9! brown fox`) is the end of many words (`/srv/app/data…`).
 */

import { addSpan, besideWord, replaceSpans, union } from './spans.js';
import { isBlank, isWord, kindOf, threeKinds } from './chars.js';

export { replaceSpans };

/** An iterable of strings that is an array is an array of strings (read as it is, not copied). */
const isArray = (strings: Iterable<string>): strings is readonly string[] => Array.isArray(strings);

/**
 * How many strings are looked for with `includes` (native code) before a text is read by the
 * automaton (and a whole answer before it is walked, src/redact/mask.ts): a constant, so the
 * checks stay linear in the text.
 */
export const FEW = 4;

/** `spans` of a text without an occurrence (shared: nothing is allocated for it) */
const NONE: readonly number[] = Object.freeze([]);

// A state is a record of four 32-bit words in one array, so that following a string through the
// automaton reads neighbouring memory (one record after the other) rather than five arrays:
/** the code unit of the edge into the state (low 16 bits) and its flags (above) */
const META = 0;
/** the length of the state's string */
const DEPTH = 1;
/** the failure state (while strings are added: the parent of a state that its parent's next state is not) */
const FAIL = 2;
/** the length of the longest string that is a proper suffix of the state's and starts validly inside it (0: none) */
const INNER = 3;

/** the state's own string is one of the strings */
const TERMINAL = 1 << 16;
/** the state's string starts with a word character (its start needs a non-word character before it) */
const WORD_START = 2 << 16;
/** the next state is a child of this one (states are laid out string after string) */
const HAS_NEXT = 4 << 16;
/** the state has children in the hash table */
const HAS_MORE = 8 << 16;
/** a string goes on with a blank after the state's string, which ends with no blank: a cut may end there */
const CUT = 16 << 16;
/** the state's own string is one masked anywhere (no start or end check) */
const ANYWHERE = 32 << 16;
/** the state's string is a prefix of a string masked anywhere */
const ANY_PREFIX = 64 << 16;
/** a CUT state that a string masked anywhere goes on from with a blank, its string of three kinds of character: its cut has no start check */
const CUT_ANY = 128 << 16;
/** what a cut text ends with (src/escape.ts cutAtBlank) */
const ELLIPSIS = 0x2026;

/**
 * Memory: 16 bytes a state (a state per character of the strings, less shared prefixes), up to
 * twice that while it is built; the children of a state are the next state (the string it was
 * created for goes on) and, for branching states, entries of one hash table: no object per state.
 */
export class TokenScanner {
  /** how many distinct non-empty strings it finds */
  readonly size: number;
  /** the length of the shortest of them: a shorter text holds none (most keys and short values) */
  private readonly shortest: number;
  /**
   * the strings when they are few (at most FEW): a text that contains none of them (`includes`,
   * native code) has no occurrence, whatever the tokens around it, and most texts have none. The
   * bound keeps the check linear in the text; beyond it the automaton alone reads the text.
   */
  private readonly few?: readonly string[];
  /** the root's children (0: none): one lookup per character of the text outside a match */
  private readonly rootAscii = new Int32Array(128);
  private readonly rootOther = new Map<number, number>();
  /** the states' records (it grows while strings are added) */
  private st = new Int32Array(4 * 256);
  /** other children: (parent, code unit, child) records, by open addressing; at most one a string */
  private readonly more: Int32Array;
  private readonly moreMask: number;
  private readonly moreShift: number;
  /**
   * per state, the length of the longest proper suffix of its string that is a CUT state starting
   * validly inside it (0: none); none at all when no string holds a blank after a non-blank
   */
  private readonly cutInner?: Int32Array;
  /**
   * per state, the length of the longest proper suffix of its string that is a string masked
   * anywhere (0: none); none at all when no string is
   */
  private readonly anyInner?: Int32Array;
  /**
   * a whole-token string (or the cut of one found anywhere that keeps its start check) starts or ends
   * with a word character: it may be glued to one found anywhere
   */
  private readonly glued: boolean;

  /** `strings`, found as whole tokens; `anywhere`, found wherever they stand (inside a longer word too). */
  constructor(iterable: Iterable<string>, anywhere: Iterable<string> = []) {
    const whole = isArray(iterable) ? iterable : [...iterable];
    const any = isArray(anywhere) ? anywhere : [...anywhere];
    // the strings masked anywhere come after the others: strings[x] is one when x >= whole.length
    const strings = any.length ? [...whole, ...any] : whole;
    let glued = whole.some((v) => isWord(v.charCodeAt(0)) || isWord(v.charCodeAt(v.length - 1)));
    // the strings that made states (a duplicate only walks the states of its first copy)
    const list: string[] = [];
    let size = 0;
    let longest = 0;
    let shortest = Infinity;
    let total = 0;
    for (const v of strings) {
      total++;
      longest = Math.max(longest, v.length);
      if (v.length) shortest = Math.min(shortest, v.length);
    }
    this.shortest = shortest;
    let slots = 4;
    while (slots < 2 * total) slots *= 2;
    this.more = new Int32Array(3 * slots);
    this.moreMask = slots - 1;
    this.moreShift = 32 - Math.log2(slots);
    // a state's string is list[origin[state]].slice(0, depth): where the start checks read it
    let origin: Int32Array = new Int32Array(this.st.length / 4);
    let count = 1;
    let anyCount = 0;
    for (let x = 0; x < strings.length; x++) {
      const v = strings[x];
      if (v.length === 0) continue;
      const prefix = x >= whole.length ? ANY_PREFIX : 0;
      if (prefix) anyCount++;
      let s = 0;
      let j = 0;
      for (let t: number; j < v.length && (t = this.child(s, v.charCodeAt(j))) !== 0; j++) {
        s = t;
        this.st[4 * s + META] |= prefix;
      }
      if (j < v.length) {
        if (4 * (count + v.length - j) > this.st.length) origin = this.grow(origin, count + v.length - j);
        const st = this.st;
        // the rest of v: new states, one after the other, each the next state of the one before
        const c = v.charCodeAt(j);
        if (s === 0) {
          if (c < 128) this.rootAscii[c] = count;
          else this.rootOther.set(c, count);
        } else if (s === count - 1)
          st[4 * s + META] |= HAS_NEXT; // the last state made, a leaf so far
        else {
          this.addMore(s, c, count);
          st[4 * count + FAIL] = s;
        }
        const start = isWord(v.charCodeAt(0)) ? WORD_START : 0;
        const k = list.push(v) - 1;
        for (; j < v.length; j++) {
          s = count++;
          st[4 * s + META] = v.charCodeAt(j) | start | prefix | (j + 1 < v.length ? HAS_NEXT : 0);
          st[4 * s + DEPTH] = j + 1;
          origin[s] = k;
        }
      }
      if ((this.st[4 * s + META] & TERMINAL) === 0) size++;
      this.st[4 * s + META] |= TERMINAL | (prefix ? ANYWHERE : 0);
    }
    this.size = size;
    if (size <= FEW) this.few = [...new Set(strings)].filter((v) => v.length > 0);
    // failure links and `inner` in order of depth (a counting sort): a state's failure state is
    // shallower, so done before it
    const st = this.st;
    const at = new Int32Array(longest + 2);
    for (let t = 1; t < count; t++) at[st[4 * t + DEPTH] + 1]++;
    for (let d = 1; d <= longest + 1; d++) at[d] += at[d - 1];
    const order = new Int32Array(count);
    for (let t = 1; t < count; t++) order[at[st[4 * t + DEPTH]]++] = t;
    // the cut points: a state with a child by a blank (FAIL still holds the parent of a hashed child)
    // and the kinds of character of each state's string (a cut of a string masked anywhere is found
    // inside a word only when it cannot be an ordinary word either: `Sup3r`, not `a` or `data`)
    let cuts = false;
    const kinds = anyCount ? new Uint8Array(count) : undefined;
    for (let t = 1; t < count; t++) {
      const p = st[4 * t + DEPTH] === 1 ? 0 : (st[4 * (t - 1) + META] & HAS_NEXT) !== 0 ? t - 1 : st[4 * t + FAIL];
      if (kinds) kinds[t] = kinds[p] | kindOf(st[4 * t + META] & 0xffff);
      if (p === 0 || !isBlank(st[4 * t + META] & 0xffff) || isBlank(st[4 * p + META] & 0xffff)) continue;
      const any = kinds && (st[4 * t + META] & ANY_PREFIX) !== 0 && threeKinds(kinds[p]);
      st[4 * p + META] |= CUT | (any ? CUT_ANY : 0);
      if (!any && (st[4 * p + META] & WORD_START) !== 0) glued = true;
      cuts = true;
    }
    this.glued = glued;
    const cutInner = cuts ? new Int32Array(count) : undefined;
    const anyInner = anyCount ? new Int32Array(count) : undefined;
    for (let k = 0; k < count - 1; k++) {
      const t = order[k];
      if (st[4 * t + DEPTH] === 1) continue; // the root's children: the root, and `inner` 0
      const s = (st[4 * (t - 1) + META] & HAS_NEXT) !== 0 ? t - 1 : st[4 * t + FAIL];
      this.link(s, t, list[origin[t]], cutInner, anyInner);
    }
    this.cutInner = cutInner;
    this.anyInner = anyInner;
  }

  /** Room for `need` states at least (doubling: the copies cost linear time in all). */
  private grow(origin: Int32Array, need: number): Int32Array {
    const states = Math.max(need, this.st.length / 2);
    const st = new Int32Array(4 * states);
    st.set(this.st);
    this.st = st;
    const grown = new Int32Array(states);
    grown.set(origin);
    return grown;
  }

  private addMore(s: number, c: number, t: number): void {
    let h = this.hash(s, c);
    while (this.more[3 * h] !== 0) h = (h + 1) & this.moreMask;
    this.more[3 * h] = s;
    this.more[3 * h + 1] = c;
    this.more[3 * h + 2] = t;
    this.st[4 * s + META] |= HAS_MORE;
  }

  private hash(s: number, c: number): number {
    // Fibonacci hashing: the high bits of the product, which every bit of the key reaches
    return Math.imul(s ^ Math.imul(c, 0x85ebca77), 0x9e3779b1) >>> this.moreShift;
  }

  /** The failure state of `t`, the child of `s` (whose string is a prefix of `v`), its `inner`, `cutInner` and `anyInner`. */
  private link(s: number, t: number, v: string, cutInner?: Int32Array, anyInner?: Int32Array): void {
    const st = this.st;
    const c = st[4 * t + META] & 0xffff;
    let f = st[4 * s + FAIL];
    let g = this.child(f, c);
    while (g === 0 && f !== 0) {
      f = st[4 * f + FAIL];
      g = this.child(f, c);
    }
    st[4 * t + FAIL] = g;
    // the failure state's string is the longest proper suffix in the automaton: if it is one of the
    // strings, its start is checked against the character of t's string before it (one masked
    // anywhere is valid whatever it follows); else (or if that start is not valid) the answer is the
    // failure state's own `inner`, whose starts lie inside both
    const meta = st[4 * g + META];
    const start = (meta & WORD_START) === 0 || !isWord(v.charCodeAt(st[4 * t + DEPTH] - st[4 * g + DEPTH] - 1));
    const valid = g !== 0 && (meta & TERMINAL) !== 0 && ((meta & ANYWHERE) !== 0 || start);
    st[4 * t + INNER] = valid ? st[4 * g + DEPTH] : st[4 * g + INNER];
    if (anyInner) anyInner[t] = g !== 0 && (meta & ANYWHERE) !== 0 ? st[4 * g + DEPTH] : anyInner[g];
    if (!cutInner) return;
    const cut = (meta & CUT) !== 0 && ((meta & CUT_ANY) !== 0 || start);
    cutInner[t] = cut ? st[4 * g + DEPTH] : cutInner[g];
  }

  /** The child of `s` by code unit `c`, 0 when it has none. */
  private child(s: number, c: number): number {
    if (s === 0) return c < 128 ? this.rootAscii[c] : (this.rootOther.get(c) ?? 0);
    const meta = this.st[4 * s + META];
    if ((meta & HAS_NEXT) !== 0 && (this.st[4 * s + 4 + META] & 0xffff) === c) return s + 1;
    if ((meta & HAS_MORE) !== 0)
      for (let h = this.hash(s, c); this.more[3 * h] !== 0; h = (h + 1) & this.moreMask)
        if (this.more[3 * h] === s && this.more[3 * h + 1] === c) return this.more[3 * h + 2];
    return 0;
  }

  /**
   * The union of the occurrences in `text` (whole-token ones, and any of a string masked anywhere), as
   * `[start, end)` pairs one after the other (sorted; overlapping occurrences merged into one span,
   * touching ones kept apart).
   */
  spans(text: string): readonly number[] {
    const first = this.once(text, NONE);
    if (!this.anyInner || !this.glued || !besideWord(text, first)) return first;
    const second = this.once(text, first);
    return second.length ? union(first, second) : first;
  }

  /**
   * The union of the occurrences in `text` (`spans`) outside the spans `masked` (sorted pairs), each
   * of which reads as one non-word character that no string holds, whatever characters the strings
   * hold (a `*` too): the second reading reads the text as masked, by position.
   */
  private once(text: string, masked: readonly number[]): readonly number[] {
    if (this.size === 0) return NONE;
    // a cut text may hold a string's first words alone
    if (text.length < this.shortest || (this.few && !this.few.some((v) => text.includes(v))))
      if (!this.cutInner || !text.includes('…')) return NONE;
    const cutInner = this.cutInner;
    const anyInner = this.anyInner;
    // made at the first occurrence: most texts have none (a review scans thousands of strings)
    let out: number[] | undefined;
    const st = this.st;
    const n = text.length;
    const rootAscii = this.rootAscii;
    let s = 0;
    // the end of the last masked span passed (a character before it is no word character), the next one's start
    let [m, edge, next] = [0, 0, masked.length ? masked[0] : n];
    for (let i = 0; i < n; i++) {
      if (i === next) {
        [s, i, edge] = [0, masked[m + 1] - 1, masked[m + 1]];
        m += 2;
        next = m < masked.length ? masked[m] : n;
        continue;
      }
      const c = text.charCodeAt(i);
      if (c === ELLIPSIS && cutInner && s !== 0) {
        // a cut text's end: the longest cut point ending here (before the `…`)
        const d = st[4 * s + DEPTH];
        const meta = st[4 * s + META];
        const len =
          (meta & CUT) !== 0 &&
          ((meta & (WORD_START | CUT_ANY)) !== WORD_START || i - d - 1 < edge || !isWord(text.charCodeAt(i - d - 1)))
            ? d
            : cutInner[s];
        if (len > 0) addSpan((out ??= []), i - len, i);
      }
      // the next state: the longest suffix of text[0..i] that is a prefix of a string. At the root
      // (most of a text, outside any match) that is one table read, with no failure chain to follow.
      let t: number;
      if (s === 0) t = c < 128 ? rootAscii[c] : (this.rootOther.get(c) ?? 0);
      else {
        t = this.child(s, c);
        while (t === 0 && s !== 0) {
          s = st[4 * s + FAIL];
          t = this.child(s, c);
        }
      }
      s = t;
      if (s === 0) continue;
      let len = st[4 * s + INNER];
      const d = st[4 * s + DEPTH];
      const meta = st[4 * s + META];
      if (
        (meta & TERMINAL) !== 0 &&
        ((meta & (WORD_START | ANYWHERE)) !== WORD_START || i - d < edge || !isWord(text.charCodeAt(i - d)))
      )
        len = d;
      if (len === 0) continue;
      // every string ending here ends with c: one end check for all of them; where it fails, the
      // longest string masked anywhere that ends here (which `len` was at least)
      if (isWord(c) && i + 1 < next && isWord(text.charCodeAt(i + 1))) {
        len = anyInner === undefined ? 0 : (meta & ANYWHERE) !== 0 ? d : anyInner[s];
        if (len === 0) continue;
      }
      addSpan((out ??= []), i + 1 - len, i + 1);
    }
    return out ?? NONE;
  }

  /** `text` with each span of `spans` replaced by `replacement` (`text` itself when there is none). */
  replace(text: string, replacement: string): string {
    return replaceSpans(text, this.spans(text), replacement);
  }
}
