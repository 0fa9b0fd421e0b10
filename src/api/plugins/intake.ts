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
 *   An answer's bytes count too, from when it is sent until its client has taken them or its
 *   socket closes (`holdAnswer`): a client that leaves 33 MB answers unread is refused, and the
 *   connection of an answer that makes no progress for SEND_STALL_MS is closed.
 * - **Body rate.** A body that arrives slower than `COMPOSE_REVIEW_MIN_BODY_RATE` (240 bytes/s over
 *   each 5 s after the first, src/api/plugins/body-rate.ts) gets a 408, its bytes given back at once:
 *   stalled bodies no longer hold the budget until the request timeout.
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
import { normalizeIP } from '@fastify/rate-limit';
import { intakeMetrics } from '../metrics.js';
import { problem, sendProblem } from '../problem.js';
import { BodyRate, type RateWatch } from './body-rate.js';
import { whenOver } from '../over.js';

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

const mb = (bytes: number) => String(Number((bytes / 2 ** 20).toFixed(1)));

/** A 503 of the intake: too many bytes of request bodies held at once. */
export class IntakeFullError extends Error {
  readonly statusCode = 503;
  readonly retryAfterSeconds = 1;
  constructor(limitBytes: number, client = false, message?: string) {
    super(
      message ??
        (client
          ? `busy: this client's request bodies being received or waiting for a worker, and answers not yet taken, hold half the service's body memory (${mb(limitBytes / 2)} of ${mb(limitBytes)} MB); retry shortly`
          : `busy: the request bodies being received or waiting for a worker, and answers not yet taken, hold the service's body memory (${mb(limitBytes)} MB); retry shortly`),
    );
  }
}

/**
 * A body still arriving when the drain of a shutdown can wait for it no longer: a 503 with
 * Retry-After and Connection: close (another instance will take the retry), not a reset at the
 * shutdown timeout.
 */
export const shuttingDown = (): IntakeFullError =>
  new IntakeFullError(
    0,
    false,
    'the service is shutting down: the rest of this request body is no longer awaited; retry (another instance will answer)',
  );

/** A request's bytes counted after its answer was sent or its connection closed: what reads them stops. */
export class RequestOver extends Error {
  constructor() {
    super('the request is over: its answer was sent or its connection closed');
  }
}

/** One request's bytes in the budget: `take` (refusable), `hold` (not), `release` (all, once). */
export interface Holder {
  take: (n: number) => void;
  hold: (n: number) => void;
  release: () => void;
}

/**
 * Bytes of request bodies held at once, shared by every request of the process. A request is let
 * through while the bytes held fit the budget and its client's fit half of it; a request alone (no
 * other holds bytes) always, however big (up to fastify's bodyLimit). The client's half is what
 * keeps one client from holding the whole budget with two stalled 16 MB bodies.
 */
export class BodyBudget {
  private used = 0;
  private readonly byClient = new Map<string, number>();
  constructor(readonly limitBytes: number) {}

  get inUse(): number {
    return this.used;
  }

  /**
   * A holder of bytes for one request of `client`: `take` counts more of them (IntakeFullError past
   * the budget; RequestOver once released, so a parser still reading stops), `hold` counts an
   * answer's bytes, refused or not, `release` gives them all back (once).
   */
  holder(client = ''): Holder {
    let held = 0;
    let open = true;
    return {
      hold: (n: number) => {
        // an answer already computed: counted whatever the budget says (what it holds is spent),
        // so the requests after it are refused until it is flushed or its socket closes
        if (!open) return;
        held += n;
        this.used += n;
        this.byClient.set(client, (this.byClient.get(client) ?? 0) + n);
      },
      take: (n: number) => {
        if (!open) throw new RequestOver();
        const mine = this.byClient.get(client) ?? 0;
        const alone = this.used === held;
        if (!alone && (this.used + n > this.limitBytes || mine + n > this.limitBytes / 2)) {
          intakeMetrics.refused.inc({ reason: 'body-memory' });
          throw new IntakeFullError(this.limitBytes, this.used + n <= this.limitBytes);
        }
        held += n;
        this.used += n;
        this.byClient.set(client, mine + n);
      },
      release: () => {
        if (!open) return;
        open = false;
        this.used -= held;
        const left = (this.byClient.get(client) ?? 0) - held;
        if (left > 0) this.byClient.set(client, left);
        else this.byClient.delete(client);
        held = 0;
      },
    };
  }
}

declare module 'fastify' {
  interface FastifyInstance {
    /** refuses every body still arriving (src/api/server.ts, at shutdown): 503, Connection: close */
    cutArrivingBodies(): void;
  }
  interface FastifyRequest {
    /** counts bytes this request holds (an archive's inflated size) against the body memory budget */
    holdBytes(n: number): void;
  }
  interface FastifyReply {
    /**
     * Counts an answer's `n` bytes against the body memory budget until they are flushed or the
     * socket closes, and closes the connection if the client takes none of them for a while.
     */
    holdAnswer(n: number): void;
  }
}

/**
 * How long an answer may wait for its client to take any of its bytes (the socket's idle time while
 * it is sent), then the connection is closed and the answer's bytes given back. A client that reads
 * at all completes a write of a slice (256 KiB, src/api/slices.ts) well within it; one that stops
 * reading (the attack: read the status line, then nothing) held a 33 MB answer for the 32 s of the
 * socket's idle timeout, asking for another meanwhile.
 */
export const SEND_STALL_MS = 10_000;

/**
 * The socket's idle timeout while `reply` is being sent: `ms`, then the server's (Node sets the
 * keep-alive timeout itself when the response finishes; a socket that times out is destroyed by
 * Node's http server, no listener being there).
 */
