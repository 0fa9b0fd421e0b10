/**
 * go-shellwords v1.0.12 (github.com/mattn/go-shellwords, the version compose-go's go.mod pins), as
 * compose-go splits `command` / `entrypoint` strings (types.ShellCommand.DecodeMapstructure calls
 * `shellwords.Parse`: no environment expansion, no backtick execution). Ported line by line rather
 * than taken from npm: its rules are not a shell's (it stops at the first `;`, `&`, `|`, `<` or `>`
 * outside quotes and drops the rest, a backslash escapes any character even inside double quotes,
 * a backtick or `$(…)` group stays one word, a bare `(` or an unbalanced quote is an error), and
 * Compose's output is what must come out. Durations and sizes: src/normalize/units.ts.
 */

/** What go-shellwords answers for a line it refuses (a bare `(`, an unclosed quote, a trailing `\`). */
export class ShellwordsError extends Error {
  constructor() {
    super('invalid command line string');
  }
}

export interface ShellWords {
  words: string[];
  /** the operator (`;`, `&`, `|`, `<`, `>`) where go-shellwords stopped: what follows is dropped */
  cutAt?: string;
}

const NO = 0;
const SINGLE = 1;
const QUOTED = 2;

/** go-shellwords Parser.Parse with ParseEnv and ParseBacktick off; throws ShellwordsError. */
export function shellWords(line: string): ShellWords {
  const words: string[] = [];
  let buf = '';
  let escaped = false;
  let doubleQuoted = false;
  let singleQuoted = false;
  let backQuote = false;
  let dollarQuote = false;
  let got = NO;
  let cutAt: string | undefined;
  loop: for (const r of line) {
    if (escaped) {
      buf += r;
      escaped = false;
      got = SINGLE;
      continue;
    }
    if (r === '\\') {
      if (singleQuoted) buf += r;
      else escaped = true;
      continue;
    }
    if (r === ' ' || r === '\t' || r === '\r' || r === '\n') {
      if (singleQuoted || doubleQuoted || backQuote || dollarQuote) buf += r;
      else if (got !== NO) {
        words.push(buf);
        buf = '';
        got = NO;
      }
      continue;
    }
    switch (r) {
      case '`':
        if (!singleQuoted && !doubleQuoted && !dollarQuote) backQuote = !backQuote;
        break;
      case ')':
        // a bare `)` opens a group that never closes: an error at the end
        if (!singleQuoted && !doubleQuoted && !backQuote) dollarQuote = !dollarQuote;
        break;
      case '(':
        if (!singleQuoted && !doubleQuoted && !backQuote) {
          if (!dollarQuote && buf.endsWith('$')) {
            dollarQuote = true;
            buf += '(';
            continue;
          }
          throw new ShellwordsError();
        }
        break;
      case '"':
        if (!singleQuoted && !dollarQuote) {
          if (doubleQuoted) got = QUOTED;
          doubleQuoted = !doubleQuoted;
          continue;
        }
        break;
      case "'":
        if (!doubleQuoted && !dollarQuote) {
          if (singleQuoted) got = QUOTED;
          singleQuoted = !singleQuoted;
          continue;
        }
        break;
      case ';':
      case '&':
      case '|':
      case '<':
      case '>':
        if (!(singleQuoted || doubleQuoted || backQuote || dollarQuote)) {
          // `2>&1`: the descriptor's number is not a word
          if (r === '>' && buf.length > 0 && buf[0] >= '0' && buf[0] <= '9') got = NO;
          cutAt = r;
          break loop;
        }
        break;
    }
    got = SINGLE;
    buf += r;
  }
  if (got !== NO) words.push(buf);
  if (escaped || singleQuoted || doubleQuoted || backQuote || dollarQuote) throw new ShellwordsError();
  return cutAt === undefined ? { words } : { words, cutAt };
}

/** go-shellwords Parse, as compose-go uses it for `command` / `entrypoint` strings; throws ShellwordsError. */
export function shellSplit(s: string): string[] {
  return shellWords(s).words;
}
