/**
 * Integers past JavaScript's safe range (beyond ±(2^53 - 1)): go-yaml decodes `123456789012345678`
 * into an int64 (a uint64 past int64), and compose-go prints it digit for digit (fmt.Sprint in
 * environment and labels, types/mapping.go and labels.go; encoding/json and go-yaml in `config`),
 * where the model's number is the nearest double (`123456789012345680`). The YAML reader keeps the
 * exact value beside the scalar's Location, which every stage that moves a value moves with it
 * (src/yaml/located.ts): no request reads another's (the keys are its own Locations), and a value
 * in the safe range, every value of the corpus, is never looked up.
 */
import type { Location } from '../diagnostics.js';

const EXACT = new WeakMap<Location, bigint>();

/** The scalar at `loc` is the integer `big` (only kept past the safe range). */
export function markExactInt(loc: Location | undefined, big: bigint): void {
  if (loc && !Number.isSafeInteger(Number(big))) EXACT.set(loc, big);
}

/**
 * The exact integer a model number `v` located at `loc` was read from, if it is past the safe range
 * and still the number read there (a value replaced at that place, by interpolation say, is not).
 */
export function exactInt(v: unknown, loc: Location | undefined): bigint | undefined {
  if (typeof v !== 'number' || Number.isSafeInteger(v) || loc === undefined) return undefined;
  const big = EXACT.get(loc);
  return big !== undefined && Number(big) === v ? big : undefined;
}
