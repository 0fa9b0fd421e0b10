/**
 * A minimal tar reader for uploaded bundles: ustar, GNU long names ('L') and pax path/size ('x')
 * headers. Only regular files and directories are accepted: links, devices and FIFOs are refused,
 * since a bundle is a set of file contents and nothing in it may point elsewhere.
 */
import {
  BundleError,
  filesBeforeRefusal,
  DEFAULT_BUNDLE_LIMITS,
  duplicateFile,
  escapePointer,
  normalizeBundlePath,
  type BundleLimits,
} from './bundle.js';
import { decodeText } from './text.js';
import { emptyRecord } from '../records.js';

const BLOCK = 512;
/**
 * pax extended headers and GNU long names, in all: Go's archive/tar refuses one over 1 MiB
 * (reader.go maxSpecialFileSize); a bundle's 500 paths of 512 characters need a third of that. Past
 * it the archive is refused before its records are read (a 24 KB tar.gz of one pax header with 2.8
 * million records held the event loop 0.77 s).
 */
const MAX_SPECIAL_BYTES = 1 << 20;
/**
 * every header counts, not only files: directories, pax headers, macOS `._` twins and their pax
 * headers (4 for a file), and the same for the directories that hold them
 */
const ENTRIES_PER_FILE = 8;
/** what Go's strconv.ParseInt(s, 10, 64) reads that is not negative: a `+`, any zeros */
const DECIMAL = /^\+?[0-9]+$/;

function text(b: Buffer, start: number, length: number): string {
  const field = b.subarray(start, start + length);
  const nul = field.indexOf(0);
  return field.subarray(0, nul < 0 ? field.length : nul).toString('utf8');
}

const UTF8 = new TextDecoder('utf-8', { fatal: true });

/** A name's bytes with those that are not UTF-8 shown as `\xNN`, so that the refusal says which name. */
function shownName(bytes: Buffer): string {
  let out = '';
  for (let i = 0; i < bytes.length;) {
    // the longest valid sequence from here (1 to 4 bytes), else one byte escaped
    let n = 0;
    for (let k = Math.min(4, bytes.length - i); k >= 1 && !n; k--) {
      try {
        UTF8.decode(bytes.subarray(i, i + k));
        n = k;
      } catch {
        // not a sequence of k bytes
      }
    }
    out += n ? bytes.toString('utf8', i, i + n) : `\\x${bytes[i].toString(16).padStart(2, '0')}`;
    i += n || 1;
  }
  return out;
}

/**
 * An entry name's field as text: a bundle path is text, so a name that is not UTF-8 is refused,
 * saying so (two such names both read as U+FFFD were refused as one file sent twice).
 */
function nameText(b: Buffer, start: number, length: number): string {
  const field = b.subarray(start, start + length);
  const nul = field.indexOf(0);
  const bytes = field.subarray(0, nul < 0 ? field.length : nul);
  try {
    return UTF8.decode(bytes);
  } catch {
    const shown = shownName(bytes);
    throw new BundleError(`tar entry name "${shown}" is not UTF-8: a bundle path is UTF-8 text`, '/files');
  }
}

function octal(b: Buffer, start: number, length: number, what: string): number {
  // GNU base-256 numbers (high bit set) only appear for sizes beyond 8 GiB: far past any limit
  if (b[start] & 0x80) throw new BundleError(`tar ${what} too large`, '', 413);
  const s = text(b, start, length).trim();
  if (s === '') return 0;
  if (!/^[0-7]+$/.test(s)) throw new BundleError(`the tar archive is corrupt (bad ${what} field)`, '');
  return parseInt(s, 8);
}

const PATH = Buffer.from('path=');
const SIZE = Buffer.from('size=');

/**
 * pax extended header records, `<length> <key>=<value>\n`: only `path` and `size` are kept (what a
 * bundle uses), the others skipped without being decoded, so a header of many records costs little.
 */
