/**
 * Upload formats besides the JSON bundle: `multipart/form-data` (one part per file, the field name
 * is the bundle path; an optional `bundle` part holds `environments` / `projectName` / `baseline` as
 * JSON, an optional `baseline` part a baseline file) and a
 * tar or tar.gz body. Both are content-type parsers whose bodies the worker reads into the same
 * `{files, environments?, projectName?}` object as a JSON body, so route schemas and parseBundle see
 * one shape.
 * A multipart body whose only file parts are two archives named `base` and `head` (two `git
 * archive` outputs, say) is a change pair: `{base: {files}, head: {files}}`, as /v1/review takes it.
 *
 * The contents of both are read by the worker that answers the request (src/api/parts.ts, RawTar):
 * the event loop frames a multipart body and inflates gzip.
 *
 * Both parsers take the body as a buffer: fastify then enforces `bodyLimit` while streaming (so a
 * huge upload is refused as it arrives). That is why multipart uses @fastify/busboy directly rather
 * than @fastify/multipart, which reads the raw request itself and does not apply `bodyLimit`.
 */
import type { EventEmitter } from 'node:events';
import type { IncomingHttpHeaders } from 'node:http';
import type { FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { Busboy } from '@fastify/busboy';
import { BundleError, DEFAULT_BUNDLE_LIMITS, type BundleLimits } from '../../bundle/bundle.js';
import { RawJson, RawParts, RawTar } from '../validation.js';
import { errorMessage } from '../../errors.js';
import { isZip, partKind, partsRefusal, readParts, unnamed, zipRefused, type Part, type PartEvent } from '../parts.js';
import { IntakeFullError, RequestOver } from './intake.js';
import { inflate, TooLarge } from './inflate.js';

export const TAR_TYPES = ['application/gzip', 'application/x-gzip', 'application/x-tar', 'application/x-gtar'];

/** A tar body's archive: the body, inflated when it is gzip. Inflation stops past the limit: gzip bombs cost nothing. */
async function tarBytes(
  body: Buffer,
  contentType: string,
  limits: BundleLimits,
  hold: (n: number) => void,
): Promise<Buffer> {
  const pieces = await tarPieces(body, contentType, limits, hold);
  return pieces.length === 1 && pieces[0] === body ? body : Buffer.concat(pieces);
}

/** An archive's bytes: the body, or its inflation's pieces when it is gzip. */
async function tarPieces(
  body: Buffer,
  contentType: string,
  limits: BundleLimits,
  hold: (n: number) => void,
): Promise<Buffer[]> {
  if (isZip(body)) throw zipRefused('the body', '');
  const gzipped = body[0] === 0x1f && body[1] === 0x8b;
  if (!gzipped && /gzip/.test(contentType))
    throw new BundleError(`the body is not gzip data (content type ${contentType})`, '', 400);
  if (!gzipped) return [body];
  // headers and padding take at most ~2 blocks a file on top of the contents
  const maxOutputLength = limits.maxTotalBytes + (limits.maxFiles * 3 + 16) * 512;
  try {
    return await inflate(body, maxOutputLength, hold);
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

/**
 * A buffered multipart body for the worker to read (src/api/parts.ts): every part but `bundle` and
 * `baseline` is a file named by its field name; or, when the file parts are two archives named
 * `base` and `head` (inflated here when gzip), a change pair. The event loop frames the parts and
 * refuses, before any work on their contents, what their names and sizes refuse, when no file,
 * `bundle` part or archive was read before (a refusal after one goes to the worker, which masks its
 * words with the files' and both archives' secret values and the `bundle` part's environments'
 * `env`); it decodes nothing.
 */
export async function bundleFromMultipart(
  headers: IncomingHttpHeaders,
  body: Buffer,
  limits: BundleLimits = DEFAULT_BUNDLE_LIMITS,
  hold: (n: number) => void = () => {},
): Promise<RawParts> {
  const { events, pieces } = await frameMultipart(headers, body, limits);
  // sizes in bytes: a text's length is no more, and a pair holds no file parts (partsRefusal)
  const read = readParts(
    events,
    limits,
    (p) => p,
    (p) => p.size,
  );
  // a refusal read before anything that can hold a secret (a file, the `bundle` part, an archive)
  // is answered here; after one, by the worker, masked with them all (the archives inflated)
  if (read.failed && !Object.keys(read.files).length && read.meta === undefined && !Object.keys(read.archives).length)
    throw read.failed;
  const refused = read.failed ?? partsRefusal(read, limits);
  // a file part beside a pair is refused by the worker, its name masked with the parts' and both
  // archives' text (it may be named by a secret the archives hold); the others quote no part's name
  if (refused && !read.failed && !refused.pointer.startsWith('/files/')) throw refused;
  // the first archive that fails stops the other's inflation at its next piece
  let failed = false;
  const pairHold = (n: number) => {
    if (failed) throw new RequestOver();
    hold(n);
  };
  await Promise.all(
    Object.values(read.archives).map(async (p) => {
      const sent = pieces.get(p) ?? [];
      const head = headOf(sent, p.size);
      if (head[0] !== 0x1f || head[1] !== 0x8b) return; // a tar, read as sent
      try {
        pieces.set(p, await tarPieces(Buffer.concat(sent), '', limits, pairHold));
      } catch (e) {
        // beside a refusal read before, that refusal stands: this archive masks it as it was sent
        if (read.failed && e instanceof BundleError) return;
        failed = true;
        if (!(e instanceof BundleError)) throw e;
        throw new BundleError(`the "${p.name}" archive: ${e.message}`, `/${p.name}`, e.status);
      }
    }),
  );
  return packed(events, pieces, limits);
}

/** The parts' bytes one after another in one buffer of their own, each part told where its are. */
function packed(events: PartEvent[], pieces: Map<Part, Buffer[]>, limits: BundleLimits): RawParts {
  const all: Buffer[] = [];
  let at = 0;
  for (const e of events) {
    if ('refusal' in e) continue;
    const mine = pieces.get(e) ?? [];
    e.start = at;
    e.size = mine.reduce((n, b) => n + b.length, 0);
    at += e.size;
    all.push(...mine);
  }
  return new RawParts(Buffer.concat(all, at), { events, limits });
}

interface Framed {
  /** the parts in the order they ended, and the framing's refusals among them */
  events: PartEvent[];
  /** each part's bytes as busboy gave them */
  pieces: Map<Part, Buffer[]>;
}

/** The first bytes of `chunks` (up to 512: what tells an archive), without copying them all. */
function headOf(chunks: Buffer[], size: number): Buffer {
  return chunks.length === 1 ? chunks[0] : Buffer.concat(chunks, Math.min(size, 512));
}

function frameMultipart(headers: IncomingHttpHeaders, body: Buffer, limits: BundleLimits): Promise<Framed> {
  return new Promise((resolve, reject) => {
    const events: PartEvent[] = [];
    const pieces = new Map<Part, Buffer[]>();
    let settled = false;
    const refuse = (e: BundleError) => {
      if (!settled) events.push({ refusal: { message: e.message, pointer: e.pointer, status: e.status } });
    };
    const part = (name: string, nameTruncated: boolean, chunks: Buffer[], truncated: boolean, size: number) => {
      if (settled) return;
      const p: Part = {
        name,
        nameTruncated,
        truncated,
        kind: partKind(name, headOf(chunks, size), truncated),
        start: 0,
        size,
      };
      events.push(p);
      pieces.set(p, chunks);
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
        // byte that is not UTF-8, as compose-go refuses it (decodeText, in the worker)
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
    const lastPart = watchParts(bb, refuse);
    let pending = 0;
    let finished = false;
    const settle = () => {
      if (!finished || pending || settled) return;
      settled = true;
      resolve({ events, pieces });
    };
    bb.on('field', (name, value, nameTruncated, valueTruncated) => {
      if (!name) return refuse(unnamed());
      const bytes = Buffer.from(value);
      part(name, nameTruncated, [bytes], valueTruncated, bytes.length);
    });
    bb.on('file', (name: string | undefined, stream) => {
      if (!name) {
        stream.resume();
        return refuse(unnamed());
      }
      pending++;
      const chunks: Buffer[] = [];
      let size = 0;
      let done = false;
      const end = (f: () => void) => {
        if (done) return;
        done = true;
        pending--;
        f();
        settle();
      };
      stream.on('data', (c: Buffer) => {
        chunks.push(c);
        size += c.length;
      });
      stream.on('end', () => end(() => part(name, false, chunks, stream.truncated, size)));
      // a part cut short (truncated body) errors its stream: without this listener it would crash the process
      stream.on('error', (e: Error) =>
        end(() => refuse(new BundleError(`malformed multipart request: ${e.message}`, ''))),
      );
    });
    const tooMany = () =>
      refuse(new BundleError(`too many parts: the limit is ${limits.maxFiles} files`, '/files', 413));
    bb.on('partsLimit', tooMany).on('filesLimit', tooMany).on('fieldsLimit', tooMany);
    bb.on('error', (e) => {
      refuse(new BundleError(`malformed multipart request: ${errorMessage(e)}`, ''));
      finished = true;
      pending = 0;
      settle();
    });
    bb.on('finish', () => {
      lastPart();
      finished = true;
      settle();
    });
    bb.end(body);
  });
}

const partNotRead = (why: string): BundleError =>
  new BundleError(
    `a multipart part ${why}: name each file part by its bundle path (Content-Disposition: form-data; name="compose.yaml")`,
    '/files',
  );

/**
 * busboy drops a part it cannot name without a word (lib/types/multipart.js skipPart: no
 * Content-Disposition header, one that is not `form-data`, a name with a bare line break, which its
 * header parser takes for the end of the headers; a part whose header block never ends its multipart
 * parser, Dicer, hands on to none), and the review judged the other files alone. Each part Dicer meets
 * is watched: one that became no `file`, where no limit was hit, is refused. Returns the check of the
 * last part, for the end of the body.
 */
function watchParts(bb: ReturnType<typeof Busboy>, refuse: (e: BundleError) => void): () => void {
  const dicer = (bb as unknown as { _parser?: { parser?: EventEmitter } })._parser?.parser;
  // the parser busboy keeps: a version that moved it must fail here, not drop parts again
  if (!dicer) throw new Error('@fastify/busboy: no multipart parser to watch the parts of');
  let files = 0;
  let limited = false;
  bb.on('file', () => files++);
  for (const limit of ['partsLimit', 'filesLimit', 'fieldsLimit'] as const) bb.on(limit, () => (limited = true));
  let open: { headed: boolean } | undefined;
  const check = (): void => {
    if (open && !open.headed && !limited)
      refuse(partNotRead('has no header block (no blank line before the next boundary)'));
    open = undefined;
  };
  dicer.on('part', (part: EventEmitter) => {
    check();
    const mine = { headed: false };
    open = mine;
    const before = files;
    // after busboy's own listener, which emits `file` for a part it reads before it returns
    part.on('header', (header: Record<string, string[] | undefined>) => {
      mine.headed = true;
      if (files > before || limited) return;
      refuse(
        partNotRead(
          header['content-disposition']
            ? 'has a Content-Disposition that is not "form-data" with a name on one line'
            : 'has no Content-Disposition header (or a header line before it is not "Name: value" on one line)',
        ),
      );
    });
  });
  return check;
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
        // framed here, read by the worker that answers it (RawParts)
        return bundleFromMultipart(request.headers, body, limits, (n) => request.holdBytes(n));
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
