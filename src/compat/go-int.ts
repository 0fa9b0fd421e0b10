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

const FLOATS = new WeakMap<Location, number>();

/**
 * The scalar at `loc` is a float (`1e6`, `2000000.0`) of an integral value from 1e6 on: go-yaml
 * decodes it into a float64, which Go prints `1e+06` (strconv 'g'), where the int 1000000 prints its
 * digits. Below 1e6 both print alike, and other floats are no integers: only these are kept.
 */
export function markFloat(loc: Location | undefined, v: number | undefined): void {
  if (loc && v !== undefined && Number.isInteger(v) && Math.abs(v) >= 1e6) FLOATS.set(loc, v);
}

/** Whether the model number `v` located at `loc` was read as such a float (and is still the number read there). */
export function readAsFloat(v: unknown, loc: Location | undefined): boolean {
  return typeof v === 'number' && loc !== undefined && Math.abs(v) >= 1e6 && FLOATS.get(loc) === v;
}
