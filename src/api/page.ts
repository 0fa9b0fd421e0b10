/**
 * The web page (web/, built into dist/web by `npm run build`) at `/`, its assets under `/ui/`.
 *
 * The built files are read once, when the app starts, into memory (with their gzip form and an
 * ETag): a request can then only pick one of those few answers by its exact path, and the service
 * never reads its disk because of a request. @fastify/static would resolve each request path
 * against the directory and stat the file per request; for a dozen fixed files a map is smaller
 * and exact.
 *
 * The page holds no data (it calls the API, with the token the user gives it), so it needs no
 * token, like /docs; it still counts against the rate limits. Its CSP allows its own script,
 * stylesheet, icon and API calls, nothing inline and nothing from another origin.
 */
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, extname, join } from 'node:path';
import { gzipSync } from 'node:zlib';
import type { FastifyReply, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { problem, sendProblem } from './problem.js';

/** Paths that need no token (added to the auth exemptions in app.ts). */
export const PAGE_PATHS = ['/', '/ui/*'];

export const PAGE_CSP = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self'",
  "connect-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.json': 'application/json; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
};

interface PageFile {
  body: Buffer;
  gzip?: Buffer;
  type: string;
  etag: string;
}

export interface PageOptions {
  /** the built page (index.html and ui/); default: dist/web of this package */
  dir?: string;
}

/** dist/web of this package (src/api in development, dist/src/api once built: look upwards). */
export function defaultPageDir(): string | undefined {
  for (let dir = import.meta.dirname; dir !== dirname(dir); dir = dirname(dir))
    if (existsSync(join(dir, 'package.json'))) return join(dir, 'dist', 'web');
  return undefined;
}

/** Every file of the built page, by URL path (`/` for index.html). */
export function readPage(dir: string): Map<string, PageFile> {
  const files = new Map<string, PageFile>();
  const walk = (at: string, prefix: string) => {
    for (const name of readdirSync(at)) {
      const full = join(at, name);
      if (statSync(full).isDirectory()) {
        walk(full, `${prefix}${name}/`);
        continue;
      }
      const body = readFileSync(full);
      const gzip = gzipSync(body);
      files.set(prefix === '/' && name === 'index.html' ? '/' : `${prefix}${name}`, {
        body,
        ...(gzip.length < body.length ? { gzip } : {}),
        type: TYPES[extname(name)] ?? 'application/octet-stream',
        etag: `"${createHash('sha256').update(body).digest('base64url').slice(0, 22)}"`,
      });
    }
  };
  walk(dir, '/');
  return files;
}

function send(request: FastifyRequest, reply: FastifyReply, file: PageFile, html: boolean) {
  reply
    .header('content-type', file.type)
    .header('etag', file.etag)
    .header('vary', 'accept-encoding')
    // the assets' names carry their content hash; index.html names them, so it is revalidated
    .header('cache-control', html ? 'no-cache' : 'public, max-age=31536000, immutable');
  if (html) reply.header('content-security-policy', PAGE_CSP);
  if (request.headers['if-none-match'] === file.etag) return reply.code(304).send();
  if (file.gzip && /\bgzip\b/.test(String(request.headers['accept-encoding'] ?? ''))) {
    reply.header('content-encoding', 'gzip');
    return reply.send(file.gzip);
  }
  return reply.send(file.body);
}

export const pagePlugin = fp<PageOptions>(
  async (app, options) => {
    const dir = options.dir ?? defaultPageDir();
    const files = dir && existsSync(join(dir, 'index.html')) ? readPage(dir) : undefined;
    if (!files) app.log.warn(`no web page at ${dir ?? 'dist/web'}: "npm run build" builds it; / answers 404`);
    // not part of the API: kept out of the OpenAPI document
    const schema = { hide: true };
    app.get('/', { schema }, async (request, reply) =>
      files
        ? send(request, reply, files.get('/')!, true)
        : sendProblem(reply, problem(404, 'the web page is not built: run "npm run build"')),
    );
    app.get('/ui/*', { schema }, async (request, reply) => {
      const file = files?.get(request.url.split('?')[0]);
      if (!file) return sendProblem(reply, problem(404, `no route GET ${request.url.split('?')[0]}`));
      return send(request, reply, file, false);
    });
  },
  { name: 'compose-review-page' },
);
