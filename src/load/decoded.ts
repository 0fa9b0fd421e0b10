/**
 * Values compose-go's Go types decode with their own rules when it binds the model
 * (loader.Transform, mapstructure), and what they refuse: a decode-invalid error with mapstructure's
 * message as composeMessage. src/load/shape.ts applies them where the model holds each type.
 */
import { isObject, keyLoc, setLoc, valueLoc, type Tree } from '../yaml/located.js';
import { quotedParts, quoting, type Location } from '../diagnostics.js';
import { formatDuration } from '../normalize/units.js';
import {
  decodeDuration,
  decodeFileMode,
  decodeNanoCPUs,
  decodeUnitBytes,
  GoDecodeError,
  mapstructureName,
} from '../compat/go-decode.js';
import { NormalizeError } from '../normalize/errors.js';
import { stringMap } from './go-values.js';
import { goType } from '../compat/go.js';
import { exactInt, markExactInt } from '../compat/go-int.js';
import { goInt64, parseIntBig } from '../compat/go-strconv.js';
import { jsonQuote } from '../utf8.js';

/** A Go type whose decoder may refuse a value the schema let through (src/compat/go-decode.ts). */
interface GoType {
  /** `at`: where the value was read (a number's Go type, compat/go.ts goType) */
  decode: (v: Tree, at: Location | undefined) => Tree;
  /** what the value should be, in our message */
  what: string;
  hint: string;
}

/**
 * types.UnitBytes, printed as `"%d"` (types/bytes.go 82-90): go-yaml's int as it is, digit for digit
 * past 2^53; a uint64 (past int64) or a float is no case of its decoder, left at 0; a string of
 * digits within int64 (strconv.ParseInt) exactly.
 */
export const BYTES: GoType = {
  decode: (v, at) => {
    if (typeof v === 'number') return goType(v, at) === 'int' ? String(exactInt(v, at) ?? v) : '0';
    if (typeof v === 'string' && /^[+-]?[0-9]{16,}$/.test(v))
      try {
        return String(parseIntBig(v, 10, 64));
      } catch {
        // out of int64: RAMInBytes reads it
      }
    return String(decodeUnitBytes(v) ?? 0);
  },
  what: 'a byte size',
  hint: 'write a number of bytes, or a number and a unit: 512m, 1.5g (b, k, m, g, t, p)',
};
/** types.Duration, printed as time.Duration.String() */
export const DURATION: GoType = {
  decode: (v) => formatDuration(decodeDuration(v)),
  what: 'a duration',
  hint: 'write a duration: 10s, 1m30s, 1h, 500ms (units ns, us, ms, s, m, h, d, w)',
};
/** types.FileMode: a string is octal, as `chmod` reads it */
export const FILE_MODE: GoType = {
  decode: (v) => decodeFileMode(v),
  what: 'an octal file mode',
  hint: 'write the mode in octal, e.g. "0440", or as a number (0440 unquoted is octal too)',
};
/** types.NanoCPUs */
export const NANO_CPUS: GoType = {
  decode: (v) => decodeNanoCPUs(v),
  what: 'a number of CPUs',
  hint: 'write a number, e.g. 0.5',
};

/**
 * Decodes parent[key] into a Go type in place (a null is left as it is, as mapstructure leaves it);
 * a value the type refuses becomes an error in `sink`, placed at the value, the value staying as written.
 */
export function decoded(
  parent: Tree | undefined,
  key: string,
  type: GoType,
  at: (string | number)[],
  sink: NormalizeError[],
): void {
  if (!isObject(parent) || !Object.hasOwn(parent, key) || parent[key] === null) return;
  try {
    parent[key] = type.decode(parent[key], valueLoc(parent, key));
  } catch (e) {
    if (!(e instanceof GoDecodeError)) throw e;
    const shown = typeof parent[key] === 'string' ? jsonQuote(parent[key]) : String(parent[key]);
    const failure = new DecodeFailure(
      `${key} ${shown} is not ${type.what}: ${e.reason}`,
      [...at, key],
      valueLoc(parent, key),
      type.hint,
      e.reason,
    );
    sink.push(quoting(failure, quotedParts(e)));
  }
}

/**
 * An `int` or `int64` field of compose-go's types (pids_limit, cpu_shares, scale, ...) decoded from
 * the number go-yaml read, as mapstructure's decodeInt does (go-viper/mapstructure v2.4.0
 * mapstructure.go:696-707, getKind 1672-1686): an int as it is; a uint64 (a literal past int64,
 * resolver.go:155-157) `int64(dataVal.Uint())`, wrapped (18446744073709551615 is -1); a float64
 * `int64(dataVal.Float())`, truncated (0.5 is 0, which omitempty then leaves out), one out of int64
 * MinInt64 as Go's conversion gives it on amd64 (compat/go-strconv.ts goInt64). A changed value gets
 * a place of its own: the digits or the float the reader kept for the literal are not its.
 */
export function decodedInt(parent: Tree | undefined, key: string): void {
  if (!isObject(parent) || typeof parent[key] !== 'number') return;
  const v = parent[key];
  const at = valueLoc(parent, key);
  const type = goType(v, at);
  if (type === 'int') return;
  const big = type === 'uint64' ? BigInt.asIntN(64, exactInt(v, at)!) : BigInt(goInt64(v));
  parent[key] = Number(big);
  if (!at) return;
  const own = { ...at };
  setLoc(parent, key, own);
  markExactInt(own, big);
}

/** Go's `%f` of a float64 (strconv 'f', 6 digits): JS's toFixed, exact as it is, up to 1e21. */
const goF = (f: number): string => (Math.abs(f) < 1e21 ? f.toFixed(6) : `${BigInt(f)}.000000`);

