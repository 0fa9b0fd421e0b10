/**
 * Where a YAML file's text shows a secret, as offsets: what a report that quotes a source line (the
 * text format's snippet, src/report/text.ts) masks before it cuts and prints the line. Masking by
 * value finds a secret as the answer writes it, not as the file may: a value written with escapes
 * (`COPY: "s3\x63r3t"` when `DB_PASSWORD: s3cr3t` is a secret), doubled quotes or over several
 * lines (folded, an escaped line break), and values shorter than the masker's strong ones under a
 * secret name that no line pattern reads (`{? DB_PASSWORD : x}`, an entry of a flow mapping written
 * over several lines, `[DB_PASSWORD=x]`). Each scalar of the text is read as YAML reads it (yaml's
 * own lexer, then src/redact/scalars.ts), and:
 *
 * - the occurrences of the masker's values in its value are mapped back to the characters that wrote them;
 * - the value of a secret-named key (`isSecretName`, as the line patterns read it), unless it cannot be
 *   a secret (`isNonSecretValue`: a `${VAR}`, a path, a boolean), is masked whole, quotes and all;
 * - a sequence item `NAME=value` with a secret name has its value masked.
 *
 * One pass over the tokens (the lexer is linear in the text; a scalar is decoded once); the ranges
 * are ordered by start and may overlap (the caller takes their union).
 */
import { Lexer } from 'yaml';
import { isNonSecretValue, isSecretName } from '../audit/secrets.js';
import { decodeBlock, decodeEnvQuoted, decodeFlow, sourceOf, type Decoded } from './scalars.js';

/** Where a text holds a secret value, as `[start, end)` pairs (src/redact/mask.ts Masker.spans): what quoting a source line needs of a masker. */
export interface SecretSpans {
  spans(text: string): readonly number[];
}

const DOCUMENT = '\x02';
const FLOW_END = '\x18';
const SCALAR = '\x1f';
const ITEM = /^([A-Za-z_][\w.-]*)=/;

/** A scalar just read: whether a `:` after it makes it a key is known at the next token. */
interface Pending {
  at: number;
  source: string;
  decoded: Decoded;
  /** it came after a secret-named key's `:` */
  secretValue: boolean;
  /** it is an item of a sequence (after `-`, or `[` or `,` in a flow sequence) */
  item: boolean;
}

/** `[start, end)` offset pairs of `text`, one after the other, that a quoted line of it must not show. */
export function secretRanges(text: string, masker?: SecretSpans): number[] {
  const out: number[] = [];
  let offset = 0;
  let scalarNext = false;
  let header = '';
  /** the last token before this one that is not a blank, a line break or a comment */
  let prev = '';
  let afterSecretKey = false;
  let pending: Pending | undefined;
  const flow: string[] = [];

  const settle = (isKey: boolean): void => {
    const p = pending;
    pending = undefined;
    if (!p) return;
    if (isKey) {
      afterSecretKey = isSecretName(p.decoded.value);
      return;
    }
    afterSecretKey = false;
    const { value } = p.decoded;
    if (p.secretValue && !isNonSecretValue(value)) {
      out.push(p.at, p.at + p.source.length);
      return;
    }
    if (p.item) {
      const m = ITEM.exec(value);
      if (m && isSecretName(m[1]) && !isNonSecretValue(value.slice(m[0].length)) && value.length > m[0].length)
        push(p, m[0].length, value.length);
    }
  };
  /** the source range of decoded characters `[a, b)` of `p` */
  const push = (p: Pending, a: number, b: number): void => {
    const [from, to] = sourceOf(p.decoded, a, b);
    out.push(p.at + from, p.at + to);
  };

  for (const [token, marker] of tokensOf(text)) {
    if (marker) {
      if (token === SCALAR) scalarNext = true;
      continue;
    }
    const at = offset;
    offset += token.length;
    const c = token[0];
    let scalar: Decoded | undefined;
    if (scalarNext) {
      scalarNext = false;
      scalar = header ? decodeBlock(token, header) : decodeFlow(token, '');
      header = '';
    } else if (c === '"' || c === "'") scalar = decodeFlow(token, c);
    if (scalar) {
      settle(false);
      const item = prev === '-' || ((prev === '[' || prev === ',') && flow[flow.length - 1] === '[');
      pending = { at, source: token, decoded: scalar, secretValue: afterSecretKey, item };
      if (masker) {
        const spans = masker.spans(scalar.value);
        for (let k = 0; k < spans.length; k += 2) push(pending, spans[k], spans[k + 1]);
      }
      prev = SCALAR;
      continue;
    }
    // blanks, line breaks and comments change nothing; an anchor or a tag stands before its node;
    // what follows a block scalar's header on its line is the header's (`| \x18`, an error YAML reports)
    if (c === ' ' || c === '\t' || c === '\n' || c === '\r' || c === '#' || token === '' || header) continue;
    if (c === '&' || c === '!') continue;
    if (c === '|' || c === '>') {
      header = token;
      continue;
    }
    if (token === ':') {
      settle(prev === SCALAR);
      prev = token;
      continue;
    }
    settle(false);
    afterSecretKey = false;
    if (token === '{' || token === '[') flow.push(token);
    else if (token === '}' || token === ']') flow.pop();
    prev = token;
  }
  settle(false);
  return out;
}

