/**
 * Byte sizes and durations as compose-go reads them, so later stages can compare `512m` with
 * `536870912` or `90s` with `1m30s`. Byte sizes: types.UnitBytes (strconv.ParseInt, else
 * docker/go-units RAMInBytes). Durations: Go time.ParseDuration; types.Duration (mapstructure)
 * uses xhit/go-str2duration, which also knows `d` and `w`. Results are JS numbers: exact up to
 * 2^53 (bytes: 8 PiB; durations: ~104 days in nanoseconds).
 */
import { NormalizeError } from './errors.js';

const INT64_MAX = (1n << 63n) - 1n;
const INT64_MIN = -(1n << 63n);
const quote = (s: string): string => JSON.stringify(s);

/** strconv.ParseInt(s, 10, 64). */
export function parseGoInt(s: string): number {
  if (!/^[+-]?[0-9]+$/.test(s)) throw new NormalizeError(`strconv.ParseInt: parsing ${quote(s)}: invalid syntax`);
  const n = BigInt(s);
  if (n > INT64_MAX || n < INT64_MIN)
    throw new NormalizeError(`strconv.ParseInt: parsing ${quote(s)}: value out of range`);
  return Number(n);
}

// Go float literal syntax as strconv.ParseFloat accepts it: `_` only between digits.
const DEC = String.raw`[0-9]+(?:_[0-9]+)*`;
const HEX = String.raw`_?[0-9a-fA-F]+(?:_[0-9a-fA-F]+)*`;
const DECIMAL_FLOAT = new RegExp(`^[+-]?(?:${DEC}(?:\\.(?:${DEC})?)?|\\.${DEC})(?:[eE][+-]?${DEC})?$`);
const HEX_FLOAT = new RegExp(`^([+-]?)0[xX](${HEX})?(?:\\.(${HEX})?)?[pP]([+-]?${DEC})$`);
const SPECIAL_FLOAT = /^[+-]?(inf|infinity|nan)$/i;

/** strconv.ParseFloat(s, 64). */
export function parseGoFloat(s: string): number {
  let f: number;
  const hex = HEX_FLOAT.exec(s);
  if (DECIMAL_FLOAT.test(s)) f = Number(s.replace(/_/g, ''));
  else if (hex && (hex[2] || hex[3])) {
    const int = (hex[2] ?? '').replace(/_/g, '');
    const frac = (hex[3] ?? '').replace(/_/g, '');
    const mant = parseInt(int + frac || '0', 16);
    f = (hex[1] === '-' ? -1 : 1) * mant * 2 ** (Number(hex[4].replace(/_/g, '')) - 4 * frac.length);
  } else if (SPECIAL_FLOAT.test(s)) {
    const neg = s.startsWith('-');
    return /nan/i.test(s) ? NaN : neg ? -Infinity : Infinity;
  } else throw new NormalizeError(`strconv.ParseFloat: parsing ${quote(s)}: invalid syntax`);
  if (!Number.isFinite(f)) throw new NormalizeError(`strconv.ParseFloat: parsing ${quote(s)}: value out of range`);
  return f;
}

/** Go's int64(f) on amd64: truncation, with out-of-range values (and NaN) becoming MinInt64. */
function goInt64(f: number): number {
  if (Number.isNaN(f) || f >= 2 ** 63 || f < -(2 ** 63)) return -(2 ** 63);
  return Math.trunc(f) + 0;
}

const BINARY: Record<string, number> = { k: 1024, m: 1024 ** 2, g: 1024 ** 3, t: 1024 ** 4, p: 1024 ** 5 };
const DECIMAL: Record<string, number> = { k: 1e3, m: 1e6, g: 1e9, t: 1e12, p: 1e15 };

/** go-units parseSize: `<number>[ ]<k|m|g|t|p>[b|ib]`, case-insensitive, `b` alone allowed. */
function parseSize(sizeStr: string, units: Record<string, number>): number {
  let sep = -1;
  for (let i = sizeStr.length - 1; i >= 0; i--) {
    if ('01234567890. '.includes(sizeStr[i])) {
      sep = i;
      break;
    }
  }
  if (sep === -1) throw new NormalizeError(`invalid size: '${sizeStr}'`);
  const num = sizeStr[sep] === ' ' ? sizeStr.slice(0, sep) : sizeStr.slice(0, sep + 1);
  let sfx = sizeStr.slice(sep + 1);
  let size = parseGoFloat(num);
  if (size < 0) throw new NormalizeError(`invalid size: '${sizeStr}'`);
  if (sfx.length === 0) return goInt64(size);
  const bad = (): never => {
    throw new NormalizeError(`invalid suffix: '${sfx}'`);
  };
  // go-units measures the suffix in bytes, before lower-casing
  if (Buffer.byteLength(sfx) > 3) bad();
  sfx = sfx.toLowerCase();
  if (sfx[0] === 'b') return sfx.length > 1 ? bad() : goInt64(size);
  const mul = Object.hasOwn(units, sfx[0]) ? units[sfx[0]] : bad();
  size *= mul;
  if ((sfx.length === 2 && sfx[1] !== 'b') || (sfx.length === 3 && sfx.slice(1) !== 'ib')) bad();
  return goInt64(size);
}

