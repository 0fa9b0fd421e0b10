/**
 * What a plain (unquoted, untagged) YAML scalar is, the way compose-go's YAML library reads it:
 * go.yaml.in/yaml/v4 v4.0.0-rc.4 internal/libyaml/resolver.go, which compose-go decodes every file
 * with into untyped maps. It differs from YAML 1.2's core schema (the `yaml` package's default):
 *
 * * integers go through Go's strconv.ParseInt(s, 0, 64) after removing every `_`: `1_000` is 1000,
 *   `0b1010` 10, `0o17` and `017` 15, `0x1F` 31, `08` (not octal) the float 8;
 * * a float out of range (`1e400`) stays a string;
 * * timestamps (`2024-05-01`, `2001-12-14t21:59:43.10-05:00`) are Go time.Time values: where
 *   compose-go prints one as a string (environment, labels and other string maps, through fmt.Sprint)
 *   it is `2024-05-01 00:00:00 +0000 UTC`, which is the string the model holds for it here;
 * * `on`, `yes`, `off`, `no` are strings, as in YAML 1.2 (compose-go's casts make them booleans where
 *   its types want one, see src/interpolate/casts.ts).
 */
import { parseFloat, parseIntBig, parseUintBig, GoNumError } from '../compat/go-strconv.js';

export type Resolved =
  | { tag: 'str'; value: string }
  | { tag: 'null'; value: null }
  | { tag: 'bool'; value: boolean }
  | { tag: 'int'; value: number; big: bigint; unsigned?: boolean }
  | { tag: 'float'; value: number }
  | { tag: 'merge'; value: string }
  | { tag: 'timestamp'; value: string; time: GoTime };

/** The first character of a scalar that may make it something else than a string. */
function hint(c: string | undefined): 'S' | 'D' | 'M' | '.' | undefined {
  if (c === undefined) return 'M';
  if (c === '+' || c === '-') return 'S';
  if (c >= '0' && c <= '9') return 'D';
  if ('yYnNtTfFoO~<'.includes(c)) return 'M';
  if (c === '.') return '.';
  return undefined;
}

const MAP: Record<string, Resolved> = {};
for (const s of ['true', 'True', 'TRUE']) MAP[s] = { tag: 'bool', value: true };
for (const s of ['false', 'False', 'FALSE']) MAP[s] = { tag: 'bool', value: false };
for (const s of ['', '~', 'null', 'Null', 'NULL']) MAP[s] = { tag: 'null', value: null };
for (const s of ['.nan', '.NaN', '.NAN']) MAP[s] = { tag: 'float', value: NaN };
for (const s of ['.inf', '.Inf', '.INF', '+.inf', '+.Inf', '+.INF']) MAP[s] = { tag: 'float', value: Infinity };
for (const s of ['-.inf', '-.Inf', '-.INF']) MAP[s] = { tag: 'float', value: -Infinity };
for (const s of ['-0', '-0.0']) MAP[s] = { tag: 'float', value: -0 };
MAP['<<'] = { tag: 'merge', value: '<<' };

/**
 * The syntax strconv.ParseInt(s, 0, 64) accepts, underscores removed (atoi.go: a sign, then `0x` /
 * `0b` / `0o` and digits of that base, or `0` and octal digits, or decimal digits); ParseUint
 * accepts a part of it (no sign). Anything else (`30s`, `512M`, `8080:80`, versions) is a syntax
 * error for both: not parsed, since each parse would build an error with its stack.
 */
const INT_SYNTAX = /^[-+]?(?:0[xX][0-9a-fA-F]+|0[bB][01]+|0[oO][0-7]+|0[0-7]*|[1-9][0-9]*)$/;
const YAML_STYLE_FLOAT = /^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$/;

/** resolver.go resolve("", in) for a plain scalar. */
export function resolvePlain(s: string): Resolved {
  return resolveText(s, true);
}

/** resolver.go resolve's reading of `s`; timestamps are tried for a plain scalar and `!!timestamp` only. */
export function resolveText(s: string, timestamps: boolean): Resolved {
  const h = hint(s[0]);
  if (h === undefined) return { tag: 'str', value: s };
  if (Object.hasOwn(MAP, s)) return MAP[s];
  // strconv.ParseFloat reads a text starting with `.` only when a digit follows (`./api` does not)
  if (h === '.' && s.length > 1 && s.charCodeAt(1) >= 48 && s.charCodeAt(1) <= 57) {
    try {
      return { tag: 'float', value: parseFloat(s) };
    } catch (e) {
      if (!(e instanceof GoNumError)) throw e;
    }
  } else if (h === 'D' || h === 'S') {
    const t = timestamps ? parseTimestamp(s) : undefined;
    if (t) return { tag: 'timestamp', value: formatGoTime(t), time: t };
    const plain = s.replace(/_/g, '');
    const big = INT_SYNTAX.test(plain)
      ? (tryNum(() => parseIntBig(plain, 0, 64)) ?? tryNum(() => parseUintBig(plain, 0, 64)))
      : undefined;
    if (big !== undefined)
      return { tag: 'int', value: Number(big), big, ...(big > 0x7fffffffffffffffn ? { unsigned: true } : {}) };
    if (YAML_STYLE_FLOAT.test(plain)) {
      const f = tryNum(() => parseFloat(plain));
      if (f !== undefined) return { tag: 'float', value: f };
    }
  }
  return { tag: 'str', value: s };
}

