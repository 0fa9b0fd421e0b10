/**
 * Go's strconv number parsing (Go 1.24 atoi.go / atof.go), exact in what it accepts, in its range
 * checks and in its error messages (`strconv.ParseInt: parsing "0x": invalid syntax`), because
 * compose-go's decoders and casts show those messages as they are. Written here rather than taken
 * from npm: no package reproduces Go's syntax (base prefixes, `_` separators, hex floats) and
 * errors, and the rules fit in a page.
 *
 * Integers are computed as BigInt and returned as BigInt (`parseIntBig`) or as a JS number, exact
 * up to 2^53 (a Compose size or count beyond that is rounded, as JSON would round it anyway).
 */

import { goQuote } from './go.js';

/** strconv.NumError: `strconv.<Func>: parsing "<num>": <reason>`. */
export class GoNumError extends Error {
  constructor(
    readonly func: string,
    readonly num: string,
    /** 'invalid syntax', 'value out of range', or a reason of the caller's */
    readonly reason: string,
  ) {
    super(`strconv.${func}: parsing ${goQuote(num)}: ${reason}`);
    this.name = 'GoNumError';
  }
  get outOfRange(): boolean {
    return this.reason === 'value out of range';
  }
}

const SYNTAX = 'invalid syntax';
const RANGE = 'value out of range';

const lower = (c: string): string => c.toLowerCase();

/**
 * strconv underscoreOK: `_` only between digits, or between a base prefix and a digit. Checked once
 * on the whole literal so that the parsers can skip underscores as they go.
 */
export function underscoreOK(s: string): boolean {
  let saw = '^';
  let i = 0;
  if (s.length >= 1 && (s[0] === '-' || s[0] === '+')) s = s.slice(1);
  let hex = false;
  if (s.length >= 2 && s[0] === '0' && 'box'.includes(lower(s[1]))) {
    i = 2;
    saw = '0';
    hex = lower(s[1]) === 'x';
  }
  for (; i < s.length; i++) {
    const c = s[i];
    if ((c >= '0' && c <= '9') || (hex && lower(c) >= 'a' && lower(c) <= 'f')) {
      saw = '0';
      continue;
    }
    if (c === '_') {
      if (saw !== '0') return false;
      saw = '_';
      continue;
    }
    if (saw === '_') return false;
    saw = '!';
  }
  return saw !== '_';
}

function digitValue(c: string): number {
  const code = c.charCodeAt(0);
  if (code >= 48 && code <= 57) return code - 48;
  const l = lower(c).charCodeAt(0);
  if (l >= 97 && l <= 122) return l - 97 + 10;
  return 99;
}

function checkBitSize(func: string, s: string, bitSize: number): number {
  if (bitSize === 0) return 64;
  if (bitSize < 0 || bitSize > 64) throw new GoNumError(func, s, `invalid bit size ${bitSize}`);
  return bitSize;
}

/** strconv.ParseUint(s, base, bitSize), as a BigInt. */
export function parseUintBig(s: string, base: number, bitSize: number, func = 'ParseUint'): bigint {
  if (s === '') throw new GoNumError(func, s, SYNTAX);
  const s0 = s;
  const base0 = base === 0;
  if (base >= 2 && base <= 36) {
    // valid base: nothing to do
  } else if (base === 0) {
    base = 10;
    if (s[0] === '0') {
      if (s.length >= 3 && 'box'.includes(lower(s[1]))) {
        base = { b: 2, o: 8, x: 16 }[lower(s[1]) as 'b' | 'o' | 'x'];
        s = s.slice(2);
      } else {
        base = 8;
        s = s.slice(1);
      }
    }
  } else throw new GoNumError(func, s0, `invalid base ${base}`);
  const bits = checkBitSize(func, s0, bitSize);
  const max = (1n << BigInt(bits)) - 1n;
  const b = BigInt(base);
  let n = 0n;
  let underscores = false;
  for (const c of s) {
    if (c === '_' && base0) {
      underscores = true;
      continue;
    }
    const d = digitValue(c);
    if (d >= base) throw new GoNumError(func, s0, SYNTAX);
    n = n * b + BigInt(d);
    if (n > max) throw new GoNumError(func, s0, RANGE);
  }
  if (underscores && !underscoreOK(s0)) throw new GoNumError(func, s0, SYNTAX);
  return n;
}

