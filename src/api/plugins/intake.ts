/**
 * What the main thread takes in before any worker sees a request: request bodies and connections.
 *
 * - **Body memory.** Every body is read whole on the event loop (fastify's `bodyLimit` applies while it
 *   streams), archives are inflated there, and the result waits for a worker. Each request's bytes,
 *   as they arrive and as an archive inflates, are counted against one budget for the process
 *   (`COMPOSE_REVIEW_BODY_MEMORY_MB`) and given back when its answer is sent or its connection is
 *   gone. A request whose bytes no longer fit gets a 503 with Retry-After (retrying will help), read
 *   no further, its connection closed: ten 16 MB bodies at once, or ten gzip bombs, no longer hold
 *   ten times the memory. A request alone is always let through, however big (up to `bodyLimit`),
 *   so a budget under one request's size slows big requests down but never refuses them for good.
 *   Counted while they arrive, not from Content-Length: a client that announces 16 MB and sends
 *   nothing holds nothing.
 * - **Request targets.** A target in absolute form (`GET http://host/healthz`, RFC 9112 3.2.2) is routed
 *   by its path (`rewriteUrl`); any other that is not a path (`GET *`) is a 400, and so is an HTTP/1.1
 *   request without `Host` (RFC 9112 3.2; Node's own refusal had no body).
 * - **Connections.** At most `maxConnections` sockets at once (Node's `server.maxConnections`: the
 *   next is closed as it opens), and at most `maxConnectionsPerIp` from one remote address, so one
 *   client holding thousands of idle keep-alive sockets cannot use up the process's file descriptors
 *   (and memory) for everyone, probes included. Behind a reverse proxy every socket comes from the
 *   proxy: the per-address limit is then off unless set.
 */
import type { Socket } from 'node:net';
import { Transform, type TransformCallback } from 'node:stream';
import type { FastifyReply, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { intakeMetrics } from '../metrics.js';
import { problem, sendProblem } from '../problem.js';

/** The path and query of a request target in absolute form; any other target as it is. */
export function absoluteFormPath(target: string): string {
  if (target.startsWith('/') || !/^https?:\/\//i.test(target)) return target;
  try {
    const u = new URL(target);
    return `${u.pathname}${u.search}`;
  } catch {
    return target;
  }
}

/** A 503 of the intake: too many bytes of request bodies held at once. */
export class IntakeFullError extends Error {
  readonly statusCode = 503;
  readonly retryAfterSeconds = 1;
  constructor(limitBytes: number) {
    super(
      `busy: the request bodies being received or waiting for a worker hold the service's body memory (${Math.round(limitBytes / 2 ** 20)} MB); retry shortly`,
    );
  }
}

/** Bytes of request bodies held at once, shared by every request of the process. */
export class BodyBudget {
  private used = 0;
  constructor(readonly limitBytes: number) {}

  get inUse(): number {
    return this.used;
  }

  /** A holder of bytes: `take` counts more of them (throws IntakeFullError past the budget), `release` gives them all back. */
  holder(): { take: (n: number) => void; release: () => void } {
    let held = 0;
    let open = true;
    return {
      take: (n: number) => {
        if (!open) return;
        // a request alone (no other holds bytes) is always let through, up to bodyLimit (fastify's)
        if (this.used + n > this.limitBytes && this.used > held) {
          intakeMetrics.refused.inc({ reason: 'body-memory' });
          throw new IntakeFullError(this.limitBytes);
        }
        held += n;
        this.used += n;
      },
      release: () => {
        if (!open) return;
        open = false;
        this.used -= held;
        held = 0;
      },
    };
  }
}

declare module 'fastify' {
  interface FastifyRequest {
    /** counts bytes this request holds (an archive's inflated size) against the body memory budget */
    holdBytes(n: number): void;
  }
}

/** Counts a body's bytes as they arrive, failing the stream (503) past the budget. */
class Counted extends Transform {
  constructor(private readonly count: (n: number) => void) {
    super();
  }
  override _transform(chunk: Buffer, _encoding: BufferEncoding, done: TransformCallback): void {
    try {
      this.count(chunk.length);
    } catch (e) {
      done(e as Error);
      return;
    }
    done(null, chunk);
  }
}

export interface IntakeOptions {
  bodyMemoryBytes: number;
  maxConnections: number;
  /** 0: no limit per remote address */
  maxConnectionsPerIp: number;
}

export const intakePlugin = fp<IntakeOptions>(
  async (app, options) => {
    const budget = new BodyBudget(options.bodyMemoryBytes);
    const holders = new WeakMap<FastifyRequest, ReturnType<BodyBudget['holder']>>();
    const holderOf = (request: FastifyRequest, reply: FastifyReply) => {
      let h = holders.get(request);
      if (!h) {
        const made = budget.holder();
        // the response's close: its answer sent, or its connection gone
        reply.raw.once('close', made.release);
        holders.set(request, made);
        h = made;
      }
      return h;
    };
    app.decorateRequest('holdBytes', function holdBytes(this: FastifyRequest, n: number) {
      const h = holders.get(this);
      if (h) h.take(n);
    });
    app.addHook('onRequest', async (request, reply) => {
      if (!request.url.startsWith('/'))
        return sendProblem(
          reply,
          problem(400, 'the request target must be a path (/v1/review) or an absolute http(s) URL'),
        );
      if (request.raw.httpVersion === '1.1' && request.headers.host === undefined)
        return sendProblem(reply, problem(400, 'an HTTP/1.1 request needs a Host header (RFC 9112 3.2)'));
    });
    app.addHook('preParsing', async (request, reply, payload) => {
      if (request.headers['content-length'] === undefined && request.headers['transfer-encoding'] === undefined)
        return payload;
      const h = holderOf(request, reply);
      const counted = new Counted(h.take);
      // fastify compares what arrived with Content-Length on the stream it reads
      payload.on('error', (e) => counted.destroy(e));
      return payload.pipe(counted);
    });
    const unwatch = intakeMetrics.bodyBytes(() => budget.inUse);
    app.addHook('onClose', async () => unwatch());

    const server = app.server;
    server.maxConnections = options.maxConnections;
    if (options.maxConnectionsPerIp > 0) {
      const perIp = new Map<string, number>();
      server.on('connection', (socket: Socket) => {
        const ip = socket.remoteAddress ?? '';
        const n = (perIp.get(ip) ?? 0) + 1;
        if (n > options.maxConnectionsPerIp) {
          intakeMetrics.refused.inc({ reason: 'connections-per-ip' });
          socket.destroy();
          return;
        }
        perIp.set(ip, n);
        socket.once('close', () => {
          const left = (perIp.get(ip) ?? 1) - 1;
          if (left > 0) perIp.set(ip, left);
          else perIp.delete(ip);
        });
      });
    }
    server.on('drop', () => intakeMetrics.refused.inc({ reason: 'connections' }));
  },
  { name: 'compose-review-intake' },
);