/**
 * resolvePlain(s).tag and resolvePlain(s).value, without the answer's object for a text that can only
 * be a string (most keys and values: one object a scalar was a tenth of what the reader allocated)
 */
export function plainTag(s: string): Resolved['tag'] {
  return stringOnly(s) ? 'str' : resolvePlain(s).tag;
}

export function plainValue(s: string): Resolved['value'] {
  return stringOnly(s) ? s : resolvePlain(s).value;
}

/**
 * Whether plainValue's `v` of `text` is NaN (which the schema step refuses) or a value whose location
 * keeps what Go reads beside it: an integer past the safe range, a float from 1e6 on
 * (compat/go-int.ts), a timestamp (compat/go-time.ts; the one string that is not its text).
 */
export function keptBeside(v: Resolved['value'], text: string): boolean {
  if (typeof v === 'string') return v !== text;
  return (
    typeof v === 'number' &&
    (Number.isNaN(v) || (Math.abs(v) >= 1e6 && (!Number.isSafeInteger(v) || plainTag(text) === 'float')))
  );
}

/** A text resolvePlain reads as a string at its first look (its first character, the table of words). */
function stringOnly(s: string): boolean {
  const h = hint(s[0]);
  return h === undefined || (h === 'M' && !Object.hasOwn(MAP, s));
}

function tryNum<T>(f: () => T): T | undefined {
  try {
    return f();
  } catch (e) {
    if (e instanceof GoNumError) return undefined;
    throw e;
  }
}

/** A Go time.Time as time.Parse makes it (no zone: UTC; `Z`: UTC; else a fixed offset in seconds). */
export interface GoTime {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
  nanosecond: number;
  /** seconds east of UTC, undefined for UTC */
  offset?: number;
}

const DAYS = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
const leap = (y: number): boolean => y % 4 === 0 && (y % 100 !== 0 || y % 400 === 0);

/**
 * resolver.go parseTimestamp: `YYYY-` first, then the first of time.Parse's layouts
 * "2006-1-2T15:4:5.999999999Z07:00", the same with `t`, "2006-1-2 15:4:5.999999999" and "2006-1-2"
 * that reads the whole text (month, day, hour, minute, second: one or two digits; a space of the
 * layout takes any run of spaces; the fraction is optional, after `.` or `,`).
 */
export function parseTimestamp(s: string): GoTime | undefined {
  if (!/^[0-9]{4}-/.test(s)) return undefined;
  for (const sep of ['T', 't', ' ', '']) {
    const t = parseLayout(s, sep);
    if (t) return t;
  }
  return undefined;
}

/** One or two digits, as time.getnum(value, false). */
function num(v: string, at: number): [number, number] | undefined {
  if (!(v[at] >= '0' && v[at] <= '9')) return undefined;
  if (v[at + 1] >= '0' && v[at + 1] <= '9') return [Number(v.slice(at, at + 2)), at + 2];
  return [Number(v[at]), at + 1];
}

