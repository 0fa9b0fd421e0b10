/** The forms a secret value may take once written into an answer's format (src/redact/mask.ts Masker.rendered). */
import { escapeData, escapeProperty, jsonText, mdText, sarifText, textLine } from '../escape.js';
import { goQuote } from '../compat/go.js';
import { normalizeProjectName } from '../load/name.js';
import { isAnywhereSecret } from './strength.js';

/**
 * A value no encoding below changes (most are: letters, digits and the like), written as the
 * characters that none of them touches: not a markdown special, `|`, `%`, `:`, `,`, `$`, `_`, a
 * quote, a backslash, a control, a bidirectional control or mark or line separator, a surrogate (JSON writes a lone
 * one as `\uXXXX`), not starting with `-`, `+`, `=` or `.`, nor with the end of `www.` or `GH-1`
 * (`w.`, `h-1`), and holding no `www.` or `GH-1` (mdText, with what may stand beside the value:
 * `mdForms`). test/redact-scan.test.ts checks it against `encodings`, character by character and on
 * words of the characters those sequences are made of.
 */
export const PLAIN =
  // eslint-disable-next-line no-control-regex
  /^(?![-+=.]|w{1,2}\.|h-(?:\d|$))(?!.*(?:www\.|gh-(?:\d|$)))[^&<>|`[\]*~\\#@!%:,$_'"\u0000-\u001f\u007f-\u009f\u2028\u2029\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069\ud800-\udfff]*$/i;

/**
 * How a value may look once written into a format: JSON strings (and as printed: jsonText), markdown
 * text, code in a table, text with visible escapes, workflow-command data and properties, SARIF
 * text, YAML's single quotes. The rendered answers are built from masked data already; matching
 * these too is what makes the last pass over a finished answer a guarantee rather than a hope.
 */
export function encodings(v: string): string[] {
  const json = (s: string) => JSON.stringify(s).slice(1, -1);
  return [
    v,
    json(v),
    // as a JSON answer is printed: a bidi or C1 control escaped (jsonText)
    jsonText(json(v)),
    ...mdForms(v),
    v.replace(/\|/g, '\\|'),
    textLine(v),
    escapeData(v),
    escapeProperty(v),
    sarifText(v),
    json(sarifText(v)),
    json(textLine(v)),
    v.replace(/'/g, "''"),
  ];
}

/**
 * mdText writes a few characters by what stands beside them: a `_` inside a word stays, the `:` of
 * `x:name:` or of `://`, the `.` of `www.`, the `-` of `GH-1` and a `#` before a digit are written
 * otherwise, and so is a `-`, `+` or `=` that starts the text. So a value's markdown forms are its
 * text written after and before each kind of neighbour (none, a letter, the starts of `www.` and
 * `GH-`; none, a letter and a `:`, `//`, a digit), and cut out of it: the neighbours' own characters
 * are never changed by it.
 */
const MD_BEFORE = ['', 'a', 'w', 'ww', 'www', 'g', 'gh'];
const MD_AFTER = ['', 'a:', '//', '1'];
function mdForms(v: string): string[] {
  const forms = new Set<string>();
  for (const before of MD_BEFORE)
    for (const after of MD_AFTER)
      forms.add(mdText(before + v + after).slice(before.length, after ? -after.length : undefined));
  return [...forms];
}

/**
 * The values and each of their encoded forms that differs (`encodings`); `values` itself when none
 * has one (most values: PLAIN).
 */
export function withEncoded(values: readonly string[]): readonly string[] {
  let out: string[] | undefined;
  for (const v of values)
    if (!PLAIN.test(v)) for (const e of encodings(v)) if (e !== v) (out ??= values.slice()).push(e);
  return out ?? values;
}

/**
 * The quoted forms of `v` that differ from it (a `"`, a `\\`, a control or invisible character):
 * Compose's own messages, which a diagnostic quotes, print a value with Go's `%q`
 * (`invalid size: "Pa55word\\"Secret9"`), ours with JSON's quotes (`mem_limit "Pa55word\\u0001x"`),
 * and those forms of a secret are the secret too. Most values have none.
 */
export function quotedForms(v: string): string[] {
  const go = goQuote(v).slice(1, -1);
  const json = JSON.stringify(v).slice(1, -1);
  const out: string[] = [];
  if (go !== v) out.push(go);
  if (json !== v && json !== go) out.push(json);
  return out;
}

/**
 * The project name Compose makes of a value given as `name:` (compose-go loader/loader.go
 * NormalizeProjectName: lower case, only `[a-z0-9_-]` kept, no leading `_` or `-`), when it differs
 * and cannot be an ordinary word (isAnywhereSecret: `Privileged` makes `privileged`, a Compose field,
 * left alone): a secret that is the project's `name:` is written so in the names made from it
 * (`proj3ct_secret_default`, `proj3ct_secret-web-1`).
 */
export function projectNameForms(v: string): string[] {
  const n = normalizeProjectName(v);
  return n !== v && isAnywhereSecret(n) ? [n] : [];
}

/**
 * A secret's UTF-8 bytes shorter than this have no base64 form: a form keeps about 4 characters of
 * 3 bytes less its uncertain ends (base64Forms), so 8 bytes give at least 10 characters, 60 bits the
 * secret alone fixes, of letters of both cases and digits mixed as no word or name of an answer is
 * (a shorter form, 7 characters of a 6-byte secret, could be the middle of any other base64 text).
 */
export const BASE64_MIN_BYTES = 8;

/**
 * The secret as base64 writes it inside a longer encoding (`Authorization: Basic
 * base64(user:secret)`, a key file's line): what GitHub Actions' runner masks (actions/runner
 * ValueEncoders.cs Base64StringEscape, Base64StringEscapeShift1/Shift2: the value's base64 at each of
 * the three byte alignments), here without the characters that the bytes beside the secret decide
 * (the first one or two at alignments 1 and 2, the last partial one and `=`), so the form is found
 * whatever comes before or after it; in the standard and the URL-safe alphabets. Masked anywhere
 * (src/redact/scan.ts): a base64 text has no word boundary at the secret.
 */
export function base64Forms(v: string): string[] {
  const bytes = Buffer.from(v, 'utf8');
  if (bytes.length < BASE64_MIN_BYTES) return [];
  const forms = new Set<string>();
  for (let a = 0; a < 3; a++) {
    // the secret `a` bytes into a group of three: the characters whose 6 bits all are its own
    const text = Buffer.concat([Buffer.alloc(a), bytes]).toString('base64');
    const form = text.slice(Math.ceil((8 * a) / 6), Math.floor((8 * (a + bytes.length)) / 6));
    forms.add(form);
    forms.add(form.replace(/\+/g, '-').replace(/\//g, '_'));
  }
  return [...forms];
}
