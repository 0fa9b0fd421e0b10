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

/**
 * A key for `v` such that two values have the same key exactly when jsonEqual says they are equal:
 * primitives by type and value (-0 is 0, NaN is NaN), arrays item by item, objects by their own
 * keys in sorted order.
 */
export function canonicalKey(v: unknown): string {
  if (typeof v === 'string') return `s${JSON.stringify(v)}`;
  if (typeof v === 'number') return Number.isNaN(v) ? 'nNaN' : `n${v === 0 ? 0 : v}`;
  if (typeof v !== 'object' || v === null) return `${typeof v}:${String(v)}`;
  if (Array.isArray(v)) return `[${v.map(canonicalKey).join(',')}]`;
  const o = v as Record<string, unknown>;
  return `{${Object.keys(o)
    .sort()
    .map((k) => `${JSON.stringify(k)}:${canonicalKey(o[k])}`)
    .join(',')}}`;
}

/**
 * The pair of equal items ajv's `uniqueItems` loop reports, or undefined: the last item that repeats
 * an earlier one, and the last earlier one it repeats. ajv compares every pair (quadratic: a list of
 * 16,000 ports took seconds); this hashes each item once.
 */
export function duplicatePair(list: readonly unknown[]): [number, number] | undefined {
  // a short list is compared pair by pair, as ajv does (cheaper than keys for a few items)
  if (list.length <= 16) {
    for (let i = list.length; i--;) for (let j = i; j--;) if (jsonEqual(list[i], list[j])) return [i, j];
    return undefined;
  }
  const last = new Map<string, number>();
  let pair: [number, number] | undefined;
  list.forEach((item, i) => {
    const key = canonicalKey(item);
    const j = last.get(key);
    if (j !== undefined) pair = [i, j];
    last.set(key, i);
  });
  return pair;
}

// the generated uniqueItems code finds it beside the comparison it is given (see linearUniqueItems)
jsonEqual.duplicate = duplicatePair;

const PAIRWISE =
  /(outer\d+):for\(;(\w+)--;\)\{for\((\w+) = \2; \3--;\)\{if\((\w+)\((\w+)\[\2\], \5\[\3\]\)\)\{([\s\S]*?)break \1;\}\}\}/g;

/**
 * ajv's generated code with each pairwise `uniqueItems` loop replaced by one call of the comparison's
 * `duplicate` (jsonEqual's: duplicatePair), which finds the same pair in linear time; the code that
 * builds the error is kept as ajv wrote it. Throws if a loop is left (ajv's output changed shape).
 */
export function linearUniqueItems(code: string): string {
  const out = code.replace(
    PAIRWISE,
    (_m, label: string, i: string, j: string, equal: string, data: string, body: string) =>
      `{const ${label} = ${equal}.duplicate(${data});if(${label}){${i} = ${label}[0];${j} = ${label}[1];${body}}}`,
  );
  if (/outer\d+:for\(/.test(out)) throw new Error('ajv uniqueItems code of an unknown shape: update linearUniqueItems');
  return out;
}
