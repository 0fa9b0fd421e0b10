/**
 * Which secret values are masked by value, wherever they appear, and which only where they stand
 * under their secret name (src/redact/secrets.ts): a short or plain value masked everywhere would
 * hide ports, names and image tags. Of the strong ones, those that cannot be an ordinary word
 * (isAnywhereSecret) are masked inside longer words too.
 */
import { isNonSecretValue } from '../audit/secrets.js';
import { WEAK_PASSWORDS } from '../audit/rules/weak-default-password.js';
import { kindOf, threeKinds } from './chars.js';

/** A value that can be masked wherever it appears as a whole token. */
export function isStrongSecret(v: string): boolean {
  const s = v.trim();
  return (
    s.length >= 6 &&
    !isNonSecretValue(s) &&
    !/^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/.test(s) &&
    !WEAK_PASSWORDS.has(s.toLowerCase())
  );
}

/** A secret too short to mask wherever it appears (`Tk`): masked under its name, or as a message quotes it. */
export function isShortSecret(v: string): boolean {
  const s = v.trim();
  return s.length > 0 && s.length < 6 && !isNonSecretValue(s) && !WEAK_PASSWORDS.has(s.toLowerCase());
}

/** Whether `s` holds three kinds of character at least (src/redact/chars.ts kindOf: lower case, upper case, digits, others; blanks none), as the scanner counts a cut's. */
function ofThreeKinds(s: string): boolean {
  let k = 0;
  for (let i = 0; i < s.length; i++) k |= kindOf(s.charCodeAt(i));
  return threeKinds(k);
}

/**
 * A YAML mapping's indicator, as every key of a config answer ends (`ipv4_address: 10.0.0.2`): a
 * value holding one, masked inside a word, would take a key's tail with it and leave no key
 * (`ip******** 10.0.0.2`, attack22), so it is masked as a whole token only, as before.
 */
const KEY_END = /:(\s|$)/;

/**
 * A strong secret masked wherever it stands, inside a longer word too (`xs3crQEtValue9xQ!y`), as
 * GitHub Actions masks a registered secret and gitleaks or Trivy redact a match: one that cannot be
 * an ordinary word, name, tag or number. At least 8 characters of three kinds of the four (lower
 * case, upper case, digits, others: a password policy's classes; `Pa55word!`, `s3crQEtValue9xQ!`),
 * or 16 at least with letters and digits (a token, a hex or base64 key). A name with a digit
 * (`redis7`, `postgres15`, `app_v2`), a word, a phrase of lower-case words stays whole-token
 * (src/redact/scan.ts), so it is not hidden where it is part of another name (`redis7-data`'s
 * `redis7` is a token, `myredis7` is not).
 */
export function isAnywhereSecret(v: string): boolean {
  const s = v.trim();
  if (s.length < 8 || !isStrongSecret(s) || KEY_END.test(s)) return false;
  return ofThreeKinds(s) || (s.length >= 16 && /[A-Za-z]/.test(s) && /\d/.test(s));
}

/**
 * `secrets` split by how they are found (src/redact/scan.ts): whole tokens, and anywhere
 * (isAnywhereSecret); each with its `forms` (its quoted or encoded forms: the same secret).
 */
export function byReach(secrets: readonly string[], forms: (v: string) => readonly string[]): [string[], string[]] {
  const whole: string[] = [];
  const anywhere: string[] = [];
  for (const v of secrets) (isAnywhereSecret(v) ? anywhere : whole).push(...forms(v));
  return [whole, anywhere];
}
