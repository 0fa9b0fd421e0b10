/**
 * The comments of a bundle file that hold the inline suppression marker, by line: only a real
 * comment suppresses. The same words inside a quoted value (`PASSWORD: "x # compose-review-ignore all"`)
 * or on a line of a block scalar's text are the value, not a comment, and suppress nothing.
 *
 * A Compose file's comments are the ones yaml's lexer reads (the tokens starting with `#` that are
 * not a scalar's text); an env file's are dotenv's: a line starting with `#`, and on a line whose
 * value is not quoted, what follows the value's first ` #` (compose-go dotenv/parser.go:77-95
 * getStatementStart, :155-158 extractVarValue "Remove inline comments on unquoted lines"), as
 * src/interpolate/dotenv.ts reads them (dotenvComments).
 * A file is read once, and only when its text holds the marker at all: linear in the text.
 */
import { Lexer } from 'yaml';
import { LINE_BREAK } from '../diagnostics.js';
import { dotenvComments } from '../interpolate/dotenv.js';

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

/**
 * The marker comments of a dotenv text by line: where the project's dotenv reader (the one the loader
 * reads env files with) finds its comments, so a quote is read as it reads it (a `\\` escapes the
 * quote in single- and double-quoted values alike, and there is no third quote).
 */
function envComments(text: string): Map<number, MarkerComment> {
  return byLine(text, dotenvComments(text));
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
