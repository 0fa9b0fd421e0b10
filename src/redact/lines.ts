/**
 * `NAME=value` lines read without loading the file they are in: an env file's lines, and the
 * secret-named lines of any file (src/redact/secrets.ts, for a log line when loading failed).
 */

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
