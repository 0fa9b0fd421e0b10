/**
 * A multipart upload's parts as the event loop hands them to the worker that answers the request:
 * the event loop only frames the body (busboy: where each part starts and ends, its name) and
 * inflates a change pair's gzip archives (zlib, counted against the body memory budget); the parts'
 * bytes, one after another in one buffer, move to the worker, which decodes the files, reads the
 * archives' entries and refuses what is refused (src/api/request-task.ts taskOf). Decoding 16 MiB
 * of parts as text, reading two archives' entries and copying the strings to a worker had cost the
 * event loop tens of ms an upload, which every other request (/healthz too) waited out.
 *
 * The parts are read in the order the event loop met them (`events`), framing refusals among them,
 * by one function on both sides (readParts): the first refusal is the one answered, as when the
 * event loop read them all.
 */
import { BundleError, duplicateFile, escapePointer, filesBeforeRefusal, type BundleLimits } from '../bundle/bundle.js';
import { decodeText } from '../bundle/text.js';
import { readTar } from '../bundle/tar.js';
import { emptyRecord } from '../records.js';
import type { Refusal } from './validation.js';
import { affordable, namelessOr, UNREAD } from './refusal-cost.js';

/** One part as sent. */
export interface Part {
  /** its field name (the bundle path of a file part) */
  name: string;
  /** the name was cut at the limit of a path's length (a field; busboy does not cut a file's) */
  nameTruncated: boolean;
  /** the part was cut at the bundle's total size */
  truncated: boolean;
  /** `zip` / `archive`: a zip, or a tar or tar.gz, sent as the `base` or `head` part; `text` any other */
  kind: 'text' | 'archive' | 'zip';
  /** where its bytes are in the upload's buffer (an archive's inflated, when it was gzip) */
  start: number;
  size: number;
}

/** A part, or a refusal of the framing (a part without a name, too many parts, a malformed body). */
export type PartEvent = Part | { refusal: Refusal };

/** What crosses to the worker with the parts' bytes. */
export interface Parts {
  events: PartEvent[];
  limits: BundleLimits;
}

/** The two archives of a change pair. */
export const PAIR = ['base', 'head'] as const;

const isPair = (name: string): name is (typeof PAIR)[number] => PAIR.some((p) => p === name);

/** A zip sent where an archive is read: refused in words (it was read as a file, or "not a tar archive"). */
export const zipRefused = (what: string, pointer: string): BundleError =>
  new BundleError(
    `${what} is a zip archive: only tar and tar.gz archives are read (git archive --format=tar.gz)`,
    pointer,
    415,
  );

/** A part whose Content-Disposition has no name (or an empty one): its bundle path is unknown. */
export const unnamed = (): BundleError =>
  new BundleError(
    'a multipart part has no name: name each file part by its bundle path (Content-Disposition: form-data; name="compose.yaml")',
    '/files',
  );

export interface ReadParts<T> {
  /** the first refusal */
  failed?: BundleError;
  /** the file parts read (those after a refusal too: they mask its words) */
  files: Record<string, T>;
  /** the `bundle` part */
  meta?: T;
  /** the `baseline` part (a baseline file, as `--write-baseline` writes it) */
  baseline?: T;
  /** `base` / `head` parts holding a tar or tar.gz */
  archives: Record<string, Part>;
}

/**
 * The parts read in order: `content` of a file (or `bundle` / `baseline`) part, whose `size` counts
 * against the bundle's total. The event loop reads their sizes in bytes (no decoding: a refusal
 * there, or a pair, then needs no text), the worker their text (its length counts, as it always did).
 */
