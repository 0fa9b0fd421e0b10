/**
 * The comments of a bundle file that hold the inline suppression marker, by line: only a real
 * comment suppresses. The same words inside a quoted value (`PASSWORD: "x # compose-review-ignore all"`)
 * or on a line of a block scalar's text are the value, not a comment, and suppress nothing.
 *
 * A Compose file's comments are the ones yaml's lexer reads (the tokens starting with `#` that are
 * not a scalar's text); an env file's are dotenv's: a line starting with `#`, and on a line whose
 * value is not quoted, what follows the value's first ` #` (compose-go dotenv/parser.go:77-95
 * getStatementStart, :155-158 extractVarValue "Remove inline comments on unquoted lines").
 * A file is read once, and only when its text holds the marker at all: linear in the text.
 */
import { Lexer } from 'yaml';
import { LINE_BREAK } from '../diagnostics.js';

export const MARKER = 'compose-review-ignore';

/** A comment holding the marker: its text from its `#`, and whether it is all its line holds. */
export interface MarkerComment {
  text: string;
  alone: boolean;
}

const NONE = new Map<number, MarkerComment>();
const cache = new WeakMap<Record<string, string>, Map<string, Map<number, MarkerComment>>>();

/** The marker comment on `line` (1-based) of `file`, when the file has one there. */
export function markerComment(
  files: Record<string, string> | undefined,
  file: string,
  line: number,
  yamlFile: boolean,
): MarkerComment | undefined {
  const text = files?.[file];
  if (typeof text !== 'string') return undefined;
  let byFile = cache.get(files!);
  if (!byFile) cache.set(files!, (byFile = new Map<string, Map<number, MarkerComment>>()));
  let comments = byFile.get(file);
  // once per file, the search for the marker too (a finding each of 4,000 services read the whole text)
  if (!comments)
    byFile.set(file, (comments = !text.includes(MARKER) ? NONE : yamlFile ? yamlComments(text) : envComments(text)));
  return comments.get(line);
}

/** The starting offsets of the lines, as diagnostics count them (LINE_BREAK). */
function lineStarts(text: string): number[] {
  const starts = [0];
  const re = new RegExp(LINE_BREAK.source, 'g');
  for (let m = re.exec(text); m; m = re.exec(text)) starts.push(m.index + m[0].length);
  return starts;
}

/** The marker comments of a YAML text by line, from yaml's lexer (the offsets counted as its parser does). */
function yamlComments(text: string): Map<number, MarkerComment> {
  const found: number[] = [];
  let offset = 0;
  let scalar = false;
  for (const lexeme of new Lexer().lex(text)) {
    // control lexemes of the lexer are not in the text; the lexeme after SCALAR is a scalar's text
    if (lexeme === '\x1f') {
      scalar = true;
      continue;
    }
    if (lexeme === '\x02' || lexeme === '\x18') continue;
    if (!scalar && lexeme[0] === '#' && lexeme.includes(MARKER)) found.push(offset);
    scalar = false;
    offset += lexeme.length;
  }
  return byLine(text, found);
}

/** The marker comments of a dotenv text by line. */
function envComments(text: string): Map<number, MarkerComment> {
  const found: number[] = [];
  const starts = lineStarts(text);
  // the quote of a value that runs over lines (compose-go dotenv/parser.go extractVarValue): its
  // lines are the value's, not comments
  let open: string | undefined;
  starts.forEach((start, i) => {
    const end = i + 1 < starts.length ? starts[i + 1] : text.length;
    const line = text.slice(start, end);
    let from = 0;
    if (open !== undefined) {
      const close = closingQuote(line, 0, open);
      if (close < 0) return;
      open = undefined;
      from = close + 1;
    } else {
      const lead = /^\s*/.exec(line)![0].length;
      if (line[lead] === '#') {
        if (line.includes(MARKER)) found.push(start + lead);
        return;
      }
      // `NAME=value`, or `NAME: value` (dotenv/parser.go locateKeyName: a yaml-style declaration)
      const eq = /^\s*(?:export\s+)?[^=:\s]+\s*[=:][ \t]*/.exec(line);
      if (!eq) return;
      from = eq[0].length;
      const q = line[from];
      if (q === '"' || q === "'" || q === '`') {
        const close = closingQuote(line, from + 1, q);
        if (close < 0) {
          open = q;
          return;
        }
        from = close + 1;
      }
    }
    if (!line.includes(MARKER)) return;
    // after a quoted value anything from `#` on is a comment; after a plain one, ` #`
    const hash = from > 0 && /["'`]/.test(line[from - 1] ?? '') ? line.indexOf('#', from) : line.indexOf(' #', from);
    if (hash >= 0) found.push(start + hash + (line[hash] === '#' ? 0 : 1));
  });
  return byLine(text, found, starts);
}

/** Where the quote `q` opened before `from` closes on `line` (a `\\` escapes in a double-quoted value), or -1. */
function closingQuote(line: string, from: number, q: string): number {
  for (let i = from; i < line.length; i++) {
    if (q === '"' && line[i] === '\\') i++;
    else if (line[i] === q) return i;
  }
  return -1;
}

function byLine(
  text: string,
  offsets: number[],
  starts = offsets.length ? lineStarts(text) : [],
): Map<number, MarkerComment> {
  const out = new Map<number, MarkerComment>();
  let line = 0;
  for (const at of offsets) {
    while (line + 1 < starts.length && starts[line + 1] <= at) line++;
    const rest = text.slice(at, line + 1 < starts.length ? starts[line + 1] : text.length);
    const cut = LINE_BREAK.exec(rest);
    const comment = cut ? rest.slice(0, cut.index) : rest;
    if (!comment.includes(MARKER)) continue;
    out.set(line + 1, { text: comment, alone: text.slice(starts[line], at).trim() === '' });
  }
  return out;
}
