/**
 * Which secret values are masked by value, wherever they appear, and which only where they stand
 * under their secret name (src/redact/secrets.ts): a short or plain value masked everywhere would
 * hide ports, names and image tags.
 */
import { isNonSecretValue } from '../audit/secrets.js';
import { WEAK_PASSWORDS } from '../audit/rules/weak-default-password.js';

/** A value that can be masked wherever it appears. */
/** A value that can be masked wherever it appears. */
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