function stallGuard(reply: FastifyReply, ms: number): void {
  const socket = reply.request.raw.socket as Socket | null;
  // light-my-request's socket (app.inject) has no timeout
  if (!socket || socket.destroyed || typeof socket.setTimeout !== 'function') return;
  socket.setTimeout(ms);
  reply.raw.once('finish', () => {
    // Node's own keep-alive timeout set at finish stays; only ours is undone
    if (socket.timeout === ms && !socket.destroyed) socket.setTimeout(reply.server.server.timeout);
  });
}

/** Counts a body's bytes as they arrive, failing the stream (503) past the budget. */
class Counted extends Transform {
  constructor(
    private readonly count: (n: number) => void,
    private readonly rate: RateWatch,
  ) {
    super();
  }
  override _transform(chunk: Buffer, _encoding: BufferEncoding, done: TransformCallback): void {
    this.rate.arrived(chunk.length);
    try {
      this.count(chunk.length);
    } catch (e) {
      // a request already answered (a 413 as its bytes arrive) lets the rest pass, read by nobody
      done(e instanceof RequestOver ? null : (e as Error), chunk);
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
  /** bytes a second a body must average over each window after the first (src/api/plugins/body-rate.ts); 0: none */
  minBodyRate: number;
  /** the grace and window of the minimum rate (5 s) */
  bodyRateWindowMs?: number;
  /** how long an answer may wait for its client to take any byte (SEND_STALL_MS) */
  sendStallMs?: number;
}

export const intakePlugin = fp<IntakeOptions>(
  async (app, options) => {
    const budget = new BodyBudget(options.bodyMemoryBytes);
    const rate = new BodyRate(options.minBodyRate, options.bodyRateWindowMs);
    const holders = new WeakMap<FastifyRequest, Holder>();
    /** the bodies still arriving */
    const arriving = new Set<Counted>();
    let cut = false;
    app.decorate('cutArrivingBodies', () => {
      cut = true;
      for (const c of arriving) c.destroy(shuttingDown());
      arriving.clear();
    });
    /** The request's holder of bytes (made once: by its body, or by its answer), in the budget. */
    const holderOf = (request: FastifyRequest, reply: FastifyReply, watch?: RateWatch) => {
      const made = holders.get(request);
      if (made) return made;
      const h = budget.holder(request.clientKey);
      // given back when the response closes (its answer sent, or its connection gone), or when
      // the socket closes first: a pipelined request's response, queued behind another's, never
      // gets the socket and never closes (src/api/over.ts)
      whenOver(reply, () => {
        h.release();
        watch?.stop();
      });
      holders.set(request, h);
      return h;
    };
    app.decorateRequest('holdBytes', function holdBytes(this: FastifyRequest, n: number) {
      const h = holders.get(this);
      if (h) h.take(n);
    });
    app.decorateReply('holdAnswer', function holdAnswer(this: FastifyReply, n: number) {
      holderOf(this.request, this).hold(n);
      stallGuard(this, options.sendStallMs ?? SEND_STALL_MS);
    });
    app.addHook('onRequest', async (request, reply) => {
      if (!request.url.startsWith('/'))
        return sendProblem(
          reply,
          problem(400, 'the request target must be a path (/v1/review) or an absolute http(s) URL'),
        );
      if (request.raw.httpVersion === '1.1' && request.headers.host === undefined)
        return sendProblem(reply, problem(400, 'an HTTP/1.1 request needs a Host header (RFC 9112 3.2)'));
      // RFC 9112 3.2: more than one Host line is a 400 (Node keeps the first and drops the others)
      const raw = request.raw.rawHeaders;
      let hosts = 0;
      for (let i = 0; i < raw.length; i += 2) if (raw[i].length === 4 && raw[i].toLowerCase() === 'host') hosts++;
      if (hosts > 1)
        return sendProblem(reply, problem(400, `the request has ${hosts} Host headers: one is allowed (RFC 9112 3.2)`));
    });
    app.addHook('preParsing', async (request, reply, payload) => {
      if (request.headers['content-length'] === undefined && request.headers['transfer-encoding'] === undefined)
        return payload;
      // the drain of a shutdown waits for no more bodies (src/api/server.ts)
      if (cut) throw shuttingDown();
      // a body arriving slower than the minimum rate: its bytes given back at once, a 408 (src/api/app.ts)
      const watch = rate.watch((e) => {
        intakeMetrics.refused.inc({ reason: 'body-rate' });
        h.release();
        counted.destroy(e);
      });
      const h = holderOf(request, reply, watch);
      const counted = new Counted(h.take, watch);
      // whole: nothing more to wait for
      arriving.add(counted);
      const arrived = () => {
        watch.stop();
        arriving.delete(counted);
      };
      payload.once('end', arrived);
      counted.once('close', arrived);
      // once fastify has answered (a 413), nobody listens to the stream it read: an error then must
      // not be an uncaught one
      counted.on('error', () => {});
      // fastify compares what arrived with Content-Length on the stream it reads
      payload.on('error', (e) => counted.destroy(e));
      return payload.pipe(counted);
    });
    const unwatch = intakeMetrics.bodyBytes(() => budget.inUse);
    app.addHook('onClose', async () => {
      unwatch();
      rate.close();
    });

    const server = app.server;
    server.maxConnections = options.maxConnections;
    if (options.maxConnectionsPerIp > 0) {
      const perIp = new Map<string, number>();
      server.on('connection', (socket: Socket) => {
        // IPv6 by its /64, as the rate limit counts it (src/api/plugins/auth.ts): one host's usual
        // allocation, whose addresses a client can change at will
        const ip = socket.remoteAddress ? normalizeIP(socket.remoteAddress, 64) : '';
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
