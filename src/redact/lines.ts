/**
 * `NAME=value` lines read without loading the file they are in: an env file's lines, and the
 * secret-named lines of any file (src/redact/secrets.ts: a file with a syntax error, a log line
 * when loading failed).
 */
import { schemaFieldNames } from '../validate/validators.js';

// the name and its `=` only: a value pattern such as `(.*?)\s*$` retries the end at every character
// of a run of spaces, quadratic in a long line (see `lineValue`)
const ENV_NAME = /^\s*(?:export\s+)?([A-Za-z_][A-Za-z0-9_.-]*)\s*[=:]/;
const LINE_BREAK = /[\n\r\u2028\u2029]/;
/** `NAME: value`, `- NAME=value`, `"NAME": value`: the name part (`\s*-?\s*` written so that it matches one way only) */
const KEY_LINE = /^\s*(?:-\s*)?["']?([A-Za-z_][A-Za-z0-9_.-]*)["']?\s*[:=]/;
/** An env file's name (`.env`, `.env.prod`, `prod.env`): its lines are `NAME=value`, read as dotenv reads them, not as YAML. */
export const ENV_FILE_NAME = /(^|\/)\.env(\.[^/]*)?$|\.env$/;

/**
 * A `NAME=value` line of an env file as its name and value (quotes and a trailing ` # comment`
 * taken off), read in one pass: what `^\s*(?:export\s+)?(NAME)\s*[=:]\s*(.*?)\s*$` read, whose
 * lazy value retried the end of the line at every character, quadratic in a run of spaces.
 */
export function envLine(line: string): [string, string] | undefined {
  const m = ENV_NAME.exec(line);
  const value = m ? lineValue(line.slice(m[0].length)) : undefined;
  return m && value !== undefined ? [m[1], withoutComment(value.replace(/^(['"])([\s\S]*)\1$/, '$2'))] : undefined;
}

/**
 * A `NAME: value`, `- NAME=value` or `"NAME": "value"` line of any file as its name and value, in
 * one pass: what `^\s*-?\s*["']?(NAME)["']?\s*[:=]\s*["']?(.*?)["']?\s*$` read.
 */
export function keyLine(line: string): [string, string] | undefined {
  const m = KEY_LINE.exec(line);
  const value = m ? lineValue(line.slice(m[0].length)) : undefined;
  return m && value !== undefined ? [m[1], unquoted(value)] : undefined;
}

/** What follows `NAME=` as `\s*(.*?)\s*$` took it: trimmed, none when a line break is left inside (`.` stops there). */
function lineValue(rest: string): string | undefined {
  const v = rest.trim();
  return LINE_BREAK.test(v) ? undefined : v;
}

/** `value  # comment` (a value without line breaks) without the comment, as `.replace(/\s+#.*$/, '')` made it. */
function withoutComment(v: string): string {
  let start = v.search(/\s#/);
  if (start < 0) return v;
  while (start > 0 && /\s/.test(v[start - 1])) start--;
  return v.slice(0, start);
}

/** A value without one opening and one closing quote, as `["']?(.*?)["']?` took it. */
function unquoted(v: string): string {
  const s = /^["']/.test(v) ? v.slice(1) : v;
  return /["']$/.test(s) ? s.slice(0, -1) : s;
}

/**
 * The secret-named lines of a text that could not be read as YAML (or was never read): a syntax
 * error's message and the source lines under it may quote a value the tree would have given, so
 * each `NAME: value` line whose name is `secret` gives `add` its value as written, the token a
 * parser stopped at (`password: hunter2 :` gives `hunter2`; `*hunter2`, read as an alias, gives
 * both), a block scalar's lines, an explicit key's (`? password` / `: value`); `each` is given
 * every line of 8 characters or more (the credential shapes of URLs, DSNs, tokens, commands);
 * `quoted`, a tagged value as a tag error quotes it (`` `Tk` ``: go-yaml's ``cannot construct !!str
 * `Tk` as a !!int``), which a short value is masked as.
 */
export function secretLineValues(
  text: string,
  secret: (name: string) => boolean,
  add: (v: string) => void,
  each: (line: string) => void,
  quoted: (v: string, form: string) => void = () => {},
): void {
  const lines = text.split(/\r?\n/);
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i];
    const direct = keyLine(line);
    const entry = direct ?? explicitEntry(line, lines[i + 1]);
    if (!entry || !secret(entry[0])) flowSecrets(line, secret, add);
    if (entry && secret(entry[0])) {
      // a tag or an anchor before the value (`!!int Other9Secret`: a tag error quotes the value without it)
      const v = entry[1].replace(/^(?:[!&][^\s,[\]{}]*[ \t]+)+/, '');
      if (v !== entry[1]) {
        add(entry[1]);
        quoted(v, `\`${v}\``);
      }
      add(v);
      // the token before a blank or a `: `: where a parser stops (one test a character: a pattern
      // that starts with `\s+` retried a run of spaces at each of them, quadratic)
      const end = v.search(/\s|:(?:\s|$)/);
      const token = end < 0 ? v : v.slice(0, end);
      add(token);
      if (/^[*&!]/.test(token)) add(token.replace(/^!?[*&!]/, ''));
      if (/^[|>][-+0-9]*$/.test(token)) i = blockLines(lines, i, add);
      else if (!COMPOSE_STRUCTURES.has(entry[0])) {
        scalarsOf(v, add);
        if (line.length >= 8) each(line.trim());
        // an explicit key's value goes on under its `:` line (`? DB_PASSWORD` / `: a: x` / `  a: y`)
        i = nestedLines(lines, direct ? i : i + 1, add, each);
        continue;
      }
    }
    if (line.length >= 8) each(line.trim());
  }
}

/**
 * The Compose specification's own keys that read as secret names (schemas/compose-spec.json:
 * `secrets`, a service's or the project's, and `credential_spec`): their value is a structure of
 * names and paths, not a secret, and its entries are not read as one (test/redact-unparsed.test.ts
 * checks the list against the schema).
 */
export const COMPOSE_STRUCTURES: ReadonlySet<string> = new Set(['secrets', 'credential_spec']);

/**
 * The words of a value as written on a line, keys included: the scalars of a flow collection
 * (`{k: v, k: v}`), the key and value of an entry (`k: v`, `- k: v`). A parser's message quotes any
 * of them (go-yaml's `mapping key "k" already defined at line N`), and the value of a secret-named
 * key is secret whatever its shape. Except a key that is a field name of the Compose schema
 * (`services`, `environment`, `user`): read as a secret it was masked in every answer, the answers'
 * own member names and model paths included. A key merely written like one (`s3cr3tcanary9`) is
 * still a secret: a password can look like a field name.
 */
function scalarsOf(text: string, add: (v: string) => void): void {
  for (const item of text.split(/[{}[\],]/)) {
    const colon = item.search(/:(?:\s|$)/);
    const pieces = colon < 0 ? [item] : [item.slice(0, colon), item.slice(colon + 1)];
    pieces.forEach((piece, i) => {
      const s = unquoted(
        piece
          .trim()
          .replace(/^(?:[-?]\s+)+/, '')
          .replace(/^(?:[!&][^\s,[\]{}]*[ \t]+)+/, ''),
      );
      if (!s || (i === 0 && colon >= 0 && schemaFieldNames().has(s))) return;
      add(s);
      // an alias or anchor: go-yaml's `unknown anchor 'name' referenced` quotes the name alone
      if (/^[*&]./.test(s)) add(s.slice(1));
    });
  }
}

/** A secret-named key inside a flow collection on a line (`environment: {DB_PASSWORD: {a: x}}`). */
const FLOW_KEY = /[{,[]\s*["']?([A-Za-z_][\w.-]*)["']?\s*:\s/g;

/** The rest of a line after each secret-named key of a flow collection on it: a value (and its words). */
function flowSecrets(line: string, secret: (name: string) => boolean, add: (v: string) => void): void {
  if (!line.includes('{') && !line.includes('[')) return;
  for (const m of line.matchAll(FLOW_KEY)) {
    if (!secret(m[1])) continue;
    const rest = line.slice(m.index + m[0].length).trim();
    add(rest);
    scalarsOf(rest, add);
  }
}

/**
 * The lines under a secret-named key that are more indented than it, its value's (a block
 * mapping or sequence, a flow collection or a plain scalar going on): each line, and its words
 * (scalarsOf), a value; `each` is given every line of 8 characters or more. The last one's index.
 */
function nestedLines(
  lines: readonly string[],
  at: number,
  add: (v: string) => void,
  each: (line: string) => void,
): number {
  const column = lines[at].search(/[^\s-]/);
  let i = at + 1;
  for (; i < lines.length; i++) {
    const l = lines[i];
    const content = l.trim();
    if (!content || content.startsWith('#')) continue;
    if (l.search(/\S/) <= column) break;
    add(content);
    scalarsOf(content, add);
    if (l.length >= 8) each(content);
  }
  return i - 1;
}

/**
 * The lines of a block scalar that starts at line `at`, each a value: those more indented than its
 * key, and (the file did not parse) any line after it that is no entry (`key:`, `- item`),
 * whatever its indentation; the last one's index.
 */
function blockLines(lines: readonly string[], at: number, add: (v: string) => void): number {
  const indent = /^\s*/.exec(lines[at])![0].length;
  let i = at + 1;
  for (; i < lines.length; i++) {
    const l = lines[i];
    if (l.trim() && /^\s*/.exec(l)![0].length <= indent && BLOCK_END.test(l)) break;
    add(l.trim());
  }
  return i - 1;
}

/** A line that starts an entry of a mapping or a sequence, or a document: where a block scalar has ended. */
const BLOCK_END = /^\s*(?:-(?:\s|$)|\?\s|["']?[\w.-]+["']?\s*:(?:\s|$)|---|\.\.\.)/;

/** `? NAME` followed by `: value`: an explicit key's entry (a YAML form keyLine does not read). */
function explicitEntry(line: string, next: string | undefined): [string, string] | undefined {
  const key = /^\s*\?\s+["']?([A-Za-z_][\w.-]*)["']?\s*$/.exec(line);
  const value = key && next !== undefined ? /^\s*:\s+(.*)$/.exec(next) : null;
  return key && value ? [key[1], value[1].trim()] : undefined;
}

/**
 * The literal pieces of a value whose `${` is no reference (`Tok9Secret2${`): compose-go refuses the
 * template and its message quotes the value whole, so the text around the broken reference is the
 * secret. None for a value whose references all close. References are taken out innermost first, at
 * most 8 levels deep; a deeper value counts as broken (its pieces are masked: more, never less).
 */
export function brokenTemplatePieces(s: string): string[] {
  let rest = s;
  for (let depth = 0; depth < 8; depth++) {
    const next = rest.replace(/\$\$|\$\{[^${}]*\}|\$[A-Za-z_]\w*/g, '\0');
    if (next === rest) break;
    rest = next;
  }
  return rest.includes('$') ? rest.split(/[\0${}]+/).filter((p) => p.trim()) : [];
}
