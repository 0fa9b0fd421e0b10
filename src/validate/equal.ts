/**
 * Deep equality of JSON-like values (plain objects, arrays, scalars), for the schema's
 * `uniqueItems`. ajv's own helper (fast-deep-equal) calls an object's `valueOf` / `toString` when
 * they are not Object.prototype's: a Compose file with a key named so (`toString: -1` in a port
 * mapping) made validation throw instead of compare. This one only reads own keys.
 */
export function jsonEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return a !== a && b !== b; // NaN
  if (Array.isArray(a) || Array.isArray(b)) {
    if (!Array.isArray(a) || !Array.isArray(b) || a.length !== b.length) return false;
    for (let i = 0; i < a.length; i++) if (!jsonEqual(a[i], b[i])) return false;
    return true;
  }
  const x = a as Record<string, unknown>;
  const y = b as Record<string, unknown>;
  const keys = Object.keys(x);
  if (keys.length !== Object.keys(y).length) return false;
  for (const k of keys) if (!Object.hasOwn(y, k) || !jsonEqual(x[k], y[k])) return false;
  return true;
}
