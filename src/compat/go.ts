/**
 * Go's fmt and strconv renderings, which compose-go's messages and compared strings are made of:
 * `%T`, `%v`, `%s`, `%d` of values go-yaml decoded into `any`, `%q`, and Go's string order.
 */

import type { Location } from '../diagnostics.js';
import { exactInt, readAsFloat } from './go-int.js';

/**
 * A value go-yaml decodes into `any`: the shape of yaml/'s Tree, written here so that compat/ stays
 * a leaf every stage may import (yaml/ reads plain scalars with compat/'s strconv).
 */
export type GoValue = string | number | boolean | null | GoValue[] | { [key: string]: GoValue };

const INT64_MAX = 2n ** 63n - 1n;
const isMap = (v: GoValue): v is { [key: string]: GoValue } => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * Go's %T for values decoded by go-yaml into `any`; `at`, where a number was read, tells a float
 * of an integral value (`1e20`, past uint64 too) and a uint64 (past int64) from an int.
 */
export function goType(v: GoValue, at?: Location): string {
  if (v === null) return '<nil>';
  if (Array.isArray(v)) return '[]interface {}';
  if (isMap(v)) return 'map[string]interface {}';
  if (typeof v === 'number')
    return !Number.isInteger(v) || readAsFloat(v, at)
      ? 'float64'
      : (exactInt(v, at) ?? 0n) > INT64_MAX
        ? 'uint64'
        : 'int';
  return typeof v === 'boolean' ? 'bool' : 'string';
}

/**
 * Go's %v. JS cannot tell `1.0` from `1`, so integral numbers print as Go ints; `at`, where the value
 * was read, gives an integer past the safe range its exact digits (see go-int.ts).
 */
export function goV(v: GoValue, at?: Location): string {
  if (v === null) return '<nil>';
  if (typeof v === 'string') return v;
  if (typeof v === 'boolean') return String(v);
  if (typeof v === 'number')
    return Number.isInteger(v) && !readAsFloat(v, at) ? String(exactInt(v, at) ?? v) : goFloat(v);
  if (Array.isArray(v)) return `[${v.map((x) => goV(x)).join(' ')}]`;
  return `map[${Object.keys(v)
    .sort(compareGo)
    .map((k) => `${k}:${goV(v[k])}`)
    .join(' ')}]`;
}

/**
 * Go's %#v of a value go-yaml decoded into `any` (`[]interface {}{"a", 1}`, map keys sorted), as
 * its "cannot use '%#v' as a map key" error prints a key. Integral numbers print as Go ints.
 */
export function goSharpV(v: GoValue): string {
  if (v === null) return 'interface {}(nil)';
  if (typeof v === 'string') return goQuote(v);
  if (typeof v !== 'object') return goV(v);
  if (Array.isArray(v)) return `[]interface {}{${v.map(goSharpV).join(', ')}}`;
  return `map[string]interface {}{${Object.keys(v)
    .sort(compareGo)
    .map((k) => `${goQuote(k)}:${goSharpV(v[k])}`)
    .join(', ')}}`;
}

/** Go's %s: strings as they are, anything else as `%!s(type=value)`. */
export function goS(v: GoValue): string {
  if (typeof v === 'string') return v;
  return v === null ? '%!s(<nil>)' : `%!s(${goType(v)}=${goV(v)})`;
}

/** Go's %d. */
export function goD(v: GoValue): string {
  if (typeof v === 'number' && Number.isInteger(v)) return String(v);
  return v === null ? '%!d(<nil>)' : `%!d(${goType(v)}=${goV(v)})`;
}

/**
 * The float32 nearest `f` as the number of its shortest digits (what strconv.FormatFloat(x, …, -1,
 * 32) and encoding/json print of a float32): `0.123456789` is `0.12345679`.
 */
export function float32Digits(f: number): number {
  const x = Math.fround(f);
  if (!Number.isFinite(x) || x === 0) return x;
  for (let p = 1; p < 9; p++) {
    const d = Number(x.toPrecision(p));
    if (Math.fround(d) === x) return d;
  }
  return Number(x.toPrecision(9));
}

/**
 * strconv.FormatFloat(f, 'g', -1, bits): exponent form below 1e-4 or from 1e6 on (JS switches at
 * 1e21), two exponent digits at least; with 32 bits, the float32's shortest digits.
 */
export function goFloat(f: number, bits: 32 | 64 = 64): string {
  if (bits === 32) f = float32Digits(f);
  if (!Number.isFinite(f)) return Number.isNaN(f) ? 'NaN' : f > 0 ? '+Inf' : '-Inf';
  const [mant, e] = f.toExponential().split('e');
  const exp = Number(e);
  if (exp >= -4 && exp < 6) return String(f);
  const abs = Math.abs(exp);
  return `${mant}e${exp < 0 ? '-' : '+'}${abs < 10 ? '0' : ''}${abs}`;
}

/** cmp.Compare on Go strings: byte order of UTF-8, i.e. code point order (not UTF-16 order). */
export function compareGo(a: string, b: string): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const x = a.codePointAt(i)!;
    const y = b.codePointAt(i)!;
    if (x !== y) return x < y ? -1 : 1;
    if (x > 0xffff) i++;
  }
  return a.length - b.length;
}

/** Go's strconv.Quote, as printed by %q and %#v. */
export function goQuote(s: string): string {
  let out = '"';
  for (const ch of s) {
    const c = ch.codePointAt(0)!;
    if (ch === '"' || ch === '\\') out += '\\' + ch;
    else if (c >= 0x20 && c < 0x7f) out += ch;
    else if (c === 7) out += '\\a';
    else if (c === 8) out += '\\b';
    else if (c === 12) out += '\\f';
    else if (c === 10) out += '\\n';
    else if (c === 13) out += '\\r';
    else if (c === 9) out += '\\t';
    else if (c === 11) out += '\\v';
    else if (c < 0x20 || c === 0x7f) out += '\\x' + c.toString(16).padStart(2, '0');
    else if (/^[\p{L}\p{M}\p{N}\p{P}\p{S}\u0020]$/u.test(ch)) out += ch;
    else if (c >= 0xdc80 && c <= 0xdcff)
      out += '\\x' + (c - 0xdc00).toString(16); // an undecodable byte (src/utf8.ts)
    else if (c === 0xfffd || (c >= 0xd800 && c <= 0xdfff)) out += '\\ufffd';
    else out += c > 0xffff ? '\\U' + c.toString(16).padStart(8, '0') : '\\u' + c.toString(16).padStart(4, '0');
  }
  return out + '"';
}
