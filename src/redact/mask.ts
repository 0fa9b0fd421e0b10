/**
 * Masking by value: once a value is known to be secret (src/redact/secrets.ts), every whole-token
 * occurrence of it becomes `********`, wherever it landed: a command argument, a plain-named
 * variable, a label, a diagnostic message, a diff, a preview. "Whole token": the occurrence is not
 * part of a longer word (`hunter2hunter2` is masked in `--password=hunter2hunter2` and
 * `pg://u:hunter2hunter2@db`, not inside `xhunter2hunter2y`).
 *
 * The values are found by one automaton (src/redact/scan.ts), in time linear in the text plus the
 * values, however many values a bundle has: an alternation of every value in one regular expression
 * made V8 try each value at each position (1,000 values over a 33 KB answer took 0.3 s, 4,000 over
 * 140 KB 32 s). What is masked is the union of the occurrences: where two occurrences overlap
 * (`ab-cd` and `cd-ef` in `ab-cd-ef`), the whole overlapping stretch becomes one `********`, so no
 * part of either is left in clear; elsewhere each occurrence is its own `********`, as before.
 */
import { escapeData, escapeProperty, mdText, sarifText, textLine } from '../escape.js';
import { FEW, TokenScanner } from './scan.js';
import { emptyRecord } from '../records.js';
import { goQuote } from '../compat/go.js';

/** An empty object with the prototype of `o`: a plain object, a prototype-less map, an instance. */
function emptyLike(o: object): Record<string, unknown> {
  const proto: unknown = Object.getPrototypeOf(o);
  if (proto === Object.prototype) return {};
  const out = emptyRecord<unknown>();
  if (typeof proto === 'object' && proto !== null) Object.setPrototypeOf(out, proto);
  return out;
}

export const MASK = '********';
const NO_SPANS: readonly number[] = Object.freeze([]);

/** The scanner of `values`, none when there is no value to find. */
function scanner(values: Iterable<string>): TokenScanner | undefined {
  const s = new TokenScanner(values);
  return s.size ? s : undefined;
}

/**
 * A value no encoding below changes (most are: letters, digits and the like), written as the
 * characters that none of them touches: not a markdown special, `|`, `%`, `:`, `,`, `$`, `_`, a
 * quote, a backslash, a control, a bidirectional control or mark or line separator, a surrogate (JSON writes a lone
 * one as `\uXXXX`), not starting with `-`, `+`, `=` or `.`, nor with the end of `www.` or `GH-1`
 * (`w.`, `h-1`), and holding no `www.` or `GH-1` (mdText, with what may stand beside the value:
 * `mdForms`). test/redact-scan.test.ts checks it against `encodings`, character by character and on
 * words of the characters those sequences are made of.
 */
