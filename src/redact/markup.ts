/**
 * Our answers' own markup in a rendered answer: what the renderers write around the (masked) data
 * they read, which the finished answer's pass (`Masker.rendered`) leaves as it is. A weak secret
 * equal to a word of it (`testcase`, `version`, `warning`) masked JUnit's and checkstyle's element
 * and attribute names (malformed XML), SARIF's `"version":`, its results' `"level": "warning"`,
 * GitHub's `::warning` command.
 *
 * - XML (JUnit, checkstyle) is read: every tag but its attribute values is ours (`xmlMarkup`); a
 *   bundle's string is only ever in an attribute's value or in a text, escaped (no `<`, `"` in it).
 * - The rest is registered by the renderers that write it (`addMarkup`, `memberValues`), from the
 *   tables they write it from (src/report/*.ts), so it cannot drift from them:
 *   test/redact-markup.test.ts renders every answer with a secret equal to each member name, each
 *   enumerated value and each markup name found in them, and finds every answer unchanged.
 */
import { notOurs, outside, ownWords, type OwnWords } from './vocabulary.js';
import { onAnswerValues } from './answer-keys.js';

const strings = new Set<string>();
let built: { size: number; words: OwnWords } | undefined;
/** markup known only once it is read (the package's home page): read when the scanner is first made */
const later: (() => Iterable<string>)[] = [];

/** Strings the renderers write as they are (a command's `::warning `, a table's header): ours in a rendered answer. */
export function addMarkup(list: Iterable<string>): void {
  for (const s of list) if (s.length) strings.add(s);
}

/**
 * The forms a member's value of ours takes in a rendered answer: a JSON member as our answers and
 * the JSON formats write it (`"level": "warning"`, `"level":"warning"`), an XML attribute
 * (`severity="warning"`); registered for each of `values` under each of `members`.
 */
export function memberValues(members: readonly string[], values: Iterable<string>): void {
  const list = [...values];
  for (const m of members)
    for (const v of list) {
      const [k, s] = [JSON.stringify(m), JSON.stringify(v)];
      addMarkup([`${k}: ${s}`, `${k}:${s}`, `${m}=${s}`]);
    }
}

// the answers' own enumerated values (src/redact/answer-keys.ts), wherever an answer writes them as a member's
onAnswerValues((member, values) => memberValues([member], values));

/** `addMarkup` of what `read` gives, once the markup is first looked for (not while the modules load). */
export function addMarkupLater(read: () => Iterable<string>): void {
  later.push(read);
}

/** The scanner of every registered string (none while there is none), remade when one was added. */
export function markupWords(): OwnWords | undefined {
  while (later.length) addMarkup(later.shift()!());
  if (strings.size === 0) return undefined;
  if (built?.size !== strings.size) built = { size: strings.size, words: ownWords(strings) };
  return built.words;
}

/**
 * Where `body`, when it is an XML text, is markup of ours: each tag from its `<` to its `>`, but
 * the attribute values in it, as `[start, end)` pairs (each from a quote, or the tag's `<`, to the
 * next quote, or its `>`, both in: `<testcase name="`, `" classname="`, `"/>`). None for a text
 * that is no XML. Linear in the text.
 */
export function xmlMarkup(body: string): number[] {
  const spans: number[] = [];
  if (!body.startsWith('<?xml ')) return spans;
  for (let i = body.indexOf('<'); i >= 0; i = body.indexOf('<', i + 1)) {
    let from = i;
    let j = i + 1;
    for (; j < body.length && body[j] !== '>'; j++) {
      if (body[j] !== '"') continue;
      spans.push(from, j + 1);
      const close = body.indexOf('"', j + 1);
      if (close < 0) return spans;
      from = j = close;
    }
    spans.push(from, Math.min(j + 1, body.length));
    i = j;
  }
  return spans;
}

/** The cells of a markdown table of ours (a header's `| severity |`, a row's `| warning |`): ours in a rendered answer. */
export function tableCells(cells: Iterable<string>): void {
  addMarkup([...cells].map((c) => `| ${c} |`));
}

/** Values of ours a rendered JSON answer writes in a list (SARIF's `"tags": ["network"]`): their JSON forms. */
export function quotedValues(values: Iterable<string>): void {
  addMarkup([...values].map((v) => JSON.stringify(v)));
}

/** The longest text of ours a pattern of `addMarkupPattern` may match. */
const PATTERN_REACH = 120;
const patterns: RegExp[] = [];

/**
 * A text of ours with counts or values of ours in it (`2 errors, 0 warnings`, `(changed, 2
 * changes)`), as a pattern matching at most PATTERN_REACH characters: ours in a rendered answer.
 */
export function addMarkupPattern(re: RegExp): void {
  patterns.push(new RegExp(re.source, re.flags.includes('g') ? re.flags : `${re.flags}g`));
}

/**
 * `spans` (a secret's occurrences in `text`, sorted `[start, end)` pairs) without those inside a
 * longer stretch of our markup: a registered string, a pattern's match near it, an XML tag.
 */
export function notMarkup(text: string, spans: readonly number[]): readonly number[] {
  let rest = notOurs(text, spans, markupWords());
  if (rest.length && patterns.length) rest = outsidePatterns(text, rest);
  return rest.length ? outside(rest, xmlMarkup(text)) : rest;
}

/** `spans` without those inside a longer match of a pattern, each read within PATTERN_REACH of it. */
function outsidePatterns(text: string, spans: readonly number[]): readonly number[] {
  const out: number[] = [];
  for (let k = 0; k < spans.length; k += 2) {
    const [from, to] = [spans[k], spans[k + 1]];
    const at = Math.max(0, from - PATTERN_REACH);
    const window = text.slice(at, Math.min(text.length, to + PATTERN_REACH));
    let inside = false;
    for (let p = 0; !inside && p < patterns.length; p++) {
      const re = patterns[p];
      re.lastIndex = 0;
      for (let m = re.exec(window); m && !inside && at + m.index <= from; m = re.exec(window)) {
        if (m[0].length === 0) re.lastIndex++;
        const [s, e] = [at + m.index, at + m.index + m[0].length];
        inside = s <= from && to <= e && e - s > to - from;
      }
    }
    if (!inside) out.push(from, to);
  }
  return out.length === spans.length ? spans : out;
}