/** What decodedUint's field is besides a uint64: its width, and how mapstructure names it when not by its key. */
export interface UintField {
  /** the Go type's bits: 8, 16, 32 or 64 (the default) */
  bits?: 8 | 16 | 32 | 64;
  /**
   * no cast of compose-go's turns a string into a number for it (loader/interpolate.go lists none;
   * loader/mapstructure.go cast has no case for a uint kind): a string is refused
   */
  noCast?: boolean;
  /** mapstructure's name of the field when its struct has no yaml tag for it (WeightDevice's `Weight`) */
  goName?: string;
  /** what the value should be, in our message (`a count`), and the hint for a string refused */
  what?: string;
  hint?: string;
}

/**
 * A `uint64`, `uint32` or `uint16` field (healthcheck.retries, deploy's parallelism, ...;
 * blkio_config's weights, a tmpfs mode: types.go:308, :329, :619) as mapstructure's decodeUint fills
 * it (v2.4.0 mapstructure.go:751-819): a negative int or float refused, `cannot parse value as
 * 'uint16': -1 overflows uint` (errors.go:59-61 ParseError; a float with `%f`), a float truncated
 * (`uint64(f)`), then the value wrapped to the field's width by reflect's SetUint (65546 is 10 in a
 * uint16), with a place of its own as decodedInt gives it; a string, where no cast applies,
 * `expected type 'uint16', got unconvertible type 'string'` (errors.go:67-78 UnconvertibleTypeError).
 * A float from 2^63 on is left as read (the conversion is the machine's).
 */
export function decodedUint(
  parent: Tree | undefined,
  key: string,
  at: (string | number)[],
  sink: NormalizeError[],
  field: UintField = {},
): void {
  if (!isObject(parent)) return;
  const v = parent[key];
  // nothing to decode (most fields are absent): no name, place or message made for it
  if (typeof v !== 'number' && typeof v !== 'string') return;
  const { bits = 64, noCast = false, goName, what = 'a count', hint = 'write the number unquoted' } = field;
  const loc = valueLoc(parent, key);
  const type = `uint${bits}`;
  const name = goName ? mapstructureName([...at, goName], MAPSTRUCTURE_MAPS) : undefined;
  const refuse = (reason: string, hint: string): void => {
    const shown = typeof v === 'string' ? jsonQuote(v) : String(v);
    sink.push(new DecodeFailure(`${key} ${shown} is not ${what}: ${reason}`, [...at, key], loc, hint, reason, name));
  };
  if (typeof v === 'string' && noCast) {
    refuse(`expected type '${type}', got unconvertible type 'string'`, hint);
    return;
  }
  if (typeof v !== 'number') return;
  const float = goType(v, loc) === 'float64';
  if (v < 0) {
    refuse(
      `cannot parse value as '${type}': ${float ? goF(v) : String(exactInt(v, loc) ?? v)} overflows uint`,
      'write a whole number, 0 or more',
    );
    return;
  }
  if (float && v >= 2 ** 63) return;
  const whole = float ? BigInt(Math.trunc(v)) : (exactInt(v, loc) ?? BigInt(v));
  const wrapped = BigInt.asUintN(bits, whole);
  if (!float && wrapped === whole) return;
  parent[key] = Number(wrapped);
  if (!loc) return;
  const own = { ...loc };
  setLoc(parent, key, own);
  markExactInt(own, wrapped);
}

/** mapstructure's maps, whose keys its error names in brackets, among the decoded paths. */
export const MAPSTRUCTURE_MAPS = new Set(['services']);

/**
 * A value compose-go's Go types refuse when it binds the model (loader.Transform). Its
 * composeMessage is mapstructure's, `'services[web].mem_limit' invalid size: 'abc'` (compose-go
 * prints all of them under "decoding failed due to the following error(s):").
 */
export class DecodeFailure extends NormalizeError {
  constructor(
    message: string,
    path: readonly (string | number)[],
    location: Location | undefined,
    hint: string,
    readonly reason: string,
    name = mapstructureName(path, MAPSTRUCTURE_MAPS),
  ) {
    super(message, 'decode-invalid', path, location, hint, `'${name}' ${reason}`);
  }
}

/**
 * go-values.ts stringMap on parent[key], its refusals to `sink`; `name` is mapstructure's for the
 * map. processExtensions' `#extensions` entry (src/load/extensions.ts) is placed at its first x- key.
 */
export function stringMapOf(
  parent: Tree | undefined,
  key: string,
  at: (string | number)[],
  name: string,
  sink: NormalizeError[],
): void {
  if (!isObject(parent)) return;
  const v = parent[key];
  stringMap(v, (k, type) => {
    const reason = `expected type 'string', got unconvertible type '${type}'`;
    const x = k === '#extensions' && isObject(v) && isObject(v[k]) ? Object.keys(v[k]) : undefined;
    const names = x && (x.length > 3 ? `${x.slice(0, 3).join(', ')}, …` : x.join(', '));
    const message = x
      ? `${key} holds x- keys (${names}), which Compose gathers into one "#extensions" entry: ${reason}`
      : `${key}.${k} is not a string: ${reason}`;
    const hint = x ? `keep x- keys out of ${key}: it maps names to strings` : 'quote the value';
    const loc = isObject(v) ? (x ? keyLoc(v, k) : valueLoc(v, k)) : undefined;
    sink.push(new DecodeFailure(message, [...at, key, x ? x[0] : k], loc, hint, reason, `${name}[${k}]`));
  });
}
