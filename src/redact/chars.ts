/** The classes of character the scanner (src/redact/scan.ts) checks, one UTF-16 code unit at a time. */

/** a word character (`[A-Za-z0-9]`): a whole-token occurrence must not follow or precede one */
export const isWord = (c: number): boolean => (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 48 && c <= 57);

/** src/escape.ts cutAtBlank's blanks (`\s`) */
export const isBlank = (c: number): boolean =>
  c === 32 || (c >= 9 && c <= 13) || (c > 127 && /\s/.test(String.fromCharCode(c)));

/** the kind of a code unit, as src/redact/strength.ts counts them: lower case 1, upper case 2, digit 4, other 8 (a blank 0) */
export const kindOf = (c: number): number =>
  c >= 97 && c <= 122 ? 1 : c >= 65 && c <= 90 ? 2 : c >= 48 && c <= 57 ? 4 : isBlank(c) ? 0 : 8;

/** whether the kinds `k` (kindOf's bits, or-ed) are three at least */
export const threeKinds = (k: number): boolean => (k & 1) + ((k >> 1) & 1) + ((k >> 2) & 1) + (k >> 3) >= 3;