export function readParts<T>(
  events: PartEvent[],
  limits: BundleLimits,
  content: (p: Part) => T,
  size: (c: T) => number,
): ReadParts<T> {
  const read: ReadParts<T> = { files: emptyRecord(), archives: emptyRecord() };
  let total = 0;
  const fail = (e: BundleError) => {
    read.failed ??= e;
  };
  const add = (p: Part) => {
    const { name } = p;
    if (!name) return fail(unnamed());
    const pointer = `/files/${escapePointer(name)}`;
    if (p.nameTruncated)
      return fail(new BundleError(`a part name is longer than ${limits.maxPathLength} characters`, '/files'));
    if (p.truncated)
      return fail(new BundleError(`the files exceed ${limits.maxTotalBytes} bytes in total`, pointer, 413));
    if (name === 'bundle') {
      // which of two settings parts is meant cannot be told, as with a file sent twice
      if (read.meta !== undefined) return fail(new BundleError('the "bundle" part appears twice', '/bundle'));
      return void (read.meta = content(p));
    }
    if (name === 'baseline') {
      if (read.baseline !== undefined) return fail(new BundleError('the "baseline" part appears twice', '/baseline'));
      return void (read.baseline = content(p));
    }
    if (Object.hasOwn(read.files, name)) return fail(duplicateFile(name, pointer, 'two multipart parts'));
    const c = content(p);
    total += size(c);
    if (total > limits.maxTotalBytes)
      return fail(new BundleError(`the files exceed ${limits.maxTotalBytes} bytes in total`, pointer, 413));
    read.files[name] = c;
  };
  for (const e of events) {
    if ('refusal' in e) fail(new BundleError(e.refusal.message, e.refusal.pointer, e.refusal.status));
    // a zip named base or head is meant as an archive: refused, not read as a file "base"
    else if (e.kind === 'zip') fail(zipRefused(`the "${e.name}" part`, `/${e.name}`));
    else if (e.kind === 'text') add(e);
    else if (Object.hasOwn(read.archives, e.name))
      fail(new BundleError(`two parts are the "${e.name}" archive`, `/${e.name}`));
    else read.archives[e.name] = e;
  }
  return read;
}

/** Why parts read without a refusal are no upload: too many files, or an archive without its pair. */
export function partsRefusal<T>(read: ReadParts<T>, limits: BundleLimits): BundleError | undefined {
  const count = Object.keys(read.files).length;
  if (count > limits.maxFiles)
    return new BundleError(`too many files: ${count}, the limit is ${limits.maxFiles}`, '/files', 413);
  if (!Object.keys(read.archives).length) return undefined;
  const missing = PAIR.find((n) => !Object.hasOwn(read.archives, n));
  if (missing)
    return new BundleError(
      `an archive part makes a change pair: send two archives named "base" and "head" (the "${missing}" archive is missing)`,
      `/${missing}`,
    );
  const extra = Object.keys(read.files)[0];
  if (extra !== undefined)
    return new BundleError(
      `a change pair holds only the "base" and "head" archives (and "bundle" and "baseline" parts), not the file part ${JSON.stringify(extra)}`,
      `/files/${escapePointer(extra)}`,
    );
  return undefined;
}

/** The kind of a part named `name` whose first bytes (512 of them, or all) are `head`. */
export function partKind(name: string, head: Buffer, truncated: boolean): Part['kind'] {
  if (!isPair(name)) return 'text';
  if (isZip(head)) return 'zip';
  return !truncated && isArchive(head) ? 'archive' : 'text';
}

/** gzip magic, or a ustar header (`ustar` at offset 257): never the start of a Compose or env file. */
export function isArchive(b: Buffer): boolean {
  return (b[0] === 0x1f && b[1] === 0x8b) || (b.length >= 512 && b.toString('latin1', 257, 262) === 'ustar');
}

/** A zip archive's first bytes (a local file header, or the end record of an empty zip). */
export function isZip(b: Buffer): boolean {
  return b.length >= 4 && b[0] === 0x50 && b[1] === 0x4b && (b[2] === 3 || b[2] === 5) && b[3] === b[2] + 1;
}

