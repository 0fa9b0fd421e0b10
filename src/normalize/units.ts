/**
 * Byte sizes and durations as compose-go reads them, so later stages can compare `512m` with
 * `536870912` or `90s` with `1m30s`. Byte sizes: types.UnitBytes (strconv.ParseInt, else
 * docker/go-units RAMInBytes). Durations: Go time.ParseDuration; types.Duration (mapstructure)
 * uses xhit/go-str2duration, which also knows `d` and `w`. The Go parsers themselves are in
 * src/compat/; here their errors become NormalizeErrors (compose-go's message, placed by the caller).
 */
import { NormalizeError } from './errors.js';
import { quotedParts, quoting } from '../diagnostics.js';
import { GoNumError, parseFloat, parseInt } from '../compat/go-strconv.js';
import { GoUnitsError, ramInBytes as goRamInBytes, fromHumanSize as goFromHumanSize } from '../compat/go-units.js';
import { GoDurationError, formatGoDuration, parseGoDuration, parseStr2Duration } from '../compat/go-duration.js';

/** Runs a Go parser; its error (strconv, go-units, time) becomes a NormalizeError with the same message. */
function go<T>(f: () => T): T {
  try {
    return f();
  } catch (e) {
    if (e instanceof GoNumError || e instanceof GoUnitsError || e instanceof GoDurationError)
      throw quoting(new NormalizeError(e.message), quotedParts(e));
    throw e;
  }
}

/** strconv.ParseInt(s, 10, 64). */
export const parseGoInt = (s: string): number => go(() => parseInt(s, 10, 64));

/** strconv.ParseFloat(s, 64). */
export const parseGoFloat = (s: string): number => go(() => parseFloat(s, 64));

/** go-units RAMInBytes: binary multiples (`1k` = 1024). */
export const ramInBytes = (size: string): number => go(() => goRamInBytes(size));

/** go-units FromHumanSize: SI multiples (`1k` = 1000). */
export const fromHumanSize = (size: string): number => go(() => goFromHumanSize(size));

/** types.UnitBytes from a string: a plain integer (negative allowed, `-1` = unlimited), else RAMInBytes. */
export function parseUnitBytes(s: string): number {
  // (tested first: a thrown error costs more than the whole parse, and `512m` is the usual case)
  if (!/^[+-]?[0-9]+$/.test(s)) return ramInBytes(s);
  try {
    return parseInt(s, 10, 64);
  } catch {
    return ramInBytes(s);
  }
}

/**
 * A UnitBytes field's value as the model holds it: integers as they are, strings parsed. Other
 * types give undefined (UnitBytes.DecodeMapstructure leaves them at 0).
 */
export function toUnitBytes(v: unknown): number | undefined {
  if (typeof v === 'number' && Number.isInteger(v)) return v;
  if (typeof v === 'string') return parseUnitBytes(v);
  return undefined;
}

export interface DurationOptions {
  /** go-str2duration (types.Duration's decoder): `d` (24h) and `w` (7d) too */
  days?: boolean;
}

/** Go time.ParseDuration (or go-str2duration with `days`): nanoseconds. */
export const parseDuration = (orig: string, options: DurationOptions = {}): number =>
  go(() => (options.days ? parseStr2Duration(orig) : parseGoDuration(orig)));

/** Go time.Duration.String(): `1h2m3.5s`, `1.5ms`, `0s`. */
export const formatDuration = formatGoDuration;