function parsePax(data: Buffer): Record<string, string> {
  const out: Record<string, string> = emptyRecord();
  let pos = 0;
  while (pos < data.length) {
    // the length: decimal digits, as Go's parsePAXRecord reads it (strconv.ParseInt base 10), not "0x10"
    // (a `+`, any leading zeros); a value past the header's length is refused as the digits come
    let len = 0;
    let i = data[pos] === 0x2b ? pos + 1 : pos;
    const first = i;
    for (; i < data.length && data[i] >= 0x30 && data[i] <= 0x39 && len <= data.length; i++)
      len = len * 10 + data[i] - 0x30;
    if (i === first || data[i] !== 0x20 || len <= i - pos || pos + len > data.length || data[pos + len - 1] !== 0x0a)
      throw new BundleError('the tar archive is corrupt (bad pax header)', '');
    const key = i + 1;
    const end = pos + len - 1;
    for (const [name, prefix] of [
      ['path', PATH],
      ['size', SIZE],
    ] as const)
      if (end - key >= prefix.length && data.compare(prefix, 0, prefix.length, key, key + prefix.length) === 0)
        out[name] =
          name === 'path'
            ? nameText(data, key + prefix.length, end - key - prefix.length)
            : data.subarray(key + prefix.length, end).toString('utf8');
    pos += len;
  }
  return out;
}

const REFUSED: Record<string, string> = {
  '1': 'a hard link',
  '2': 'a symbolic link',
  '3': 'a character device',
  '4': 'a block device',
  '6': 'a FIFO',
};

/**
 * A refusal of an entry in words that quote no name of the archive: the entry named by its place
 * (`tar entry 3`, as `tar -t` lists them, pax headers and long names not counted), its pointer the
 * files'. What a refusal says when the archives are too large to read for the secret values its
 * name may hold (src/api/refusal-cost.ts). A refusal without one quotes no name.
 */
export const namelessRefusal = new WeakMap<BundleError, { message: string; pointer: string }>();

/** `e`, saying `message` at `/files` when its name cannot be shown. */
function nameless(e: BundleError, message: string): BundleError {
  namelessRefusal.set(e, { message, pointer: '/files' });
  return e;
}

/** The regular files of a tar archive as bundle path -> content; throws BundleError (400/413). */
export function readTar(buf: Buffer, limits: BundleLimits = DEFAULT_BUNDLE_LIMITS): Record<string, string> {
  const files: Record<string, string> = emptyRecord();
  try {
    return readEntries(buf, limits, files);
  } catch (e) {
    if (e instanceof BundleError) filesBeforeRefusal.set(e, files);
    throw e;
  }
}

