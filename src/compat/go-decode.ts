/**
 * The decoders compose-go runs when it binds the model to its Go types (loader.Transform:
 * go-viper/mapstructure v2.4.0 with each type's DecodeMapstructure), for the types whose decoding can
 * fail on a value the schema lets through: types.UnitBytes (`mem_limit: abc`), types.Duration
 * (`stop_grace_period: forever`), types.FileMode (`mode: "0999"`), types.NanoCPUs
 * (`deploy.resources.limits.cpus: lots`). Each returns the Go value or throws a GoDecodeError with the
 * reason compose-go gives; mapstructure prints it after the field's name, as `mapstructureName` writes it.
 */
import { parseFloat, parseInt } from './go-strconv.js';
import { ramInBytes } from './go-units.js';
import { parseStr2Duration } from './go-duration.js';
import { goType, goV, type GoValue } from './go.js';
import { quotedParts, quoting } from '../diagnostics.js';

/** A value a Go type refuses; `reason` is compose-go's error (`invalid size: 'abc'`). */
export class GoDecodeError extends Error {
  constructor(readonly reason: string) {
    super(reason);
    this.name = 'GoDecodeError';
  }
}

/** Runs a Go parser: its error is the decoder's reason (quoting the same pieces of the value). */
function go<T>(f: () => T): T {
  try {
    return f();
  } catch (e) {
    throw quoting(new GoDecodeError((e as Error).message), quotedParts(e));
  }
}

/**
 * types.UnitBytes.DecodeMapstructure: an int as it is, a string by strconv.ParseInt(s, 10, 64), else
 * units.RAMInBytes; any other type is left at 0 (undefined here: the field is omitted).
 */
export function decodeUnitBytes(v: GoValue): number | undefined {
  if (typeof v === 'number') return Number.isInteger(v) ? v : undefined;
  if (typeof v !== 'string') return undefined;
  if (/^[+-]?[0-9]+$/.test(v))
    try {
      return parseInt(v, 10, 64);
    } catch {
      // out of int64: RAMInBytes reads it as a float
    }
  return go(() => ramInBytes(v));
}

/** types.Duration.DecodeMapstructure: go-str2duration of fmt.Sprint(value) (%v), in nanoseconds. */
export function decodeDuration(v: GoValue): number {
  return go(() => parseStr2Duration(goV(v)));
}

/** types.FileMode.DecodeMapstructure: a string is octal (strconv.ParseInt(s, 8, 64)), an int as it is. */
export function decodeFileMode(v: GoValue): number {
  if (typeof v === 'string') return go(() => parseInt(v, 8, 64));
  if (typeof v === 'number' && Number.isInteger(v)) return v;
  throw new GoDecodeError(`unexpected value type ${goType(v)} for mode`);
}

/** types.NanoCPUs.DecodeMapstructure: a string by strconv.ParseFloat(s, 64), a number as it is. */
export function decodeNanoCPUs(v: GoValue): number {
  if (typeof v === 'string') return go(() => parseFloat(v, 64));
  if (typeof v === 'number') return v;
  throw new GoDecodeError(`unexpected value type ${goType(v)} for cpus`);
}

/**
 * The name mapstructure gives a field in its errors: struct fields by their yaml tag after a dot,
 * map keys and list indexes in brackets (`services[web].secrets[0].mode`). `mapKeys` are the
 * segments that name a map (`services`, `ulimits`, ...): their next segment is a key.
 */
export function mapstructureName(segs: readonly (string | number)[], mapKeys: ReadonlySet<string>): string {
  let out = '';
  segs.forEach((s, i) => {
    const key = typeof s === 'number' || (i > 0 && mapKeys.has(String(segs[i - 1])) && typeof segs[i - 1] === 'string');
    out += key ? `[${s}]` : out === '' ? s : `.${s}`;
  });
  return out;
}
