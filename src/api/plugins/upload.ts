/**
 * Upload formats besides the JSON bundle: `multipart/form-data` (one part per file, the field name
 * is the bundle path; an optional `bundle` part holds `environments` / `projectName` / `baseline` as
 * JSON, an optional `baseline` part a baseline file) and a
 * tar or tar.gz body. Both are content-type parsers yielding the same `{files, environments?,
 * projectName?}` object as a JSON body, so route schemas and parseBundle see one shape.
 * A multipart body whose only file parts are two archives named `base` and `head` (two `git
 * archive` outputs, say) is a change pair: `{base: {files}, head: {files}}`, as /v1/review takes it.
 *
 * Both parsers take the body as a buffer: fastify then enforces `bodyLimit` while streaming (so a
 * huge upload is refused as it arrives). That is why multipart uses @fastify/busboy directly rather
 * than @fastify/multipart, which reads the raw request itself and does not apply `bodyLimit`.
 */
import type { IncomingHttpHeaders } from 'node:http';
import type { FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { Busboy } from '@fastify/busboy';
import {
  BundleError,
  DEFAULT_BUNDLE_LIMITS,
  duplicateFile,
  escapePointer,
  filesBeforeRefusal,
  type BundleLimits,
} from '../../bundle/bundle.js';
import { readTar } from '../../bundle/tar.js';
import { RawJson, RawTar, RawUpload } from '../validation.js';
import { decodeText } from '../../bundle/text.js';
import { emptyRecord } from '../../records.js';
import { errorMessage } from '../../errors.js';
import { IntakeFullError, RequestOver } from './intake.js';
import { inflate, TooLarge } from './inflate.js';

export interface UploadedBundle {
  files: Record<string, string>;
  environments?: unknown;
  projectName?: unknown;
}

/** A change review's two bundles, uploaded as two archives. */
export interface UploadedPair {
  base: UploadedBundle;
  head: UploadedBundle;
}

/** gzip magic, or a ustar header (`ustar` at offset 257): never the start of a Compose or env file. */
export function isArchive(b: Buffer): boolean {
  return (b[0] === 0x1f && b[1] === 0x8b) || (b.length >= 512 && b.toString('latin1', 257, 262) === 'ustar');
}

const PAIR = ['base', 'head'] as const;

/** A multipart refusal's `bundle` part, when read before it: its environments' `env` mask the refusal too. */
const settingsBeforeRefusal = new WeakMap<BundleError, string>();

/** A zip archive's first bytes (a local file header, or the end record of an empty zip). */
export function isZip(b: Buffer): boolean {
  return b.length >= 4 && b[0] === 0x50 && b[1] === 0x4b && (b[2] === 3 || b[2] === 5) && b[3] === b[2] + 1;
}

/** A zip sent where an archive is read: refused in words (it was read as a file, or "not a tar archive"). */
export const zipRefused = (what: string, pointer: string): BundleError =>
  new BundleError(
    `${what} is a zip archive: only tar and tar.gz archives are read (git archive --format=tar.gz)`,
    pointer,
    415,
  );

export const TAR_TYPES = ['application/gzip', 'application/x-gzip', 'application/x-tar', 'application/x-gtar'];

/** Decompresses (when gzip) and reads a tar body. Inflation stops past the limit: gzip bombs cost nothing. */
export async function bundleFromTar(
  body: Buffer,
  contentType: string,
  limits: BundleLimits = DEFAULT_BUNDLE_LIMITS,
  hold: (n: number) => void = () => {},
): Promise<UploadedBundle> {
  return { files: readTar(await tarBytes(body, contentType, limits, hold), limits) };
}

/** A tar body's archive: the body, inflated when it is gzip (see bundleFromTar). */
async function tarBytes(
  body: Buffer,
  contentType: string,
  limits: BundleLimits,
  hold: (n: number) => void,
): Promise<Buffer> {
  if (isZip(body)) throw zipRefused('the body', '');
  const gzipped = body[0] === 0x1f && body[1] === 0x8b;
  if (!gzipped && /gzip/.test(contentType))
    throw new BundleError(`the body is not gzip data (content type ${contentType})`, '', 400);
  let tar = body;
  if (gzipped) {
    // headers and padding take at most ~2 blocks a file on top of the contents
    const maxOutputLength = limits.maxTotalBytes + (limits.maxFiles * 3 + 16) * 512;
    try {
      tar = await inflate(body, maxOutputLength, hold);
    } catch (e) {
      if (e instanceof IntakeFullError || e instanceof RequestOver) throw e;
      if (e instanceof TooLarge)
        throw new BundleError(`the archive inflates to more than ${maxOutputLength} bytes`, '', 413);
      // zlib reads what follows a gzip member as the next member (NUL padding aside): bytes that do
      // not start one are trailing garbage. GNU gzip ignores them with a warning; Go's compress/gzip
      // (Reader.Read, multistream) refuses them, and so do we: appended bytes cannot be told from a
      // damaged archive, and a review must not pass over part of what it was sent
      if ((e as { code?: string }).code === 'Z_DATA_ERROR' && errorMessage(e) === 'incorrect header check')
        throw new BundleError(
          'the gzip data is followed by bytes that are not gzip data (trailing garbage): send the archive alone',
          '',
          400,
        );
      throw new BundleError(`the body is not valid gzip data: ${errorMessage(e)}`, '', 400);
    }
  }
  return tar;
}

/**
 * Reads a buffered multipart body: every part but `bundle` and `baseline` is a file named by its
 * field name; or, when the file parts are two archives named `base` and `head`, a change pair (the
 * `bundle` part's settings then apply to both sides). The baseline (the `baseline` part, or the
 * `bundle` part's `baseline` member) is the request's, for one bundle or a pair.
 */
export async function bundleFromMultipart(
  headers: IncomingHttpHeaders,
  body: Buffer,
  limits: BundleLimits = DEFAULT_BUNDLE_LIMITS,
  hold: (n: number) => void = () => {},
): Promise<UploadedBundle | UploadedPair | RawUpload> {
  const { meta, baseline, files, archives } = await readMultipart(headers, body, limits);
  // the `bundle` and `baseline` parts (JSON: any number of entries) are read by the worker, as a JSON body is
  const withMeta = (b: UploadedBundle | UploadedPair) =>
    meta === undefined && baseline === undefined ? b : new RawUpload(b, meta, baseline);
  if (!Object.keys(archives).length) return withMeta({ files });
  const missing = PAIR.find((n) => !Object.hasOwn(archives, n));
  if (missing)
    throw new BundleError(
      `an archive part makes a change pair: send two archives named "base" and "head" (the "${missing}" archive is missing)`,
      `/${missing}`,
    );
  const extra = Object.keys(files)[0];
  if (extra !== undefined)
    throw new BundleError(
      `a change pair holds only the "base" and "head" archives (and "bundle" and "baseline" parts), not the file part ${JSON.stringify(extra)}`,
      `/files/${escapePointer(extra)}`,
    );
  // the first archive that fails stops the other's inflation at its next piece
  let failed = false;
  const pairHold = (n: number) => {
    if (failed) throw new RequestOver();
    hold(n);
  };
  const [base, head] = await Promise.all(
    PAIR.map((n) =>
      bundleFromTar(archives[n], '', limits, pairHold).catch((e: unknown) => {
        failed = true;
        if (!(e instanceof BundleError)) throw e;
        const refusal = new BundleError(`the "${n}" archive: ${e.message}`, `/${n}`, e.status);
        const read = filesBeforeRefusal.get(e);
        if (read) filesBeforeRefusal.set(refusal, read);
        if (meta !== undefined) settingsBeforeRefusal.set(refusal, meta);
        throw refusal;
      }),
    ),
  );
  return withMeta({ base: { files: base.files }, head: { files: head.files } });
}

interface MultipartParts {
  /** the `bundle` part's text */
  meta?: string;
  /** the `baseline` part's text (a baseline file, as `--write-baseline` writes it) */
  baseline?: string;
  files: Record<string, string>;
  /** `base` / `head` parts holding a tar or tar.gz */
  archives: Record<string, Buffer>;
}

/** A part whose Content-Disposition has no name (or an empty one): its bundle path is unknown. */
const unnamed = () =>
  new BundleError(
    'a multipart part has no name: name each file part by its bundle path (Content-Disposition: form-data; name="compose.yaml")',
    '/files',
  );

function readMultipart(headers: IncomingHttpHeaders, body: Buffer, limits: BundleLimits): Promise<MultipartParts> {
  return new Promise((resolve, reject) => {
    const files: Record<string, string> = emptyRecord();
    const archives: Record<string, Buffer> = emptyRecord();
    let meta: string | undefined;
    let baseline: string | undefined;
    let total = 0;
    let failed: BundleError | undefined;
    const fail = (e: BundleError) => {
      failed ??= e;
    };
    const add = (name: string | undefined, truncatedName: boolean, content: string, truncated: boolean) => {
      if (!name) return fail(unnamed());
      const pointer = `/files/${escapePointer(name)}`;
      if (truncatedName)
        return fail(new BundleError(`a part name is longer than ${limits.maxPathLength} characters`, '/files'));
      if (truncated)
        return fail(new BundleError(`the files exceed ${limits.maxTotalBytes} bytes in total`, pointer, 413));
      if (name === 'bundle') {
        // which of two settings parts is meant cannot be told, as with a file sent twice
        if (meta !== undefined) return fail(new BundleError('the "bundle" part appears twice', '/bundle'));
        return void (meta = content);
      }
      if (name === 'baseline') {
        if (baseline !== undefined) return fail(new BundleError('the "baseline" part appears twice', '/baseline'));
        return void (baseline = content);
      }
      if (Object.hasOwn(files, name)) return fail(duplicateFile(name, pointer, 'two multipart parts'));
      total += content.length;
      if (total > limits.maxTotalBytes)
        return fail(new BundleError(`the files exceed ${limits.maxTotalBytes} bytes in total`, pointer, 413));
      files[name] = content;
    };
    // RFC 2046 5.1.1: a boundary is 1 to 70 characters (busboy's own refusal, past 256, named its internals)
    const boundary = /;\s*boundary=(?:"([^"]*)"|([^;\s]*))/i.exec(headers['content-type'] ?? '');
    const boundaryLength = (boundary?.[1] ?? boundary?.[2] ?? '').length;
    if (boundaryLength > 70)
      return reject(
        new BundleError(`the multipart boundary is ${boundaryLength} characters long: RFC 2046 allows 1 to 70`, ''),
      );
    let bb: ReturnType<typeof Busboy>;
    try {
      bb = Busboy({
        // the multipart parser runs for a multipart content type: the header is there
        headers: { ...headers, 'content-type': headers['content-type'] ?? '' },
        defCharset: 'utf8',
        // every part's bytes as sent: busboy decodes a part without a file name itself (bytes that are
        // not UTF-8 became U+FFFD, or were read in the part's charset), where a file is refused at a
        // byte that is not UTF-8, as compose-go refuses it (decodeText)
        isPartAFile: () => true,
        limits: {
          fieldNameSize: limits.maxPathLength,
          fieldSize: limits.maxTotalBytes,
          fileSize: limits.maxTotalBytes,
          // the files, the `bundle` and `baseline` parts, and one more, so that too many parts is our 413 rather than a silent drop
          files: limits.maxFiles + 3,
          fields: limits.maxFiles + 3,
          parts: limits.maxFiles + 3,
          headerPairs: 64,
        },
      });
    } catch (e) {
      return reject(new BundleError(`malformed multipart request: ${errorMessage(e)}`, ''));
    }
    let pending = 0;
    let finished = false;
    const settle = () => {
      if (!finished || pending) return;
      if (failed) {
        filesBeforeRefusal.set(failed, files);
        if (meta !== undefined) settingsBeforeRefusal.set(failed, meta);
        return reject(failed);
      }
      const count = Object.keys(files).length;
      if (count > limits.maxFiles)
        return reject(new BundleError(`too many files: ${count}, the limit is ${limits.maxFiles}`, '/files', 413));
      resolve({ meta, baseline, files, archives });
    };
    const guard = (f: () => void) => {
      try {
        f();
      } catch (e) {
        fail(e instanceof BundleError ? e : new BundleError(errorMessage(e), ''));
      }
    };
    bb.on('field', (name, value, nameTruncated, valueTruncated) =>
      guard(() => add(name, nameTruncated, value, valueTruncated)),
    );
    bb.on('file', (name: string | undefined, stream) => {
      if (!name) {
        stream.resume();
        return fail(unnamed());
      }
      pending++;
      const chunks: Buffer[] = [];
      let done = false;
      const end = (f: () => void) => {
        if (done) return;
        done = true;
        pending--;
        guard(f);
        settle();
      };
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () =>
        end(() => {
          const data = Buffer.concat(chunks);
          // a zip named base or head is meant as an archive: refused, not read as a file "base"
          if (PAIR.some((p) => p === name) && isZip(data)) return fail(zipRefused(`the "${name}" part`, `/${name}`));
          if (!PAIR.some((p) => p === name) || stream.truncated || !isArchive(data))
            return add(name, false, decodeText(data), stream.truncated);
          if (Object.hasOwn(archives, name))
            return fail(new BundleError(`two parts are the "${name}" archive`, `/${name}`));
          archives[name] = data;
        }),
      );
      // a part cut short (truncated body) errors its stream: without this listener it would crash the process
      stream.on('error', (e: Error) =>
        end(() => fail(new BundleError(`malformed multipart request: ${e.message}`, ''))),
      );
    });
    const tooMany = () => fail(new BundleError(`too many parts: the limit is ${limits.maxFiles} files`, '/files', 413));
    bb.on('partsLimit', tooMany).on('filesLimit', tooMany).on('fieldsLimit', tooMany);
    bb.on('error', (e) => {
      fail(new BundleError(`malformed multipart request: ${errorMessage(e)}`, ''));
      finished = true;
      pending = 0;
      settle();
    });
    bb.on('finish', () => {
      finished = true;
      settle();
    });
    bb.end(body);
  });
}