/** go-units RAMInBytes: binary multiples (`1k` = 1024). */
export function ramInBytes(size: string): number {
  return parseSize(size, BINARY);
}

/** go-units FromHumanSize: SI multiples (`1k` = 1000). */
export function fromHumanSize(size: string): number {
  return parseSize(size, DECIMAL);
}

/** types.UnitBytes from a string: a plain integer (negative allowed, `-1` = unlimited), else RAMInBytes. */
export function parseUnitBytes(s: string): number {
  // (tested first: a thrown error costs more than the whole parse, and `512m` is the usual case)
  if (!/^[+-]?[0-9]+$/.test(s)) return ramInBytes(s);
  try {
    return parseGoInt(s);
  } catch {
    return ramInBytes(s);
  }
}

/**
 * A UnitBytes field's value as the model holds it: integers as they are, strings parsed. Other
 * types give undefined (mapstructure DecodeMapstructure leaves them at 0; the schema rejects them).
 */
export function toUnitBytes(v: unknown): number | undefined {
  if (typeof v === 'number' && Number.isInteger(v)) return v;
  if (typeof v === 'string') return parseUnitBytes(v);
  return undefined;
}

const NS = 1n;
const US = 1000n * NS;
const MS = 1000n * US;
const SEC = 1000n * MS;
const MIN = 60n * SEC;
const HOUR = 60n * MIN;
const GO_UNITS: Record<string, bigint> = { ns: NS, us: US, µs: US, μs: US, ms: MS, s: SEC, m: MIN, h: HOUR };
const STR2DURATION_UNITS: Record<string, bigint> = { ...GO_UNITS, d: 24n * HOUR, w: 7n * 24n * HOUR };

export interface DurationOptions {
  /** accept `d` (24h) and `w` (7d), like go-str2duration (types.Duration's decoder) */
  days?: boolean;
}

/**
 * Go time.ParseDuration: `[-+]?([0-9]*(\.[0-9]*)?[a-z]+)+`, e.g. `1h30m`, `-1.5s`, `0`. Returns
 * nanoseconds. Go counts the unit in bytes; JS strings count `µ` as one unit, which is the same
 * split since units only stop at digits and dots.
 */
export function parseDuration(orig: string, options: DurationOptions = {}): number {
  const units = options.days ? STR2DURATION_UNITS : GO_UNITS;
  const invalid = (): never => {
    throw new NormalizeError(`time: invalid duration ${quote(orig)}`);
  };
  let s = orig;
  let neg = false;
  if (s !== '' && (s[0] === '-' || s[0] === '+')) {
    neg = s[0] === '-';
    s = s.slice(1);
  }
  if (s === '0') return 0;
  if (s === '') invalid();
  let d = 0n;
  const limit = 1n << 63n;
  while (s !== '') {
    if (!/^[0-9.]/.test(s)) invalid();
    const int = /^[0-9]*/.exec(s)![0];
    s = s.slice(int.length);
    let v = int === '' ? 0n : BigInt(int);
    if (v > limit) invalid();
    let frac = '';
    let post = false;
    if (s[0] === '.') {
      frac = /^[0-9]*/.exec(s.slice(1))![0];
      s = s.slice(1 + frac.length);
      post = frac.length > 0;
    }
    if (int === '' && !post) invalid();
    const u = /^[^0-9.]*/.exec(s)![0];
    if (u === '') throw new NormalizeError(`time: missing unit in duration ${quote(orig)}`);
    s = s.slice(u.length);
    if (!Object.hasOwn(units, u)) throw new NormalizeError(`time: unknown unit ${quote(u)} in duration ${quote(orig)}`);
    const unit = units[u];
    if (v > limit / unit) invalid();
    v *= unit;
    // leadingFraction: digits accumulate while they fit an int64, then only precision is lost
    let f = 0n;
    let scale = 1;
    for (const c of frac) {
      const y = f * 10n + BigInt(c);
      if (y > INT64_MAX) break;
      f = y;
      scale *= 10;
    }
    if (f > 0n) {
      v += BigInt(Math.trunc(Number(f) * (Number(unit) / scale)));
      if (v > limit) invalid();
    }
    d += v;
    if (d > limit) invalid();
  }
  if (!neg && d > limit - 1n) invalid();
  return Number(neg ? -d : d);
}

/** Go time.Duration.String(): `1h2m3.5s`, `1.5ms`, `0s`. */
export function formatDuration(nanoseconds: number): string {
  let u = BigInt(Math.trunc(nanoseconds));
  if (u === 0n) return '0s';
  const neg = u < 0n;
  if (neg) u = -u;
  const frac = (v: bigint, digits: number): string => {
    const p = 10n ** BigInt(digits);
    const f = (v % p).toString().padStart(digits, '0').replace(/0+$/, '');
    return `${v / p}${f ? `.${f}` : ''}`;
  };
  let out: string;
  if (u < SEC) out = u < US ? `${u}ns` : u < MS ? `${frac(u, 3)}µs` : `${frac(u, 6)}ms`;
  else {
    const h = u / HOUR;
    const m = (u % HOUR) / MIN;
    const s = frac(u % MIN, 9);
    out = h > 0n ? `${h}h${m}m${s}s` : m > 0n ? `${m}m${s}s` : `${s}s`;
  }
  return neg ? `-${out}` : out;
}
