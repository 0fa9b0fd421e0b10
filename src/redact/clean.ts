/** Whether an answer holds none of a few secret values: read before it is walked (src/redact/mask.ts). */

/** Objects `clean` reads at most (a part shared by several is read each time): past them, the walk decides. */
const CLEAN_OBJECTS = 20_000;

/**
 * Whether no string of `root`, keys included, contains one of `values` (parts in `masked` aside,
 * which masking leaves as they are): then masking it changes nothing. Read without copying
 * anything, a few `includes` (native) a string; most answers hold no secret value at all, and the
 * walk's frames, copies and map cost several times this read.
 */
export function clean(root: object, values: readonly string[], masked?: Set<object>): boolean {
  const stack: object[] = [root];
  let budget = CLEAN_OBJECTS;
  // a string shorter than every value holds none: most keys (`file`, `line`, `path`) and many values
  let shortest = Infinity;
  for (const v of values) shortest = Math.min(shortest, v.length);
  // a value with a blank may show as its first words in a cut text, which ends with `…` (src/redact/scan.ts)
  const cut = values.some((v) => /\S\s/.test(v)) ? '…' : undefined;
  while (stack.length) {
    const o = stack.pop()!;
    if (Array.isArray(o)) {
      for (let i = 0; i < o.length; i++) {
        const v: unknown = o[i];
        if (typeof v === 'string' ? holds(v, values, shortest, cut) : !fits(v)) return false;
      }
      continue;
    }
    // for-in (V8 reads the keys from the object's enumeration cache) also visits inherited
    // enumerable keys: more strings than the walk reads, never fewer
    for (const k in o) {
      const v: unknown = (o as Record<string, unknown>)[k];
      if (holds(k, values, shortest, cut) || (typeof v === 'string' ? holds(v, values, shortest, cut) : !fits(v)))
        return false;
    }
  }
  return true;

  /** A value other than a string: an object is read later (false: past the budget). */
  function fits(v: unknown): boolean {
    if (typeof v !== 'object' || v === null || masked?.has(v)) return true;
    stack.push(v);
    return --budget >= 0;
  }
}

/** Whether `s` may hold one of `values` (the shortest `shortest` long): whole, or cut (`cut`, when a value can be). */
function holds(s: string, values: readonly string[], shortest: number, cut: string | undefined): boolean {
  if (cut !== undefined && s.includes(cut)) return true;
  if (s.length < shortest) return false;
  for (let i = 0; i < values.length; i++) if (s.includes(values[i])) return true;
  return false;
}
