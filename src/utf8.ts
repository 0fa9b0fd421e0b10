/**
 * Invalid UTF-8 in a Compose file, found where go-yaml's reader finds it (go.yaml.in/yaml/v4
 * internal/libyaml/reader.go): compose-go refuses such a file (`yaml: offset 12: invalid leading
 * UTF-8 octet`), where decoding it with replacement characters would read it as valid.
 *
 * Files reach the YAML stage as strings. The bundle decodes bytes with src/bundle/text.ts, which keeps
 * every byte that is not part of a valid UTF-8 sequence as the lone surrogate U+DC80 + byte (as
 * Python's `surrogateescape` does), so the bytes can be rebuilt here; a lone surrogate that came
 * another way (a JSON bundle's `\ud800`) stands for the three bytes that would encode it, which
 * go-yaml also refuses.
 */

export interface Utf8Problem {
  /** index in the string of the character the problem is at */
  index: number;
  /** go-yaml's byte offset of it */
  offset: number;
  /** go-yaml's problem: `invalid leading UTF-8 octet`, ... */
  problem: string;
  /** the bytes at that place, `0xff` or `0xed 0xa0 0x80` */
  bytes: string;
}

const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

/** The bytes of the text, and the string index each byte came from. */
function rebuild(text: string): { bytes: number[]; from: number[] } {
  const bytes: number[] = [];
  const from: number[] = [];
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    const push = (b: number): void => {
      bytes.push(b);
      from.push(i);
    };
    if (c < 0x80) push(c);
    else if (c < 0x800) {
      push(0xc0 | (c >> 6));
      push(0x80 | (c & 0x3f));
    } else if (c >= 0xd800 && c <= 0xdbff && i + 1 < text.length && (text.charCodeAt(i + 1) & 0xfc00) === 0xdc00) {
      const cp = 0x10000 + ((c - 0xd800) << 10) + (text.charCodeAt(i + 1) - 0xdc00);
      push(0xf0 | (cp >> 18));
      push(0x80 | ((cp >> 12) & 0x3f));
      push(0x80 | ((cp >> 6) & 0x3f));
      push(0x80 | (cp & 0x3f));
      from[from.length - 1] = i; // the pair is one character, at i
      i++;
    } else if (c >= 0xdc80 && c <= 0xdcff) push(c - 0xdc00);
    else {
      push(0xe0 | (c >> 12));
      push(0x80 | ((c >> 6) & 0x3f));
      push(0x80 | (c & 0x3f));
    }
  }
  return { bytes, from };
}

/**
 * The number of bytes Go holds for `text`: its UTF-8 length, but a byte kept as U+DC80 + byte
 * (src/bundle/text.ts) is the one byte it stands for, not the three of the surrogate's encoding.
 */
export function goByteLength(text: string): number {
  let n = Buffer.byteLength(text, 'utf8');
  for (const m of text.matchAll(/(?<![\ud800-\udbff])[\udc80-\udcff]/g)) if (m.index >= 0) n -= 2;
  return n;
}

/** Whether Go holds `text` as bytes that are not UTF-8 (it has a lone surrogate: see above). */
export const notUtf8 = (text: string): boolean => LONE_SURROGATE.test(text);

declare global {
  // ES2024, in Node from 20 (TypeScript's lib here is ES2022)
  interface String {
    isWellFormed(): boolean;
    toWellFormed(): string;
  }
}

/** A lone surrogate that keeps no byte: one that came another way, three bytes (see above). */
const NOT_A_BYTE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udc7f\udd00-\udfff]/;
const NOT_A_BYTE_ALL = new RegExp(NOT_A_BYTE.source, 'g');

/**
 * Text as Go prints bytes that are not UTF-8 where it decodes them (fmt, encoding/json, a terminal):
 * U+FFFD for each byte (unicode/utf8 DecodeRune: `RuneError, 1`), so that no answer holds a lone
 * surrogate (a UTF-8 encoder would write one U+FFFD for the three bytes of `\ud800`). toWellFormed
 * writes one U+FFFD a lone surrogate, each byte's.
 */
export function goText(text: string): string {
  if (text.isWellFormed()) return text;
  return (NOT_A_BYTE.test(text) ? text.replace(NOT_A_BYTE_ALL, '\ufffd\ufffd\ufffd') : text).toWellFormed();
}

const hexDigit = (c: number): number => (c >= 0x30 && c <= 0x39 ? c - 0x30 : c >= 0x61 && c <= 0x66 ? c - 0x57 : -1);

/**
 * JSON text as encoding/json writes a string that is not UTF-8: `\ufffd` for each byte (encode.go
 * appendString: `utf8.RuneError && size == 1`) where JSON.stringify writes a lone surrogate's
 * `\udcXX` (lowercase: it writes no other escape of a surrogate); a `\\` (the text `\`) is passed
 * over, so the text `\udc80` stays as it is. A scan, not a replace with a function: 4x faster where
 * a body holds millions.
 */
export function goJsonText(json: string): string {
  if (!json.includes('\\ud')) return json;
  let out = '';
  let from = 0;
  for (let i = json.indexOf('\\'); i >= 0; i = json.indexOf('\\', i)) {
    if (json.charCodeAt(i + 1) !== 0x75 /* u */ || json.charCodeAt(i + 2) !== 0x64 /* d */) {
      i += 2; // `\\`, `\"`, `\n`, another `\uXXXX`: passed over whole
      continue;
    }
    const [a, b, c] = [
      hexDigit(json.charCodeAt(i + 3)),
      hexDigit(json.charCodeAt(i + 4)),
      hexDigit(json.charCodeAt(i + 5)),
    ];
    if (a < 8 || b < 0 || c < 0) {
      i += 6;
      continue;
    }
    out += json.slice(from, i) + (a === 0xc && b >= 8 ? '\\ufffd' : '\\ufffd\\ufffd\\ufffd');
    from = i += 6;
  }
  return out + json.slice(from);
}