/** strconv.ParseInt(s, base, bitSize), as a BigInt. */
export function parseIntBig(s: string, base: number, bitSize: number, func = 'ParseInt'): bigint {
  if (s === '') throw new GoNumError(func, s, SYNTAX);
  const s0 = s;
  let neg = false;
  if (s[0] === '+') s = s.slice(1);
  else if (s[0] === '-') {
    neg = true;
    s = s.slice(1);
  }
  let un: bigint;
  try {
    un = parseUintBig(s, base, bitSize, func);
  } catch (e) {
    if (e instanceof GoNumError && !e.outOfRange) throw new GoNumError(func, s0, e.reason);
    if (!(e instanceof GoNumError)) throw e;
    throw new GoNumError(func, s0, RANGE);
  }
  const cutoff = 1n << BigInt(checkBitSize(func, s0, bitSize) - 1);
  if (!neg && un >= cutoff) throw new GoNumError(func, s0, RANGE);
  if (neg && un > cutoff) throw new GoNumError(func, s0, RANGE);
  return neg ? -un : un;
}

/** strconv.ParseInt(s, base, bitSize). */
export function parseInt(s: string, base = 10, bitSize = 64): number {
  return Number(parseIntBig(s, base, bitSize));
}

/** strconv.ParseUint(s, base, bitSize). */
export function parseUint(s: string, base = 10, bitSize = 64): number {
  return Number(parseUintBig(s, base, bitSize));
}

/** strconv.Atoi (64-bit int): ParseInt(s, 10, 0) reporting as Atoi. */
export function atoi(s: string): number {
  return Number(parseIntBig(s, 10, 64, 'Atoi'));
}

/**
 * atof.go special: `inf`, `infinity` (signed) and `nan` (unsigned), any case, as a prefix of s;
 * returns the value and how many characters it took.
 */
function special(s: string): [number, number] | undefined {
  if (s === '') return undefined;
  let sign = 1;
  let nsign = 0;
  let t = s;
  if (t[0] === '+' || t[0] === '-') {
    if (t[0] === '-') sign = -1;
    nsign = 1;
    t = t.slice(1);
  } else if (lower(t[0]) === 'n') return lower(t.slice(0, 3)) === 'nan' ? [NaN, 3] : undefined;
  if (t === '' || lower(t[0]) !== 'i') return undefined;
  let n = 0;
  while (n < t.length && n < 8 && lower(t[n]) === 'infinity'[n]) n++;
  if (n > 3 && n < 8) n = 3;
  return n === 3 || n === 8 ? [sign * Infinity, nsign + n] : undefined;
}

