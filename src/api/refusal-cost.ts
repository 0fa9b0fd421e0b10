/**
 * What masking an upload's refusal would cost, before it is paid. A refusal that quotes a name from
 * an archive (`tar entry "<name>" is a symbolic link`) is masked with the secret values of the
 * archives' whole text (a secret defined after the refused entry may name it: src/api/parts.ts,
 * src/api/request-task.ts taskOf), read as the lines of a file that does not parse
 * (src/redact/secrets.ts refusalMasker, src/redact/lines.ts secretLineValues): every line is matched
 * as a `key: value` line, an explicit key, a flow collection, and scanned for the credential shapes
 * of URLs, DSNs, tokens and command lines (a shell tokenizer, src/audit/secrets-command.ts), each
 * candidate value weighed (src/redact/strength.ts). Profiled (node --cpu-prof, 4 MiB of
 * `  - password: <16 chars>` lines): secretLineValues 98% of the time, the command scan a quarter,
 * isStrongSecret a quarter; 3.6 µs a line of 31 characters, ~120 ms a MiB, to 400 ms a MiB for flow
 * mappings; 2-4x that on a loaded machine. Two archives inflating to 15 MiB each (a 77 KB body) ran
 * past the 5 s work deadline: a 422 and a replaced worker instead of the 400.
 *
 * So the text's cost is estimated first, in one pass over its bytes that allocates nothing, and a
 * refusal past READING_BUDGET is answered without reading it: in words that quote no name of the
 * archives (the entry named by its place, src/bundle/tar.ts namelessRefusal), which no secret can be
 * in. The estimate follows what the reading costs, measured (CPU time, one core, 21 shapes of text
 * against refusalMasker): a line up to ~3 µs whatever it holds (a line under a
 * secret-named key, `password: |`, is a value, weighed); a character ~0.003 µs in a line of letters,
 * digits, blanks and `#` only, which none of the line patterns or credential scans start on (but the
 * token literal `AIza`); ~0.2-0.6 µs in a line holding any other character (`:`, `=`, `@`, `/`, `-`,
 * a bracket, a quote, a byte past ASCII). In units of a plain character: a line 1,000, a character
 * of such a line 200. A value longer than the refusal's words is not weighed at all
 * (src/redact/secrets.ts refusalWordsMasker): one 16 MiB line under a secret-named key took 2-3 s.
 */
import { BundleError, escapePointer } from '../bundle/bundle.js';
import { nestsDeeper } from '../bundle/json.js';
import { namelessRefusal } from '../bundle/tar.js';
import type { Masker } from '../redact/mask.js';

/** The estimate past which a refusal is not masked by reading the archives: 0.1 to 0.4 s of CPU time (measured at it: 276 KiB of secret-named lines 117 ms, 273 KiB of flow mappings 378 ms, 1.6 MiB of a block value's lines 282 ms). */
export const READING_BUDGET = 64_000_000;

const LINE = 1000;
const DENSE = 200;

/** 1 for the characters after which a line stays cheap to read for secrets (letters, digits, blanks, `#`). */
const PLAIN = new Uint8Array(128);
for (let c = 0; c < 128; c++) PLAIN[c] = /[A-Za-z0-9 \t\r#]/.test(String.fromCharCode(c)) ? 1 : 0;

/**
 * The estimated cost of reading `text` (an archive's bytes, NUL padding read as line ends, as the
 * masking reads them, or a file's text) for secret values, in units of a plain character; the
 * count stops once past `stop`.
 */
export function readingCost(text: Uint8Array | string, stop = Infinity): number {
  const bytes = typeof text === 'string' ? undefined : text;
  const n = text.length;
  let cost = 0;
  let start = 0;
  let dense = false;
  for (let i = 0; i <= n; i++) {
    const c = i === n ? 10 : bytes ? bytes[i] : (text as string).charCodeAt(i);
    if (c === 10 || c === 0) {
      // a run of NULs is one line end (the masking reads `\0+` as `\n`)
      if (c === 0 && i > 0 && (bytes ? bytes[i - 1] : (text as string).charCodeAt(i - 1)) === 0) {
        start = i + 1;
        continue;
      }
      cost += LINE + (dense ? (i - start) * DENSE : i - start);
      if (cost > stop) return cost;
      start = i + 1;
      dense = false;
    } else if (!dense && (c >= 128 || PLAIN[c] === 0 || (c === 0x41 && aiza(text, i)))) dense = true;
  }
  return cost;
}

/** `AIza` at `i`: the one literal of the token formats (src/audit/secrets.ts TOKEN_LITERALS) made of plain characters only. */
function aiza(text: Uint8Array | string, i: number): boolean {
  const at = (k: number): number => (typeof text === 'string' ? text.charCodeAt(k) : text[k]);
  return at(i + 1) === 0x49 && at(i + 2) === 0x7a && at(i + 3) === 0x61;
}

/** Whether reading `texts` for secret values to mask a refusal stays within READING_BUDGET. */
export function affordable(texts: Iterable<Uint8Array | string>): boolean {
  let left = READING_BUDGET;
  for (const t of texts) {
    left -= readingCost(t, left);
    if (left < 0) return false;
  }
  return true;
}

/** What a refusal named by an entry's place says of why. */
export const UNREAD = ' (named by its place: the upload is too large to read for the secret values its name may hold)';

/** `e` in words that quote no name of its archive (src/bundle/tar.ts namelessRefusal), or `e`, which quotes none. */
export function namelessOr(e: BundleError, within = ''): BundleError {
  const words = namelessRefusal.get(e);
  if (!words) return within ? new BundleError(`${within}${e.message}`, e.pointer, e.status) : e;
  return new BundleError(`${within}${words.message}${UNREAD}`, words.pointer, e.status);
}

/**
 * `s` with the names its JSON pointers hold masked as names: a pointer writes `/` and `~` in a name
 * as `~1` and `~0` (RFC 6901), so `/files/..~1<secret>.yaml` holds the secret after a `1`, no whole
 * token; each `/`-separated piece with such an escape is masked as the name it writes.
 */
export function unescaped(masker: Masker, s: string): string {
  if (!/~[01]/.test(s)) return s;
  return s
    .split('/')
    .map((piece) => {
      if (!/~[01]/.test(piece)) return piece;
      const name = piece.replace(/~1/g, '/').replace(/~0/g, '~');
      const shown = masker.text(name);
      return shown === name ? piece : escapePointer(shown);
    })
    .join('/');
}

/** A refused body's JSON read again for its secret values (nothing when it is not JSON). */
export function jsonOrNothing(text: string | undefined): unknown {
  if (text === undefined || nestsDeeper(text)) return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