/**
 * An upload as the worker reads it: its files (or pair), its `bundle` and `baseline` parts' text, or
 * its refusal with the files to mask its words with (a name it quotes may hold one of their secret
 * values); `unchecked`: the route's schema is still to be checked (an upload's is, by the worker).
 */
export interface ReadUpload {
  body: unknown;
  bundlePart?: string;
  baselinePart?: string;
  refusal?: Refusal;
  unchecked?: true;
}

const words = (e: BundleError): Refusal => ({ message: e.message, pointer: e.pointer, status: e.status });

/** The upload of a multipart body's parts (`bytes` holds them one after another), as the worker reads it. */
export function uploadOf(bytes: Uint8Array, { events, limits }: Parts): ReadUpload {
  const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const at = (p: Part): Buffer => buf.subarray(p.start, p.start + p.size);
  const read = readParts(
    events,
    limits,
    (p) => decodeText(at(p)),
    (s) => s.length,
  );
  const settings = {
    ...(read.meta !== undefined ? { bundlePart: read.meta } : {}),
    ...(read.baseline !== undefined ? { baselinePart: read.baseline } : {}),
  };
  const failed = read.failed ?? partsRefusal(read, limits);
  const archives = PAIR.filter((a) => Object.hasOwn(read.archives, a));
  // both archives' text, NUL padding as line ends, for a refusal's secret values
  const texts = (): Record<string, string> =>
    Object.fromEntries(archives.map((a) => [`\0${a}`, decodeText(at(read.archives[a])).replace(/\0+/g, '\n')]));
  if (failed) {
    // masked with the files' text and both archives' (inflated by the event loop, which leaves a
    // refusal beside them here, one met while the parts were read too): a secret they hold may name
    // a part it quotes
    if (!archives.length) return { body: { files: read.files }, ...settings, refusal: words(failed) };
    if (
      failed.pointer.startsWith('/files/') &&
      !affordable([...Object.values(read.files), ...archives.map((a) => at(read.archives[a]))])
    ) {
      // too large to read for secret values: a file part beside the pair named by its place among
      // the parts; a refusal met while the parts were read (a part sent twice, past the total) with
      // the names it quotes left out
      const parts = events.filter((e): e is Part => !('refusal' in e));
      const place = parts.findIndex((p) => p.kind === 'text' && p.name === Object.keys(read.files)[0]) + 1;
      const message = read.failed
        ? `${read.failed.message.replace(/"(?:[^"\\]|\\.)*"/g, '(a name)')}${UNREAD}`
        : `a change pair holds only the "base" and "head" archives (and "bundle" and "baseline" parts), not file parts: part ${place} is one${UNREAD}`;
      return {
        body: { files: emptyRecord() },
        ...settings,
        refusal: { message, pointer: '/files', status: failed.status },
      };
    }
    return { body: { files: { ...read.files, ...texts() } }, ...settings, refusal: words(failed) };
  }
  if (!archives.length) return { body: { files: read.files }, ...settings, unchecked: true };
  const pair: Record<string, { files: Record<string, string> }> = {};
  for (const n of PAIR) {
    try {
      pair[n] = { files: readTar(at(read.archives[n]), limits) };
    } catch (e) {
      if (!(e instanceof BundleError)) throw e;
      const before = { ...filesBeforeRefusal.get(e) };
      // too large to read for secret values: the refused entry named by its place (its status kept)
      if (!affordable([...Object.values(before), ...archives.map((a) => at(read.archives[a]))])) {
        const { message, status } = namelessOr(e, `the "${n}" archive: `);
        return { body: { files: emptyRecord() }, ...settings, refusal: { message, pointer: `/${n}`, status } };
      }
      // masked with both archives' text, as a tar body's refusal is (its NUL padding as line ends)
      return {
        body: { files: { ...before, ...texts() } },
        ...settings,
        refusal: { message: `the "${n}" archive: ${e.message}`, pointer: `/${n}`, status: e.status },
      };
    }
  }
  return { body: { base: pair.base, head: pair.head }, ...settings, unchecked: true };
}