/** atof.go readFloat: the literal's parts, or undefined when it is not a whole float literal. */
function readFloat(s: string): { neg: boolean; hex: boolean; mant: string; exp: number; dot: number } | undefined {
  let i = 0;
  let neg = false;
  if (s[i] === '+') i++;
  else if (s[i] === '-') {
    neg = true;
    i++;
  }
  let hex = false;
  let expChar = 'e';
  if (i + 2 < s.length && s[i] === '0' && lower(s[i + 1]) === 'x') {
    hex = true;
    expChar = 'p';
    i += 2;
  }
  let underscores = false;
  let sawdot = false;
  let sawdigits = false;
  let mant = '';
  let dot = -1;
  for (; i < s.length; i++) {
    const c = s[i];
    if (c === '_') {
      underscores = true;
      continue;
    }
    if (c === '.') {
      if (sawdot) break;
      sawdot = true;
      dot = mant.length;
      continue;
    }
    if ((c >= '0' && c <= '9') || (hex && lower(c) >= 'a' && lower(c) <= 'f')) {
      sawdigits = true;
      mant += c;
      continue;
    }
    break;
  }
  if (!sawdigits) return undefined;
  if (!sawdot) dot = mant.length;
  let exp = 0;
  if (i < s.length && lower(s[i]) === expChar) {
    i++;
    if (i >= s.length) return undefined;
    let esign = 1;
    if (s[i] === '+') i++;
    else if (s[i] === '-') {
      i++;
      esign = -1;
    }
    if (i >= s.length || s[i] < '0' || s[i] > '9') return undefined;
    let e = 0;
    for (; i < s.length && ((s[i] >= '0' && s[i] <= '9') || s[i] === '_'); i++) {
      if (s[i] === '_') {
        underscores = true;
        continue;
      }
      if (e < 10000) e = e * 10 + (s.charCodeAt(i) - 48);
    }
    exp = e * esign;
  } else if (hex) return undefined; // a hex float must have its p exponent
  if (underscores && !underscoreOK(s.slice(0, i))) return undefined;
  if (i !== s.length) return undefined;
  return { neg, hex, mant, exp, dot };
}

/** The correctly rounded double of a hex mantissa times 2^exp (Number(BigInt) rounds to nearest even). */
function hexValue(mant: string, dot: number, exp: number): number {
  const m = BigInt(`0x${mant}`);
  if (m === 0n) return 0;
  let e = exp - 4 * (mant.length - dot);
  // scale into the double range in steps: 2 ** e alone overflows for exponents past ±1023
  let v = m;
  let shift = 0;
  // keep 64 significant bits before converting, folding the rest into a sticky bit
  const bits = v.toString(2).length;
  if (bits > 64) {
    shift = bits - 64;
    const rest = v & ((1n << BigInt(shift)) - 1n);
    v = (v >> BigInt(shift)) | (rest !== 0n ? 1n : 0n);
  }
  e += shift;
  let f = Number(v);
  while (e > 0) {
    const k = Math.min(e, 1000);
    f *= 2 ** k;
    e -= k;
  }
  while (e < 0) {
    const k = Math.max(e, -1000);
    f *= 2 ** k;
    e -= k;
  }
  return f;
}

/**
 * strconv.ParseFloat(s, bitSize): Go's float literal syntax (decimal, hex with `p` exponent, `_`
 * separators, inf/infinity/nan). A finite literal too large is "value out of range".
 */
export function parseFloat(s: string, bitSize: 32 | 64 = 64): number {
  const sp = special(s);
  if (sp) {
    if (sp[1] !== s.length) throw new GoNumError('ParseFloat', s, SYNTAX);
    return sp[0];
  }
  const r = readFloat(s);
  if (!r) throw new GoNumError('ParseFloat', s, SYNTAX);
  let f: number;
  if (r.hex) f = hexValue(r.mant, r.dot, r.exp);
  else {
    const digits = r.mant.replace(/^0+/, '');
    f = digits === '' ? 0 : Number(`0.${digits}e${r.dot - (r.mant.length - digits.length) + r.exp}`);
  }
  if (r.neg) f = -f;
  if (bitSize === 32) f = Math.fround(f);
  if (!Number.isFinite(f)) throw new GoNumError('ParseFloat', s, RANGE);
  return f;
}

/**
 * The shortest decimal that reads back as the same float32, as Go prints a float32
 * (strconv.FormatFloat(f, 'g', -1, 32)): `0.1`, not the double `0.10000000149011612`.
 */
export function shortestFloat32(f: number): number {
  for (let p = 1; p <= 9; p++) {
    const d = Number(f.toPrecision(p));
    if (Math.fround(d) === f) return d;
  }
  return f;
}

/** Go's int64(f) conversion on amd64: truncation; NaN and values out of range become MinInt64. */
export function goInt64(f: number): number {
  if (Number.isNaN(f) || f >= 2 ** 63 || f < -(2 ** 63)) return -(2 ** 63);
  return Math.trunc(f) + 0;
}
