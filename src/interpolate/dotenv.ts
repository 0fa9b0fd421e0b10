/**
 * compose-go's .env parser (dotenv/parser.go, a fork of joho/godotenv): `KEY=value`, `KEY: value`,
 * `export KEY=...`, single quotes (literal), double quotes (escapes, then `${VAR}` expansion),
 * multi-line quoted values, ` #` comments on unquoted values, and a bare `KEY` line that inherits
 * the value of the lookup. Results are null-prototype objects, so any key (`__proto__` too) is an
 * own property.
 */
import { goQuote } from '../compat/go.js';
import { substitute, InterpolationError, TemplateSizeError, type Lookup, type SubstituteOptions } from './template.js';
import { emptyRecord } from '../records.js';

export class DotenvError extends Error {
  /**
   * `line` is where the failing statement starts (compose-go's message may name a later line, e.g.
   * the end of the file for an unterminated quote); `file` is set by envFromFiles.
   */
  constructor(
    message: string,
    readonly line: number,
    readonly file?: string,
    /** a diagnostic code other than dotenv-syntax: `interpolation-size-limit` */
    readonly code?: string,
  ) {
    super(message);
    this.name = 'DotenvError';
  }
}

export type DotenvOptions = SubstituteOptions;

// unicode.IsSpace vs the parser's isSpace, which excludes the line break
const UNICODE_SPACE = new Set(
  '\t\n\v\f\r \u0085\u00A0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200A\u2028\u2029\u202F\u205F\u3000',
);
const INLINE_SPACE = new Set('\t\v\f\r \u0085\u00A0');
// an ASCII character answered by its code (a Set lookup or a regular expression per character of
// every key and value was most of reading an env file); the others as before
const isUnicodeSpace = (ch: string) => {
  const c = ch.charCodeAt(0);
  return c < 0x80 ? c === 32 || (c >= 9 && c <= 13) : UNICODE_SPACE.has(ch);
};
const isInlineSpace = (ch: string) => {
  const c = ch.charCodeAt(0);
  return c < 0x80 ? c === 32 || c === 9 || c === 11 || c === 12 || c === 13 : INLINE_SPACE.has(ch);
};
const LETTER_OR_NUMBER = /^[\p{L}\p{N}]$/u;
/** A character of a variable name (dotenv/parser.go locateKeyName: `_.-[]`, unicode.IsLetter, IsNumber, isSpace). */
function isKeyChar(ch: string): boolean {
  const c = ch.charCodeAt(0);
  if (c < 0x80)
    return (
      (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || '_.-[]'.includes(ch) || isInlineSpace(ch)
    );
  return isInlineSpace(ch) || LETTER_OR_NUMBER.test(ch);
}
const EXPORT = /^export[\t\n\f\r ]+/; // Go's \s is ASCII and has no \v
const ESCAPE_SEQUENCE = /\\(?:[abcfnrtv$"\\]|0[0-9]{0,3})/g;
/** The one-character escapes of a double-quoted value (dotenv/parser.go expandEscapes); `\$` is the caller's. */
export const DOTENV_ESCAPES: Record<string, string> = {
  a: '\x07',
  b: '\b',
  f: '\f',
  n: '\n',
  r: '\r',
  t: '\t',
  v: '\v',
  '"': '"',
  '\\': '\\',
};
const STARTS_WITH_DIGIT = /^[\t\n\f\r ]*[0-9]/;

function trimLeft(s: string, pred: (ch: string) => boolean): string {
  let i = 0;
  for (const ch of s) {
    if (!pred(ch)) break;
    i += ch.length;
  }
  return s.slice(i);
}

/**
 * By code unit from the end: every character `pred` takes is one code unit, and no half of a
 * surrogate pair is one of them, so this trims what a walk by code point would (a spread of the
 * string into an array of characters was a quarter of reading an env file).
 */
function trimRight(s: string, pred: (ch: string) => boolean): string {
  let e = s.length;
  while (e > 0 && pred(s[e - 1])) e--;
  return e === s.length ? s : s.slice(0, e);
}

/** Double-quoted escapes: `\n`, `\t`, ..., octal `\0123`; `\$` becomes `$$` so it survives expansion. */
function expandEscapes(s: string): string {
  return s.replace(ESCAPE_SEQUENCE, (m) => {
    if (m === '\\$') return '$$';
    if (m[1] === '0') {
      // `\0123` is Go's octal `\123`; anything but three octal digits <= 0377 stays as written
      const d = m.slice(2);
      return /^[0-7]{3}$/.test(d) && parseInt(d, 8) <= 255 ? String.fromCharCode(parseInt(d, 8)) : m;
    }
    return DOTENV_ESCAPES[m[1]] ?? m;
  });
}

class Parser {
  line = 1;
  /** line where the current statement starts, for DotenvError.line */
  private start = 1;
  private total = 0; // the length of the text parse() was given (offsetOf)
  /** hears where each comment starts in the file (its `#`); `literal`: values not expanded */
  onComment?: (offset: number) => void;
  literal = false;

  constructor(
    private readonly out: Record<string, string>,
    private readonly lookup: Lookup,
    private readonly options: DotenvOptions,
    private readonly onSet?: (key: string, line: number, offset: number) => void,
    /** how many characters of the file come before `src` (a byte order mark) */
    private readonly skipped = 0,
  ) {}

  parse(src: string): void {
    this.total = src.length;
    let cutset = src;
    for (;;) {
      cutset = this.statementStart(cutset);
      if (cutset === '') return;
      this.start = this.line;
      const at = this.skipped + src.length - cutset.length; // where the statement starts in the file
      const [key, left, inherited] = this.locateKeyName(cutset);
      if (key.includes(' ')) this.fail(`line ${this.line}: key cannot contain a space`);
      if (inherited) {
        const value = this.lookup(key);
        if (value !== undefined) {
          this.out[key] = value;
          this.onSet?.(key, this.start, at);
        }
        cutset = left;
        continue;
      }
      const [value, rest] = this.extractValue(left);
      this.out[key] = value;
      this.onSet?.(key, this.start, at);
      cutset = rest;
    }
  }

  /** Where `rest`, a rest of the text parse() was given, starts in the file. */
  private offsetOf(rest: string): number {
    return this.skipped + this.total - rest.length;
  }

  private fail(message: string, code?: string): never {
    throw new DotenvError(message, this.start, undefined, code);
  }

  /** Skips blank and comment lines, counting line breaks. */
  statementStart(src: string): string {
    for (;;) {
      let pos = -1;
      let i = 0;
      for (const ch of src) {
        if (ch === '\n') this.line++;
        if (!isUnicodeSpace(ch)) {
          pos = i;
          break;
        }
        i += ch.length;
      }
      if (pos === -1) return '';
      src = src.slice(pos);
      if (src[0] !== '#') return src;
      this.onComment?.(this.offsetOf(src));
      const nl = src.indexOf('\n');
      if (nl === -1) return '';
      src = src.slice(nl);
    }
  }

  private locateKeyName(src: string): [key: string, rest: string, inherited: boolean] {
    if (EXPORT.test(src)) src = trimLeft(src.slice('export'.length), isInlineSpace);
    let key = '';
    let offset = 0;
    let inherited = false;
    let i = 0;
    for (const ch of src) {
      if (ch === '=' || ch === ':' || ch === '\n') {
        key = src.slice(0, i);
        offset = i + 1;
        inherited = ch === '\n';
        break;
      }
      if (!isKeyChar(ch)) {
        this.fail(
          `line ${this.line}: unexpected character ${goQuote(ch)} in variable name ${goQuote(src.split('\n')[0])}`,
        );
      }
      i += ch.length;
    }
    if (src === '') this.fail('zero length string');
    if (inherited && !key.includes(' ')) this.line++;
    // a last line without `=` gives the key '' and the whole line as value (compose-go does the same)
    return [trimRight(key, isUnicodeSpace), trimLeft(src.slice(offset), isInlineSpace), inherited];
  }

  private extractValue(src: string): [value: string, rest: string] {
    const quote = src[0];
    if (quote !== '"' && quote !== "'") {
      const nl = src.indexOf('\n');
      let value = nl < 0 ? src : src.slice(0, nl);
      this.line++;
      const comment = value.indexOf(' #');
      if (comment >= 0) {
        this.onComment?.(this.offsetOf(src) + comment + 1);
        value = value.slice(0, comment);
      }
      return [this.expand(trimRight(value, isUnicodeSpace)), nl < 0 ? '' : src.slice(nl + 1)];
    }
    let escaped = false;
    let chars = '';
    for (let i = 1; i < src.length; i++) {
      const c = src[i];
      if (c === '\n') this.line++;
      if (c !== quote) {
        if (!escaped && c === '\\') {
          escaped = true;
          continue;
        }
        if (escaped) {
          escaped = false;
          chars += '\\';
        }
        chars += c;
        continue;
      }
      if (escaped) {
        // an escaped quote loses its backslash
        escaped = false;
        chars += c;
        continue;
      }
      return [quote === '"' ? this.expand(expandEscapes(chars)) : chars, src.slice(i + 1)];
    }
    const nl = src.indexOf('\n');
    this.fail(`line ${this.line}: unterminated quoted value ${nl < 0 ? src : src.slice(0, nl)}`);
  }

  /** The lookup wins over keys parsed so far (dotenv/godotenv.go expandVariables). */
  private expand(value: string): string {
    if (this.literal) return value;
    try {
      return substitute(
        value,
        (k) => this.lookup(k) ?? (Object.hasOwn(this.out, k) ? this.out[k] : undefined),
        this.options,
      );
    } catch (e) {
      if (e instanceof TemplateSizeError) this.fail(e.message, 'interpolation-size-limit');
      if (e instanceof InterpolationError) this.fail(e.message);
      throw e;
    }
  }
}

const noLookup: Lookup = () => undefined;

function parseInto(
  text: string,
  out: Record<string, string>,
  lookup: Lookup,
  options: DotenvOptions,
  onSet?: (key: string, line: number, offset: number) => void,
): void {
  const bom = text.startsWith('\uFEFF') ? 1 : 0;
  new Parser(out, lookup, options, onSet, bom).parse(text.slice(bom));
}

/**
 * Parses one text into `out` (dotenv.ParseWithFormat with a caller's map): expansion looks in
 * `lookup`, then in `out` (what earlier texts set). `onSet` hears each key set, its line and where
 * its statement starts in `text`.
 */
export function parseDotenvInto(
  text: string,
  out: Record<string, string>,
  lookup: Lookup,
  onSet?: (key: string, line: number, offset: number) => void,
  options: DotenvOptions = {},
): void {
  parseInto(text, out, lookup, options, onSet);
}

/**
 * Where each comment of an env file starts (its `#`), as the parser above reads them (compose-go
 * dotenv/parser.go: getStatementStart's lines, an unquoted value's ` #`), up to a statement it refuses.
 */
export function dotenvComments(text: string): number[] {
  const found: number[] = [];
  const bom = text.startsWith('\uFEFF') ? 1 : 0;
  const parser = new Parser(emptyRecord(), noLookup, {}, undefined, bom);
  parser.literal = true;
  parser.onComment = (offset) => found.push(offset);
  try {
    parser.parse(text.slice(bom));
  } catch (e) {
    if (!(e instanceof DotenvError)) throw e;
  }
  return found;
}

/**
 * The text from the first line that is a statement (dotenv/parser.go getStatementStart): blank lines
 * and `#` comments are what an env file ignores; '' when nothing else is left.
 */
export function statementStart(text: string): string {
  return new Parser(emptyRecord(), noLookup, {}).statementStart(text);
}

/** Parses one .env text (dotenv.ParseWithLookup). Throws DotenvError with compose-go's message. */
export function parseDotenv(
  text: string,
  lookup: Lookup = noLookup,
  options: DotenvOptions = {},
): Record<string, string> {
  const out: Record<string, string> = emptyRecord();
  parseInto(text, out, lookup, options);
  return out;
}

/**
 * dotenv.ReadWithLookup: each text is parsed on its own with `lookup`; later texts override earlier
 * ones and keys starting with a digit are dropped.
 */
export function readDotenv(
  texts: readonly string[],
  lookup: Lookup = noLookup,
  options: DotenvOptions = {},
): Record<string, string> {
  const out: Record<string, string> = emptyRecord();
  for (const text of texts) {
    const vars = parseDotenv(text, lookup, options);
    for (const k of Object.keys(vars)) if (!STARTS_WITH_DIGIT.test(k)) out[k] = vars[k];
  }
  return out;
}

/**
 * dotenv.GetEnvFromFile, how Compose reads the project's `.env` / `--env-file` files: all files fill
 * one map in order, and expansion and bare `KEY` lines look in `currentEnv` first, then in the values
 * read so far (earlier files included). The caller then adds only the keys `currentEnv` lacks
 * (types.Mapping.Merge): the process environment wins over env files.
 */
export function envFromFiles(
  files: readonly { path: string; content: string }[],
  currentEnv: Lookup,
  options: DotenvOptions = {},
): Record<string, string> {
  const out: Record<string, string> = emptyRecord();
  const lookup: Lookup = (k) => currentEnv(k) ?? (Object.hasOwn(out, k) ? out[k] : undefined);
  for (const f of files) {
    try {
      parseInto(f.content, out, lookup, options);
    } catch (e) {
      if (!(e instanceof DotenvError)) throw e;
      throw new DotenvError(`failed to read ${f.path}: ${e.message}`, e.line, f.path, e.code);
    }
  }
  return out;
}

/**
 * docker/cli kvfile.ParseFromReader, what `env_file` entries with `format: raw` use (docker compose
 * registers it as `raw`): `KEY=VALUE` kept as written (no quotes, escapes or `$`), a bare `KEY`
 * taken from `lookup`, `#` lines skipped. Throws DotenvError with kvfile's message.
 */
export function parseRawEnvInto(
  text: string,
  out: Record<string, string>,
  lookup: Lookup,
  onSet?: (key: string, line: number) => void,
): void {
  const lines = (text.startsWith('\uFEFF') ? text.slice(1) : text).split('\n');
  if (lines[lines.length - 1] === '') lines.pop();
  lines.forEach((raw, i) => {
    // kvfile trims the line's leading white space (unicode.IsSpace) before it skips empty and # lines
    const line = (raw.endsWith('\r') ? raw.slice(0, -1) : raw).replace(/^\s+/u, '');
    if (line.length === 0 || line.startsWith('#')) return;
    const eq = line.indexOf('=');
    const variable = (eq < 0 ? line : line.slice(0, eq)).replace(/^[ \t]+/, '');
    if (/[ \t]/.test(variable)) throw new DotenvError(`variable '${variable}' contains whitespaces`, i + 1);
    if (variable.length === 0) throw new DotenvError(`no variable name on line '${line}'`, i + 1);
    let value: string | undefined = eq < 0 ? undefined : line.slice(eq + 1);
    if (value === undefined) value = lookup(line);
    if (value === undefined) return;
    out[variable] = value;
    onSet?.(variable, i + 1);
  });
}
