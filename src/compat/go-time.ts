/**
 * Timestamps: go-yaml decodes `2002-12-14` (a plain scalar, or one tagged `!!timestamp`) into a
 * time.Time (resolver.go 195-231). The model holds the string time.Time.String() prints for it
 * (src/yaml/resolve.ts), which is what compose-go shows where it formats the value (fmt.Sprint in
 * environment, labels and the other string maps); where compose-go keeps the value as it is (the
 * `x-*` extensions, `any`), `config` prints the time.Time itself: RFC 3339 (go-yaml's representer.go
 * timev, encoding/json's Time.MarshalJSON). The reader keeps that text beside the scalar's Location,
 * as go-int.ts keeps integers past the safe range: only timestamps are kept, and a value replaced
 * at that place is not one any more.
 */
import type { Location } from '../diagnostics.js';

const TIMES = new WeakMap<Location, { shown: string; rfc3339: string }>();

/** The scalar at `loc` is a timestamp, held as `shown`, printed `rfc3339` as a time.Time. */
export function markTime(loc: Location | undefined, shown: string, rfc3339: string): void {
  if (loc) TIMES.set(loc, { shown, rfc3339 });
}

/** The RFC 3339 text of the time.Time a model string `v` located at `loc` was read from, if it was one. */
export function timeText(v: unknown, loc: Location | undefined): string | undefined {
  if (typeof v !== 'string' || loc === undefined) return undefined;
  const t = TIMES.get(loc);
  return t !== undefined && t.shown === v ? t.rfc3339 : undefined;
}
