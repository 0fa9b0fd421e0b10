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
  /** where go-shellwords stopped, at an operator (`;`, `&`, `|`, `<`, `>`) */
  cutAt?: number;
  /**
   * with cutAt: where the dropped text starts, this index of the line on: the operator, or the word
   * before a `>` that starts with a digit (go-shellwords drops the descriptor's number of `2>&1` too)
   */
  dropAt?: number;
}

const NO = 0;
const SINGLE = 1;
const QUOTED = 2;

/** The characters go-shellwords looks at; any other is appended to the word as it is. */
function special(c: number): boolean {
  switch (c) {
    case 0x20: // space
    case 0x09: // \t
    case 0x0d: // \r
    case 0x0a: // \n
    case 0x5c: // \
    case 0x60: // `
    case 0x28: // (
    case 0x29: // )
    case 0x22: // "
    case 0x27: // '
    case 0x3b: // ;
    case 0x26: // &
    case 0x7c: // |
    case 0x3c: // <
    case 0x3e: // >
      return true;
  }
  return false;
}

/**
 * go-shellwords Parser.Parse with ParseEnv and ParseBacktick off; throws ShellwordsError. Runs of
 * ordinary characters are appended as one slice (a character at a time, a 6 MB line took 2-3 s).
 */
export function shellWords(line: string): ShellWords {
  const words: string[] = [];
  let buf = '';
  let escaped = false;
  let doubleQuoted = false;
  let singleQuoted = false;
  let backQuote = false;
  let dollarQuote = false;
  let got = NO;
  let cutAt: number | undefined;
  let dropAt = 0;
  /** where the word being read starts: after the last blank outside quotes */
  let wordAt = 0;
  // buf's last character, kept as it grows: `buf.endsWith('$')` flattened the string built by `+=`
  // at every `(`, and a word of 25,000 `$(a)` groups took 1.2 s (100,000: 200 s)
  let last = '';
  /** where the run of ordinary characters not yet in buf starts, or -1 */
  let run = -1;
  let i = 0;
  const flush = (): void => {
    if (run < 0) return;
    buf += line.slice(run, i);
    last = line[i - 1];
    run = -1;
  };
  loop: for (; i < line.length; i++) {
    const c = line.charCodeAt(i);
    if (escaped) {
      // the escaped character is one rune: both halves of a surrogate pair
      const pair = c >= 0xd800 && c <= 0xdbff && i + 1 < line.length && (line.charCodeAt(i + 1) & 0xfc00) === 0xdc00;
      const r = pair ? line.slice(i, i + 2) : line[i];
      if (pair) i++;
      buf += r;
      last = r;
      escaped = false;
      got = SINGLE;
      continue;
    }
    if (!special(c)) {
      if (run < 0) run = i;
      got = SINGLE;
      continue;
    }
    flush();
    const r = line[i];
    if (r === '\\') {
      if (singleQuoted) {
        buf += r;
        last = r;
      } else escaped = true;
      continue;
    }
    if (r === ' ' || r === '\t' || r === '\r' || r === '\n') {
      if (singleQuoted || doubleQuoted || backQuote || dollarQuote) {
        buf += r;
        last = r;
        continue;
      }
      if (got !== NO) {
        words.push(buf);
        buf = '';
        last = '';
        got = NO;
      }
      wordAt = i + 1;
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
          if (!dollarQuote && last === '$') {
            dollarQuote = true;
            buf += '(';
            last = '(';
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
          cutAt = dropAt = i;
          // `2>&1`: the descriptor's number is not a word (a word that starts with a digit, whole)
          if (r === '>' && buf.length > 0 && buf[0] >= '0' && buf[0] <= '9') {
            got = NO;
            dropAt = wordAt;
          }
          break loop;
        }
        break;
    }
    got = SINGLE;
    buf += r;
    last = r;
  }
  flush();
  if (got !== NO) words.push(buf);
  if (escaped || singleQuoted || doubleQuoted || backQuote || dollarQuote) throw new ShellwordsError();
  return cutAt === undefined ? { words } : { words, cutAt, dropAt };
}

/** go-shellwords Parse, as compose-go uses it for `command` / `entrypoint` strings; throws ShellwordsError. */
export function shellSplit(s: string): string[] {
  return shellWords(s).words;
}