/**
 * `v` quoted as JSON for a message (`service "web"`), where a lone surrogate is made into text: the
 * `\\udcXX` JSON.stringify writes for a byte that is not UTF-8 is `\\ufffd` (goJsonText), as Go
 * quotes it, and the text `\\udcff` a file wrote stays as written (its `\\` is `\\\\` here). A message
 * is not read again for escapes (src/diagnostics.ts diagnostic): text it quotes raw is as written.
 */
export const jsonQuote = (v: unknown): string => goJsonText(JSON.stringify(v));

/** An answer's body without a lone surrogate, raw or (`json`) escaped: goText, goJsonText. */
export const wellFormed = (body: string, json: boolean): string => goText(json ? goJsonText(body) : body);

/** The bytes Go holds for `text` (a lone surrogate as above). */
export const goBytes = (text: string): Buffer => Buffer.from(rebuild(text).bytes);

const hex = (b: number): string => `0x${b.toString(16).padStart(2, '0')}`;

/**
 * The bytes Go holds for `text` from the character `i` on, a few at a time (a UTF-8 sequence is
 * 4 bytes at most), each with the index of the character it came from: go-yaml's reader stops at
 * the first problem, so the bytes after it are never made (rebuilding them all had cost a 4 MiB
 * file of 0xff seconds).
 */
class GoBytes {
  private readonly bytes: number[] = [];
  private readonly from: number[] = [];
  constructor(
    private readonly text: string,
    private i: number,
  ) {}
  /** Up to n bytes ahead ready (fewer at the end of the text); how many are. */
  ready(n: number): number {
    while (this.bytes.length < n && this.i < this.text.length) this.next();
    return this.bytes.length;
  }
  byte(k: number): number {
    return this.bytes[k];
  }
  index(k: number): number {
    return this.from[k];
  }
  /** n bytes from the k-th ready, as `0xff 0xfe`. */
  hex(k: number, n: number): string {
    return this.bytes
      .slice(k, k + n)
      .map(hex)
      .join(' ');
  }
  skip(n: number): void {
    this.bytes.splice(0, n);
    this.from.splice(0, n);
  }
  private push(b: number, at: number): void {
    this.bytes.push(b);
    this.from.push(at);
  }
  private next(): void {
    const { text } = this;
    const i = this.i++;
    const c = text.charCodeAt(i);
    if (c < 0x80) this.push(c, i);
    else if (c < 0x800) {
      this.push(0xc0 | (c >> 6), i);
      this.push(0x80 | (c & 0x3f), i);
    } else if (c >= 0xd800 && c <= 0xdbff && i + 1 < text.length && (text.charCodeAt(i + 1) & 0xfc00) === 0xdc00) {
      const cp = 0x10000 + ((c - 0xd800) << 10) + (text.charCodeAt(i + 1) - 0xdc00);
      this.push(0xf0 | (cp >> 18), i);
      this.push(0x80 | ((cp >> 12) & 0x3f), i);
      this.push(0x80 | ((cp >> 6) & 0x3f), i);
      this.push(0x80 | (cp & 0x3f), i); // the pair is one character, at i
      this.i++;
    } else if (c >= 0xdc80 && c <= 0xdcff) this.push(c - 0xdc00, i);
    else {
      this.push(0xe0 | (c >> 12), i);
      this.push(0x80 | ((c >> 6) & 0x3f), i);
      this.push(0x80 | (c & 0x3f), i);
    }
  }
}

/** The first place go-yaml's reader stops at, or undefined for a text that is valid UTF-8. */
export function invalidUtf8(text: string): Utf8Problem | undefined {
  const lone = LONE_SURROGATE.exec(text);
  if (!lone) return undefined;
  // the text before its first lone surrogate is well formed: whole UTF-8 sequences, so the reader
  // starts a sequence at that character's first byte (its bytes, then, as UTF-8 writes them)
  let offset = Buffer.byteLength(text.slice(0, lone.index), 'utf8');
  const b = new GoBytes(text, lone.index);
  const at = (k: number, problem: string, n = 1): Utf8Problem => ({
    index: b.index(k),
    offset: offset + k,
    problem,
    bytes: b.hex(k, n),
  });
  while (b.ready(1)) {
    const octet = b.byte(0);
    const width =
      (octet & 0x80) === 0
        ? 1
        : (octet & 0xe0) === 0xc0
          ? 2
          : (octet & 0xf0) === 0xe0
            ? 3
            : (octet & 0xf8) === 0xf0
              ? 4
              : 0;
    if (width === 0) return at(0, 'invalid leading UTF-8 octet');
    const left = b.ready(width);
    if (width > left) return at(0, 'incomplete UTF-8 octet sequence', left);
    let value = width === 1 ? octet & 0x7f : width === 2 ? octet & 0x1f : width === 3 ? octet & 0x0f : octet & 0x07;
    for (let k = 1; k < width; k++) {
      const o = b.byte(k);
      if ((o & 0xc0) !== 0x80) return at(k, 'invalid trailing UTF-8 octet');
      value = (value << 6) + (o & 0x3f);
    }
    const minimal =
      width === 1 || (width === 2 && value >= 0x80) || (width === 3 && value >= 0x800) || value >= 0x10000;
    if (!minimal) return at(0, 'invalid length of a UTF-8 sequence', width);
    if ((value >= 0xd800 && value <= 0xdfff) || value > 0x10ffff) return at(0, 'invalid Unicode character', width);
    b.skip(width);
    offset += width;
  }
  return undefined;
}