function parseLayout(s: string, sep: string): GoTime | undefined {
  const year = Number(s.slice(0, 4));
  let i = 5;
  const m = num(s, i);
  if (!m || s[m[1]] !== '-') return undefined;
  const d = num(s, m[1] + 1);
  if (!d) return undefined;
  const [month] = m;
  const [day] = d;
  i = d[1];
  const t: GoTime = { year, month, day, hour: 0, minute: 0, second: 0, nanosecond: 0 };
  if (sep === '') {
    if (i !== s.length) return undefined;
  } else {
    if (sep === ' ') {
      if (s[i] !== ' ') return undefined;
      while (s[i] === ' ') i++;
    } else if (s[i] === sep) i++;
    else return undefined;
    const h = num(s, i);
    if (!h || s[h[1]] !== ':') return undefined;
    const mi = num(s, h[1] + 1);
    if (!mi || s[mi[1]] !== ':') return undefined;
    const se = num(s, mi[1] + 1);
    if (!se) return undefined;
    [t.hour, t.minute, t.second] = [h[0], mi[0], se[0]];
    i = se[1];
    if ((s[i] === '.' || s[i] === ',') && s[i + 1] >= '0' && s[i + 1] <= '9') {
      let j = i + 1;
      while (s[j] >= '0' && s[j] <= '9') j++;
      t.nanosecond = Number(s.slice(i + 1, Math.min(j, i + 10)).padEnd(9, '0'));
      i = j;
    }
    if (sep !== ' ') {
      // Z07:00: `Z`, or ±hh:mm
      if (s[i] === 'Z') i++;
      else {
        const z = /^([+-])([0-9]{2}):([0-9]{2})/.exec(s.slice(i));
        if (!z) return undefined;
        const [hh, mm] = [Number(z[2]), Number(z[3])];
        if (hh > 24 || mm > 60) return undefined;
        t.offset = (z[1] === '-' ? -1 : 1) * (hh * 3600 + mm * 60);
        i += 6;
      }
    }
    if (i !== s.length) return undefined;
    if (t.hour > 23 || t.minute > 59 || t.second > 59) return undefined;
  }
  if (month < 1 || month > 12) return undefined;
  if (day < 1 || day > (month === 2 && leap(year) ? 29 : DAYS[month - 1])) return undefined;
  return t;
}

const pad = (n: number, w: number): string => String(n).padStart(w, '0');

/** time.Time.String() of a parsed timestamp: `2006-01-02 15:04:05.999999999 -0700 MST`. */
export function formatGoTime(t: GoTime): string {
  const frac = t.nanosecond ? `.${pad(t.nanosecond, 9).replace(/0+$/, '')}` : '';
  const base = `${pad(t.year, 4)}-${pad(t.month, 2)}-${pad(t.day, 2)} ${pad(t.hour, 2)}:${pad(t.minute, 2)}:${pad(t.second, 2)}${frac}`;
  // time.Parse gives UTC for `Z` and no zone; an offset of 0 is the local zone, UTC where compose runs
  if (!t.offset) return `${base} +0000 UTC`;
  const m = Math.abs(t.offset) / 60;
  const zone = `${t.offset < 0 ? '-' : '+'}${pad(Math.floor(m / 60), 2)}${pad(m % 60, 2)}`;
  // a fixed zone without a name prints its offset in the name's place too
  return `${base} ${zone} ${zone}`;
}

/**
 * time.Time.Format(time.RFC3339Nano), `2006-01-02T15:04:05.999999999Z07:00`: how go-yaml's encoder
 * (representer.go timev) and encoding/json (Time.MarshalJSON) print a time.Time.
 */
export function formatRFC3339Nano(t: GoTime): string {
  const frac = t.nanosecond ? `.${pad(t.nanosecond, 9).replace(/0+$/, '')}` : '';
  const base = `${pad(t.year, 4)}-${pad(t.month, 2)}-${pad(t.day, 2)}T${pad(t.hour, 2)}:${pad(t.minute, 2)}:${pad(t.second, 2)}${frac}`;
  if (!t.offset) return `${base}Z`;
  const m = Math.abs(t.offset) / 60;
  return `${base}${t.offset < 0 ? '-' : '+'}${pad(Math.floor(m / 60), 2)}:${pad(m % 60, 2)}`;
}

const MONTHS = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
];

/** Go's %#v of a resolved scalar (compose-go's "non-string key" error prints keys so). */
export function goSyntax(r: Resolved): string {
  switch (r.tag) {
    case 'null':
      return '<nil>';
    case 'int':
      // %#v of a uint64 is hexadecimal
      return r.unsigned ? `0x${r.big.toString(16)}` : r.big.toString();
    case 'float':
      return Number.isNaN(r.value)
        ? 'NaN'
        : r.value === Infinity
          ? '+Inf'
          : r.value === -Infinity
            ? '-Inf'
            : goFloat(r.value);
    case 'timestamp': {
      const t = r.time;
      const loc = t.offset ? `time.Location("")` : 'time.UTC';
      return `time.Date(${t.year}, time.${MONTHS[t.month - 1]}, ${t.day}, ${t.hour}, ${t.minute}, ${t.second}, ${t.nanosecond}, ${loc})`;
    }
    default:
      return String(r.value);
  }
}

/** %v of a float64: the shortest digits, with an exponent below 1e-4 and from 1e6 (strconv 'g', -1). */
function goFloat(f: number): string {
  if (Object.is(f, -0)) return '-0';
  if (f === 0) return '0';
  const [m, e] = f.toExponential().split('e');
  const exp = Number(e);
  if (exp < -4 || exp >= 6) return `${m}e${exp < 0 ? '-' : '+'}${pad(Math.abs(exp), 2)}`;
  return String(f);
}