const MARKERS = new Set([DOCUMENT, FLOW_END, SCALAR]);

/**
 * yaml's lexer's tokens of `text`, each with whether it is a marker (`\x02` a document, `\x1f` a
 * scalar, `\x18` a flow's end: no character of the text) or text: the text tokens rebuild `text`.
 * A token that reads as a marker may be text (a plain scalar `\x1f`, the rest of a block header
 * `| \x18`): taken for a marker it went uncounted, and every range after it was shifted. Of a run of
 * such tokens, the last ones are text, as few as let the next token (or the end) fit in the text
 * after them: a marker stands before what it marks, and a text token of the run is one character.
 * Linear: a run holds a few tokens (markers around at most one scalar or header's rest).
 */
export function* tokensOf(text: string): Generator<[token: string, marker: boolean]> {
  const run: string[] = [];
  let offset = 0;
  const settle = function* (next: string | undefined): Generator<[string, boolean]> {
    const fits = (at: number): boolean => (next === undefined ? at === text.length : text.startsWith(next, at));
    let j = 0;
    for (; j <= run.length; j++) {
      let k = 0;
      while (k < j && run[run.length - j + k] === text[offset + k]) k++;
      if (k === j && fits(offset + j)) break;
    }
    if (j > run.length) j = 0;
    for (let i = 0; i < run.length; i++) yield [run[i], i < run.length - j];
    offset += j;
    run.length = 0;
  };
  for (const token of new Lexer().lex(text)) {
    if (MARKERS.has(token)) {
      run.push(token);
      continue;
    }
    if (run.length) yield* settle(token);
    yield [token, false];
    offset += token.length;
  }
  yield* settle(undefined);
}

/** `NAME=value` (or `NAME: value`, `export NAME=value`) where a statement starts: the name, up to where the value starts. */
const ENV_ENTRY = /[ \t]*(?:export[ \t]+)?([A-Za-z_][A-Za-z0-9_.-]*)[ \t]*[=:][ \t]*/y;

/** A `NAME=value` statement of an env file: its name, where its value is written (`[v, end)`, quotes and all), the value read. */
export interface EnvEntry {
  name: string;
  v: number;
  end: number;
  decoded: Decoded;
}

/**
 * The `NAME=value` statements of an env file, read as compose-go's dotenv reads them
 * (dotenv/parser.go): a quoted value may hold escapes and span lines, and the parser reads on after
 * its closing quote, blanks skipped, so `B='y' API_TOKEN=tk12` sets API_TOKEN too; an unquoted value
 * runs to the end of its line (a ` #` starts a comment). Lenient: where the parser would fail, the
 * rest of the line is skipped and the next line read (a file the loader refuses may still be quoted).
 * Linear: each character is read once (the end of a line is searched only when the line is left);
 * each statement is handed to `each` as it is read, none kept (holding them all made a file of many
 * statements pay for old-generation garbage collections: 3.6 µs a statement at 40,000, 1.5 at 10,000).
 */
export function envEntries(text: string, each: (e: EnvEntry) => void): void {
  const nextLine = (from: number): number => {
    const nl = text.indexOf('\n', from);
    return nl < 0 ? text.length : nl + 1;
  };
  for (let at = 0; at < text.length;) {
    ENV_ENTRY.lastIndex = at;
    const m = ENV_ENTRY.exec(text);
    if (!m) {
      at = nextLine(at);
      continue;
    }
    const v = ENV_ENTRY.lastIndex;
    const q = text[v];
    if (q === '"' || q === "'") {
      const decoded = decodeEnvQuoted(text, v);
      each({ name: m[1], v, end: decoded.end, decoded });
      let next = decoded.end;
      while (text[next] === ' ' || text[next] === '\t') next++;
      at = next < text.length && !'\r\n#'.includes(text[next]) ? next : nextLine(decoded.end);
      continue;
    }
    let eol = text.indexOf('\n', v);
    if (eol < 0) eol = text.length;
    // an unquoted value ends at ` #` (a comment), its trailing blanks taken off (a loop: a pattern
    // such as `\s*$` retries a run of blanks at each of its characters)
    const hash = text.slice(v, eol).search(/\s#/);
    let end = hash < 0 ? eol : v + hash;
    while (end > v && /\s/.test(text[end - 1])) end--;
    each({ name: m[1], v, end, decoded: { value: text.slice(v, end), shift: v } });
    at = eol + 1;
  }
}

/**
 * What `secretRanges` is for a YAML file, for an env file (its statements: envEntries): the
 * occurrences of the masker's values in each value, and a secret-named variable's value whole.
 */
export function envRanges(text: string, masker?: SecretSpans): number[] {
  const out: number[] = [];
  envEntries(text, ({ name, v, end, decoded }) => {
    if (masker) {
      const spans = masker.spans(decoded.value);
      for (let k = 0; k < spans.length; k += 2) out.push(...sourceOf(decoded, spans[k], spans[k + 1]));
    }
    if (end > v && isSecretName(name) && !isNonSecretValue(decoded.value)) out.push(v, end);
  });
  return out;
}
