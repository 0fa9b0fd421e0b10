/**
 * Bytes of a bundle file to the string the stages read, keeping what is not UTF-8: every byte that is
 * not part of a valid UTF-8 sequence becomes the lone surrogate U+DC80 + byte (as Python's
 * `surrogateescape`), which no valid text contains. The YAML stage then refuses the file at that
 * byte as compose-go's YAML reader does (src/utf8.ts), where `toString('utf8')` would have made
 * it a valid file with U+FFFD in it.
 */
import { isUtf8 } from 'node:buffer';

export function decodeText(data: Uint8Array): string {
  if (isUtf8(data)) return Buffer.from(data.buffer, data.byteOffset, data.byteLength).toString('utf8');
  let out = '';
  let start = 0; // the valid run not yet decoded
  const flush = (end: number): void => {
    if (end > start) out += Buffer.from(data.buffer, data.byteOffset + start, end - start).toString('utf8');
  };
  for (let p = 0; p < data.length;) {
    const n = sequenceLength(data, p);
    if (n > 0) {
      p += n;
      continue;
    }
    flush(p);
    out += String.fromCharCode(0xdc00 + data[p]);
    start = ++p;
  }
  flush(data.length);
  return out;
}

/** The length of the valid UTF-8 sequence at p (RFC 3629: shortest form, no surrogates), 0 if none. */
function sequenceLength(b: Uint8Array, p: number): number {
  const c = b[p];
  if (c < 0x80) return 1;
  const cont = (k: number): boolean => p + k < b.length && (b[p + k] & 0xc0) === 0x80;
  if (c >= 0xc2 && c <= 0xdf) return cont(1) ? 2 : 0;
  if (c >= 0xe0 && c <= 0xef) {
    if (!cont(1) || !cont(2)) return 0;
    const v = ((c & 0x0f) << 12) | ((b[p + 1] & 0x3f) << 6);
    return v >= 0x800 && !(v >= 0xd800 && v <= 0xdfff) ? 3 : 0;
  }
  if (c >= 0xf0 && c <= 0xf4) {
    if (!cont(1) || !cont(2) || !cont(3)) return 0;
    const v = ((c & 0x07) << 18) | ((b[p + 1] & 0x3f) << 12);
    return v >= 0x10000 && v <= 0x10ffff ? 4 : 0;
  }
  return 0;
}