export interface UploadOptions {
  limits?: BundleLimits;
}

/** A compressed body is not read (it was "not valid JSON"); a tar.gz is a content type of its own. */
function encodingRefused(request: FastifyRequest): BundleError | undefined {
  const encoding = request.headers['content-encoding']?.trim().toLowerCase();
  return encoding && encoding !== 'identity'
    ? new BundleError(
        `unsupported Content-Encoding ${JSON.stringify(encoding)}: send the body uncompressed (a tar.gz as application/gzip)`,
        '',
        415,
      )
    : undefined;
}

/**
 * An upload, or its refusal for the worker to send (RawUpload) when files were read before it: its
 * words may quote a name holding one of their secret values (a part sent twice, a tar entry), which
 * the worker masks with them and with the `bundle` part's environments' `env`, when read before it
 * (src/api/request-task.ts). A 413 of the bundle's limits too: its pointer
 * names the part or entry that crossed them (`/files/<name>`), and the body is read whole by then, so
 * its connection need not close (as a JSON body's 413 of the same limits, refused by the worker).
 */
async function deferred<T>(upload: Promise<T>): Promise<T | RawUpload> {
  try {
    return await upload;
  } catch (e) {
    const files = e instanceof BundleError ? filesBeforeRefusal.get(e) : undefined;
    if (!files || Object.keys(files).length === 0) throw e;
    const { message, pointer, status } = e as BundleError;
    return new RawUpload({ files }, settingsBeforeRefusal.get(e as BundleError), undefined, {
      message,
      pointer,
      status,
    });
  }
}

