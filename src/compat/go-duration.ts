/**
 * Go durations as compose-go reads and prints them: time.ParseDuration (Go 1.24), which the schema's
 * `duration` format and types.Duration's JSON decoder use; xhit/go-str2duration v2.1.0
 * ParseDuration, which types.Duration's mapstructure decoder uses (it also knows `d` and `w`, and
 * has the older overflow rules); and time.Duration.String. Results are nanoseconds as JS numbers,
 * exact up to 2^53 ns (about 104 days). Written here: they are short, and only Go's own rules and
 * messages (`time: invalid duration "soon"`) will do.
 */
import { quoting } from '../diagnostics.js';

export class GoDurationError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'GoDurationError';
  }
}

const NS = 1n;
const US = 1000n * NS;
const MS = 1000n * US;
const SEC = 1000n * MS;
const MIN = 60n * SEC;
const HOUR = 60n * MIN;
const GO_UNITS: Record<string, bigint> = { ns: NS, us: US, µs: US, μs: US, ms: MS, s: SEC, m: MIN, h: HOUR };
const STR2DURATION_UNITS: Record<string, bigint> = { ...GO_UNITS, d: 24n * HOUR, w: 168n * HOUR };
const MAX_INT64 = (1n << 63n) - 1n;

/** Go's `"` + s + `"` of these messages (time uses its own quote: it escapes like strconv). */
const quote = (s: string): string => `"${s}"`;

interface Rules {
  units: Record<string, bigint>;
  /** Go 1.24 counts in uint64 up to 1<<63 (so -1<<63 parses); go-str2duration in int64 */
  max: bigint;
}

/** One number of a duration: `[0-9]*(\.[0-9]*)?` followed by a unit, as both parsers read it. */
function parse(orig: string, rules: Rules): number {
  const invalid = (): never => {
    throw new GoDurationError(`time: invalid duration ${quote(orig)}`);
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
  while (s !== '') {
    if (!(s[0] === '.' || (s[0] >= '0' && s[0] <= '9'))) invalid();
    // leadingInt: an overflow of the integer part is an invalid duration
    let i = 0;
    let v = 0n;
    for (; i < s.length && s[i] >= '0' && s[i] <= '9'; i++) {
      v = v * 10n + BigInt(s.charCodeAt(i) - 48);
      if (v > rules.max) invalid();
    }
    const pre = i > 0;
    s = s.slice(i);
    // leadingFraction: digits accumulate while they fit an int64, then only precision is lost
    let f = 0n;
    let scale = 1;
    let post = false;
    if (s !== '' && s[0] === '.') {
      s = s.slice(1);
      let j = 0;
      let overflow = false;
      for (; j < s.length && s[j] >= '0' && s[j] <= '9'; j++) {
        if (overflow) continue;
        if (f > MAX_INT64 / 10n) {
          overflow = true;
          continue;
        }
        const y = f * 10n + BigInt(s.charCodeAt(j) - 48);
        if (y > rules.max) {
          overflow = true;
          continue;
        }
        f = y;
        scale *= 10;
      }
      post = j > 0;
      s = s.slice(j);
    }
    if (!pre && !post) invalid();
    let u = 0;
    while (u < s.length && s[u] !== '.' && !(s[u] >= '0' && s[u] <= '9')) u++;
    if (u === 0) throw new GoDurationError(`time: missing unit in duration ${quote(orig)}`);
    const name = s.slice(0, u);
    s = s.slice(u);
    if (!Object.hasOwn(rules.units, name))
      throw quoting(new GoDurationError(`time: unknown unit ${quote(name)} in duration ${quote(orig)}`), [
        { part: name, of: orig },
      ]);
    const unit = rules.units[name];
    if (v > rules.max / unit) invalid();
    v *= unit;
    if (f > 0n) {
      // float64 arithmetic, as both Go parsers do it, for nanosecond accuracy on fractions of hours
      v += BigInt(Math.trunc(Number(f) * (Number(unit) / scale)));
      if (v > rules.max) invalid();
    }
    d += v;
    if (d > rules.max) invalid();
  }
  if (!neg && d > MAX_INT64) invalid();
  return Number(neg ? -d : d);
}

/** time.ParseDuration: `1h30m`, `-1.5s`, `300ms`, `0`; nanoseconds. */
export function parseGoDuration(s: string): number {
  return parse(s, { units: GO_UNITS, max: 1n << 63n });
}

/** xhit/go-str2duration ParseDuration (types.Duration's decoder): also `d` (24h) and `w` (7d). */
export function parseStr2Duration(s: string): number {
  return parse(s, { units: STR2DURATION_UNITS, max: MAX_INT64 });
}

/** time.Duration.String(): `1h2m3.5s`, `1.5ms`, `0s`. */
export function formatGoDuration(nanoseconds: number): string {
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
