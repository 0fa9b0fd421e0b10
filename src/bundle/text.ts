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
  // UTF-16LE code units written byte by byte (whatever the machine's byte order), decoded once: no
  // more than one unit a byte (a 4-byte sequence is 2). Adding each lone surrogate to a string with
  // `+=` had cost ~0.2-0.4 µs a byte that is not UTF-8, and grew faster than the text (16 MiB of 0xff: 18 s)
  const units = Buffer.allocUnsafe(data.length * 2);
  let u = 0;
  const unit = (v: number): void => {
    units[u++] = v & 0xff;
    units[u++] = v >> 8;
  };
  for (let p = 0; p < data.length;) {
    const c = data[p];
    const n = c < 0x80 ? 1 : sequenceLength(data, p);
    if (n === 1) unit(c);
    else if (n === 0) unit(0xdc00 + c);
    else if (n === 2) unit(((c & 0x1f) << 6) | (data[p + 1] & 0x3f));
    else if (n === 3) unit(((c & 0x0f) << 12) | ((data[p + 1] & 0x3f) << 6) | (data[p + 2] & 0x3f));
    else {
      const v =
        (((c & 0x07) << 18) | ((data[p + 1] & 0x3f) << 12) | ((data[p + 2] & 0x3f) << 6) | (data[p + 3] & 0x3f)) -
        0x10000;
      unit(0xd800 + (v >> 10));
      unit(0xdc00 + (v & 0x3ff));
    }
    p += n || 1;
  }
  return units.toString('utf16le', 0, u);
}

/** Whether b[q] is a continuation byte (10xxxxxx) within b. */
const cont = (b: Uint8Array, q: number): boolean => q < b.length && (b[q] & 0xc0) === 0x80;

/** The length of the valid UTF-8 sequence at p (RFC 3629: shortest form, no surrogates), 0 if none. */
function sequenceLength(b: Uint8Array, p: number): number {
  const c = b[p];
  if (c < 0x80) return 1;
  if (c >= 0xc2 && c <= 0xdf) return cont(b, p + 1) ? 2 : 0;
  if (c >= 0xe0 && c <= 0xef) {
    if (!cont(b, p + 1) || !cont(b, p + 2)) return 0;
    const v = ((c & 0x0f) << 12) | ((b[p + 1] & 0x3f) << 6);
    return v >= 0x800 && !(v >= 0xd800 && v <= 0xdfff) ? 3 : 0;
  }
  if (c >= 0xf0 && c <= 0xf4) {
    if (!cont(b, p + 1) || !cont(b, p + 2) || !cont(b, p + 3)) return 0;
    const v = ((c & 0x07) << 18) | ((b[p + 1] & 0x3f) << 12);
    return v >= 0x10000 && v <= 0x10ffff ? 4 : 0;
  }
  return 0;
}