export const uploadPlugin = fp<UploadOptions>(
  async (app, options) => {
    const limits = options.limits ?? DEFAULT_BUNDLE_LIMITS;
    // a JSON body is read by the worker that answers it (src/api/request-task.ts): here only its bytes,
    // which are UTF-8 (RFC 8259; US-ASCII is UTF-8 too), whatever charset the content type names
    app.removeContentTypeParser('application/json');
    app.addContentTypeParser('application/json', { parseAs: 'buffer' }, (request, raw: Buffer, done) => {
      const charset = /;\s*charset\s*=\s*"?([^";\s]+)/i.exec(request.headers['content-type'] ?? '')?.[1].toLowerCase();
      const refused =
        encodingRefused(request) ??
        (charset && !['utf-8', 'utf8', 'us-ascii', 'ascii'].includes(charset)
          ? new BundleError(`a JSON body is UTF-8: the charset ${JSON.stringify(charset)} is not read`, '', 415)
          : undefined);
      if (refused) return done(refused);
      done(null, new RawJson(raw));
    });
    app.addContentTypeParser(
      'multipart/form-data',
      { parseAs: 'buffer' },
      async (request: FastifyRequest, body: Buffer) => {
        const refused = encodingRefused(request);
        if (refused) throw refused;
        return deferred(bundleFromMultipart(request.headers, body, limits, (n) => request.holdBytes(n)));
      },
    );
    app.addContentTypeParser(TAR_TYPES, { parseAs: 'buffer' }, async (request: FastifyRequest, body: Buffer) => {
      const refused = encodingRefused(request);
      if (refused) throw refused;
      // read by the worker that answers it (RawTar)
      return new RawTar(
        await tarBytes(body, request.headers['content-type'] ?? '', limits, (n) => request.holdBytes(n)),
      );
    });
  },
  { name: 'compose-review-upload' },
);