export const PLAIN =
  // eslint-disable-next-line no-control-regex
  /^(?![-+=.]|w{1,2}\.|h-(?:\d|$))(?!.*(?:www\.|gh-(?:\d|$)))[^&<>|`[\]*~\\#@!%:,$_'"\u0000-\u001f\u007f-\u009f\u2028\u2029\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069\ud800-\udfff]*$/i;

/**
 * How a value may look once written into a format: JSON strings, markdown text, code in a table,
 * text with visible escapes, workflow-command data and properties, SARIF text, YAML's single quotes.
 * The rendered answers are built from masked data already; matching these too is what makes the
 * last pass over a finished answer a guarantee rather than a hope.
 */
export function encodings(v: string): string[] {
  const json = (s: string) => JSON.stringify(s).slice(1, -1);
  return [
    v,
    json(v),
    ...mdForms(v),
    v.replace(/\|/g, '\\|'),
    textLine(v),
    escapeData(v),
    escapeProperty(v),
    sarifText(v),
    json(sarifText(v)),
    json(textLine(v)),
    v.replace(/'/g, "''"),
  ];
}

/**
 * mdText writes a few characters by what stands beside them: a `_` inside a word stays, the `:` of
 * `x:name:` or of `://`, the `.` of `www.`, the `-` of `GH-1` and a `#` before a digit are written
 * otherwise, and so is a `-`, `+` or `=` that starts the text. So a value's markdown forms are its
 * text written after and before each kind of neighbour (none, a letter, the starts of `www.` and
 * `GH-`; none, a letter and a `:`, `//`, a digit), and cut out of it: the neighbours' own characters
 * are never changed by it.
 */
const MD_BEFORE = ['', 'a', 'w', 'ww', 'www', 'g', 'gh'];
const MD_AFTER = ['', 'a:', '//', '1'];
function mdForms(v: string): string[] {
  const forms = new Set<string>();
  for (const before of MD_BEFORE)
    for (const after of MD_AFTER) forms.add(mdText(before + v + after).slice(before.length, after ? -after.length : undefined));
  return [...forms];
}

export class Masker {
  /** how many secret values it masks */
  readonly size: number;
  private readonly scanner?: TokenScanner;
  private renderedScanner?: TokenScanner | null;

  /**
   * No value has a character of MASK (`*`), so masking what this masker masked changes nothing: an
   * occurrence in a masked text cannot touch a `********`, so it was in the text before, with the
   * same characters around it (an edge of a masked stretch next to it is a non-word character or
   * the edge of an occurrence that a word character there would have made invalid) and was masked.
   */
  private readonly idempotent: boolean;

  /** the values when they are few (at most FEW): an answer is read for them before it is walked (`clean`) */
  private readonly few?: readonly string[];

  /** the values, and their quoted forms (see withQuoted) */
  private readonly values: readonly string[];

  constructor(secrets: readonly string[]) {
    this.size = secrets.length;
    const values = withQuoted(secrets);
    this.values = values;
    this.scanner = scanner(values);
    this.idempotent = !values.some((v) => v.includes('*'));
    const distinct = [...new Set(values)].filter((v) => v.length > 0);
    if (distinct.length <= FEW) this.few = distinct;
  }

  /**
   * environment names shown apart where they mask alike (src/redact/names.ts), raw to shown, and
   * their scanner: each whole-token occurrence of one is shown so before the values are masked
   */
  private names?: ReadonlyMap<string, string>;
  private nameScanner?: TokenScanner;

  /** This masker, showing each of `names` (raw environment name to name shown) so; set before it is used. */
  named(names: ReadonlyMap<string, string>): this {
    this.names = names;
    this.nameScanner = new TokenScanner(names.keys());
    return this;
  }

  /**
   * Every whole-token occurrence of a secret value in `s` as `********`. An environment's name in
   * it is masked as any text is, without its ordinal: the ordinal is shown only where an answer
   * names an environment (`name`, `namesIn`), never in a value that happens to hold a name (a
   * command's `echo "prod B"` showing `prod ******** (2)` would tell whose secret it holds).
   */
  text(s: string): string {
    if (!this.scanner || s.length === 0) return s;
    return this.scanner.replace(s, MASK);
  }

  /** Whether some environment names are shown with their ordinal (two mask alike): else `name` is `text`. */
  get ordinals(): boolean {
    return this.names !== undefined;
  }

  /** An environment's name as the answers show it where they name it: masked, and with its ordinal (see `named`). */
  name(raw: string): string {
    return this.names?.get(raw) ?? this.text(raw);
  }

  /**
   * `s`, a text made of environment names and words of ours (a verdict's `a, b cannot be loaded`),
   * masked, each name in it shown as `name` shows it. Not for a text holding a bundle's values.
   */
  namesIn(s: string): string {
    if (!this.scanner || s.length === 0) return s;
    return this.scanner.replace(this.nameScanner ? this.renamed(s, this.scanner) : s, MASK);
  }

  /**
   * `s` with each occurrence of a name of `names` as it is shown (one that overlaps another is left
   * to the masking), unless a secret value there reaches past it: a value holding the name
   * (`prod A-rest`, `prod A` a name) is masked whole, where renaming its start first showed its rest.
   */
  private renamed(s: string, values: TokenScanner): string {
    const spans = this.nameScanner!.spans(s);
    const held = values.spans(s);
    let out = '';
    let last = 0;
    let v = 0;
    for (let k = 0; k < spans.length; k += 2) {
      const [from, to] = [spans[k], spans[k + 1]];
      while (v < held.length && held[v + 1] <= from) v += 2;
      let within = true;
      for (let j = v; within && j < held.length && held[j] < to; j += 2) within = held[j] >= from && held[j + 1] <= to;
      const name = within ? this.names!.get(s.slice(from, to)) : undefined;
      if (name === undefined) continue;
      out += s.slice(last, from) + name;
      last = to;
    }
    return last === 0 ? s : out + s.slice(last);
  }

  /** Where `s` holds a secret value: the union of their whole-token occurrences, as `[start, end)` pairs (src/redact/scan.ts). */
  spans(s: string): readonly number[] {
    return this.scanner ? this.scanner.spans(s) : NO_SPANS;
  }

  /**
   * A copy of plain data (an answer, a diagnostic, a model) with every string, keys included,
   * masked; parts without a secret are returned as they are, not copied. `masked`: the objects
   * earlier calls with the same set returned (each masked part of their answers is added to it),
   * taken as they are, not walked again, when masking twice is known to change nothing (an answer
   * masked whole after its masked parts were put in it). The caller does not change them in between.
   */
  deep<T>(value: T, masked?: Set<object>): T {
    if (!this.scanner) return value;
    return this.walk(value, this.idempotent ? masked : undefined) as T;
  }

  /**
   * `deep` without recursion, so no nesting depth leaves a part unmasked: each object or array is a
   * frame on an explicit stack, copied only when a value or key under it changes. An object met twice
   * (a YAML alias shares one) is masked once and its masked form reused, so shared parts cost their
   * size once; an object met again inside itself (a cycle) is left as it is there. One map holds both
   * (an object's masked form, or OPEN while it is being masked), and arrays are read by index: a
   * review masks some 3,000 strings, and the walk's own allocations were most of the cost.
   */
  private walk(root: unknown, masked?: Set<object>): unknown {
    if (typeof root === 'string') return this.text(root);
    if (typeof root !== 'object' || root === null || masked?.has(root)) return root;
    if (this.few && clean(root, this.few, masked)) {
      masked?.add(root);
      return root;
    }
    const seen = new Map<object, unknown>();
    const stack: Frame[] = [frame(root)];
    seen.set(root, OPEN);
    let result: unknown = root;
    while (stack.length) {
      const f = stack[stack.length - 1];
      if (f.i < f.n) {
        const child: unknown = f.keys ? Reflect.get(f.src, f.keys[f.i]) : (f.src as unknown[])[f.i];
        let m: unknown = child;
        if (typeof child === 'string') m = this.text(child);
        else if (typeof child === 'object' && child !== null) {
          const known = seen.get(child);
          if (known === undefined && !masked?.has(child)) {
            seen.set(child, OPEN);
            stack.push(frame(child));
            continue;
          }
          if (known === OPEN) f.cyclic = true;
          else if (known !== undefined) m = known;
        }
        this.put(f, f.i++, m);
        continue;
      }
      stack.pop();
      const out = f.out ?? f.src;
      seen.set(f.src, out);
      // a part that holds an object of a cycle as it was is not masked whole
      if (!f.cyclic) masked?.add(out);
      const parent = stack[stack.length - 1];
      if (parent && f.cyclic) parent.cyclic = true;
      if (!parent) result = out;
      else this.put(parent, parent.i++, out);
    }
    return result;
  }

  /** The masked `m` of `f`'s `i`th value (and its key masked) into `f`'s copy, made at the first change. */
  private put(f: Frame, i: number, m: unknown): void {
    const src = f.src;
    if (!f.keys) {
      if (m === (src as unknown[])[i]) return;
      f.out ??= (src as unknown[]).slice();
      (f.out as unknown[])[i] = m;
      return;
    }
    const k = f.keys[i];
    const mk = this.text(k);
    if (m === Reflect.get(src, k) && mk === k) return;
    if (!f.out) {
      const o = emptyLike(src);
      for (const j of f.keys) o[j] = Reflect.get(src, j);
      f.out = o;
    }
    if (mk !== k) Reflect.deleteProperty(f.out, k);
    Reflect.set(f.out, mk, m);
  }

  /** A finished answer in any format: the values and their encoded forms (see `encodings`) masked. */
  rendered(body: string): string {
    if (!this.scanner) return body;
    if (this.renderedScanner === undefined) {
      // the values and their encoded forms; most values have no other form, and when none has the
      // values' own scanner serves
      const other: string[] = [];
      for (const v of this.values) if (!PLAIN.test(v)) for (const e of encodings(v)) if (e !== v) other.push(e);
      this.renderedScanner = other.length ? (scanner([...this.values, ...other]) ?? null) : this.scanner;
    }
    return this.renderedScanner ? this.renderedScanner.replace(body, MASK) : body;
  }
}

/**
 * The values and each quoted form of them that differs (a `"`, a `\\`, a control or invisible
 * character): Compose's own messages, which a diagnostic quotes, print a value with Go's `%q`
 * (`invalid size: "Pa55word\\"Secret9"`), ours with JSON's quotes (`mem_limit "Pa55word\\u0001x"`),
 * and those forms of a secret are the secret too.
 */
function withQuoted(values: readonly string[]): readonly string[] {
  let out: string[] | undefined;
  for (const v of values) for (const q of quotedForms(v)) (out ??= values.slice()).push(q);
  return out ?? values;
}

/** The quoted forms of `v` that differ from it (see withQuoted); most values have none. */
export function quotedForms(v: string): string[] {
  const go = goQuote(v).slice(1, -1);
  const json = JSON.stringify(v).slice(1, -1);
  const out: string[] = [];
  if (go !== v) out.push(go);
  if (json !== v && json !== go) out.push(json);
  return out;
}

/** Objects `clean` reads at most (a part shared by several is read each time): past them, the walk decides. */
const CLEAN_OBJECTS = 20_000;

/**
 * Whether no string of `root`, keys included, contains one of `values` (parts in `masked` aside,
 * which masking leaves as they are): then masking it changes nothing. Read without copying
 * anything, a few `includes` (native) a string; most answers hold no secret value at all, and the
 * walk's frames, copies and map cost several times this read.
 */
function clean(root: object, values: readonly string[], masked?: Set<object>): boolean {
  const stack: object[] = [root];
  let budget = CLEAN_OBJECTS;
  // a string shorter than every value holds none: most keys (`file`, `line`, `path`) and many values
  let shortest = Infinity;
  for (const v of values) shortest = Math.min(shortest, v.length);
  // a value with a blank may show as its first words in a cut text, which ends with `…` (src/redact/scan.ts)
  const cut = values.some((v) => /\S\s/.test(v)) ? '…' : undefined;
  while (stack.length) {
    const o = stack.pop()!;
    if (Array.isArray(o)) {
      for (let i = 0; i < o.length; i++) {
        const v: unknown = o[i];
        if (typeof v === 'string' ? holds(v, values, shortest, cut) : !fits(v)) return false;
      }
      continue;
    }
    // for-in (V8 reads the keys from the object's enumeration cache) also visits inherited
    // enumerable keys: more strings than the walk reads, never fewer
    for (const k in o) {
      const v: unknown = (o as Record<string, unknown>)[k];
      if (holds(k, values, shortest, cut) || (typeof v === 'string' ? holds(v, values, shortest, cut) : !fits(v)))
        return false;
    }
  }
  return true;

  /** A value other than a string: an object is read later (false: past the budget). */
  function fits(v: unknown): boolean {
    if (typeof v !== 'object' || v === null || masked?.has(v)) return true;
    stack.push(v);
    return --budget >= 0;
  }
}

/** Whether `s` may hold one of `values` (the shortest `shortest` long): whole, or cut (`cut`, when a value can be). */
function holds(s: string, values: readonly string[], shortest: number, cut: string | undefined): boolean {
  if (cut !== undefined && s.includes(cut)) return true;
  if (s.length < shortest) return false;
  for (let i = 0; i < values.length; i++) if (s.includes(values[i])) return true;
  return false;
}

/** One object or array being masked by `Masker.walk`: its keys (none: an array), the next one, its copy once made. */
interface Frame {
  src: object;
  keys: string[] | undefined;
  n: number;
  i: number;
  out?: object;
  /** an object of a cycle is left as it is under it */
  cyclic?: boolean;
}

/** What `Masker.walk` knows of an object it is still masking (met again: a cycle). */
const OPEN = Symbol('open');

function frame(src: object): Frame {
  if (Array.isArray(src)) return { src, keys: undefined, n: src.length, i: 0 };
  const keys = Object.keys(src);
  return { src, keys, n: keys.length, i: 0 };
}

/** The masker of a bundle without a secret value. */
export const NO_MASK = new Masker([]);