function readEntries(buf: Buffer, limits: BundleLimits, files: Record<string, string>): Record<string, string> {
  let count = 0;
  let entries = 0;
  /** the entries as `tar -t` lists them: the place of the one read */
  let listed = 0;
  let special = 0;
  let total = 0;
  let longName: string | undefined;
  let pax: Record<string, string> = emptyRecord();
  let off = 0;
  while (off + BLOCK <= buf.length) {
    const h = buf.subarray(off, off + BLOCK);
    if (h.every((x) => x === 0)) return files; // end-of-archive marker
    let sum = 0;
    for (let i = 0; i < BLOCK; i++) sum += i >= 148 && i < 156 ? 0x20 : h[i];
    if (
      h.subarray(148, 156).some((x) => x !== 0 && x !== 0x20 && (x < 0x30 || x > 0x37)) ||
      sum !== octal(h, 148, 8, 'checksum')
    )
      throw new BundleError(
        off === 0 ? 'the body is not a tar archive' : 'the tar archive is corrupt (header checksum mismatch)',
        '',
      );
    if (++entries > limits.maxFiles * ENTRIES_PER_FILE)
      throw new BundleError(
        `too many tar entries: the limit is ${limits.maxFiles * ENTRIES_PER_FILE} (${ENTRIES_PER_FILE} a file of the file limit: directories, pax headers and macOS ._ files count too)`,
        '/files',
        413,
      );
    const type = h[156] === 0 ? '0' : String.fromCharCode(h[156]);
    // a pax size is decimal (Go's parsePAXRecord: strconv.ParseInt base 10), not "0x10" or "1e3"
    if (pax.size !== undefined && !DECIMAL.test(pax.size))
      throw new BundleError('the tar archive is corrupt (bad pax size)', '');
    const size = pax.size !== undefined ? Number(pax.size) : octal(h, 124, 12, 'size');
    if (!Number.isSafeInteger(size) || size < 0) throw new BundleError('the tar archive is corrupt (bad size)', '');
    const start = off + BLOCK;
    if (start + size > buf.length) throw new BundleError('the tar archive is truncated', '');
    const data = buf.subarray(start, start + size);
    off = start + Math.ceil(size / BLOCK) * BLOCK;
    if (type === 'L' || type === 'x' || type === 'g' || type === 'K') {
      special += size;
      if (special > MAX_SPECIAL_BYTES)
        throw new BundleError(
          `the tar archive's pax headers and long names hold more than ${MAX_SPECIAL_BYTES} bytes`,
          '',
          413,
        );
    }
    // a name that is not UTF-8 (a long name's, a pax path's or the header's) is the next listed entry's
    const notUtf8 = (e: unknown): never => {
      if (e instanceof BundleError && e.pointer === '/files' && e.message.startsWith('tar entry name '))
        nameless(e, `the name of tar entry ${listed + 1} is not UTF-8: a bundle path is UTF-8 text`);
      throw e;
    };
    if (type === 'L') {
      try {
        longName = nameText(data, 0, data.length);
      } catch (e) {
        notUtf8(e);
      }
      continue;
    }
    if (type === 'x') {
      try {
        pax = parsePax(data);
      } catch (e) {
        notUtf8(e);
      }
      continue;
    }
    if (type === 'g' || type === 'K') continue; // global pax defaults and long link names: nothing we use
    // POSIX ustar splits long names into prefix + name; old GNU headers use that area for other fields
    const ustar = h.subarray(257, 263).toString('latin1') === 'ustar\0';
    const named = pax.path ?? longName;
    // the header's own name fields only when no pax path or long name replaces them
    let raw = named ?? '';
    try {
      const prefix = named === undefined && ustar ? nameText(h, 345, 155) : '';
      raw = named ?? (prefix ? `${prefix}/${nameText(h, 0, 100)}` : nameText(h, 0, 100));
    } catch (e) {
      notUtf8(e);
    }
    const place = `tar entry ${++listed}`;
    longName = undefined;
    pax = emptyRecord();
    const pointer = `/files/${escapePointer(raw)}`;
    if (REFUSED[type])
      throw nameless(
        new BundleError(
          `tar entry ${JSON.stringify(raw)} is ${REFUSED[type]}: a bundle holds regular files only`,
          pointer,
        ),
        `${place} is ${REFUSED[type]}: a bundle holds regular files only`,
      );
    if (type === '5') continue;
    if (type !== '0' && type !== '7')
      throw nameless(
        new BundleError(`tar entry ${JSON.stringify(raw)} has unsupported type ${JSON.stringify(type)}`, pointer),
        `${place} has unsupported type ${JSON.stringify(type)}`,
      );
    if (raw.length > limits.maxPathLength)
      throw nameless(
        new BundleError(`file path longer than ${limits.maxPathLength} characters`, pointer),
        `the path of ${place} is longer than ${limits.maxPathLength} characters`,
      );
    let path: string;
    try {
      path = normalizeBundlePath(raw, pointer);
    } catch (e) {
      // `file path "<raw>" escapes the bundle`: what follows the name, said of the entry's place
      const named = `file path ${JSON.stringify(raw)} `;
      if (e instanceof BundleError)
        nameless(
          e,
          e.message.startsWith(named)
            ? `the path of ${place} ${e.message.slice(named.length)}`
            : `${place}: ${e.message}`,
        );
      throw e;
    }
    // macOS tar adds AppleDouble metadata files (`._name`) beside each file: never Compose content
    if (path.split('/').pop()!.startsWith('._')) continue;
    // `tar x` would keep the last of two entries for one path (an archive appended to with `tar r`);
    // a bundle refuses them, as it does two JSON keys or two multipart parts for one file
    if (Object.hasOwn(files, path))
      throw nameless(
        duplicateFile(path, `/files/${escapePointer(path)}`, 'two tar entries'),
        `${place} names a file an entry before it names too (two tar entries): send each file once`,
      );
    if (++count > limits.maxFiles)
      throw new BundleError(`too many files: the limit is ${limits.maxFiles}`, '/files', 413);
    total += size;
    if (total > limits.maxTotalBytes)
      throw nameless(
        new BundleError(`the files exceed ${limits.maxTotalBytes} bytes in total`, pointer, 413),
        `the files exceed ${limits.maxTotalBytes} bytes in total at ${place}`,
      );
    files[path] = decodeText(data);
  }
  // some writers omit the end-of-archive marker: accept an archive that ends on an entry boundary
  if (off !== buf.length || longName !== undefined || Object.keys(pax).length)
    throw new BundleError(off === 0 ? 'the body is not a tar archive' : 'the tar archive is truncated', '');
  return files;
}
