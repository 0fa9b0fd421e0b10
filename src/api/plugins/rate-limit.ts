/**
 * Two budgets, counted by @fastify/rate-limit in fixed windows of a minute (a client's window starts
 * with its first counted request; `RateLimit-Limit`, `-Remaining` and `-Reset` say where it stands):
 * - requests: `perMinute` a window per client, its token when it has a valid one, else its address
 *   (IPv6 by /64, as the auth plugin keys it);
 * - failed authentications: `authFailuresPerMinute` a window per address; a wrong or missing token
 *   counts one. Once an address has spent it, every request from it that needs a token gets 429 until
 *   its window ends, a right token included: were it let through, 200 against 429 would go on telling
 *   a guesser which guess was right, at full speed.
 * Order (app.ts): the auth plugin has found who is calling; here the failed-authentication budget is
 * checked, the request counted, a failed authentication counted; then the auth gate answers 401.
 *
 * With `redisUrl` the counts live in Redis or Valkey, so replicas share one budget per client. When
 * the store does not answer, the limits fail open to this process: each replica counts on its own
 * (n replicas then allow up to n times a budget) until the store answers again. Failing closed would
 * turn a store outage into an outage of every CI job that calls the service; failing wide open would
 * also drop the limit on token guessing. A warning is logged when the store goes, an info when it is back.
 */
import type { FastifyBaseLogger, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import rateLimit, { type RateLimitPluginOptions } from '@fastify/rate-limit';
import { Redis } from 'ioredis';
import { problem, sendProblem } from '../problem.js';
import { isExempt } from './auth.js';
import { asError } from '../../errors.js';

export interface RateLimitOptions {
  /** requests a window per client; 0 turns the request budget off */
  perMinute: number;
  /** failed authentications a window per address; 0 turns that budget off */
  authFailuresPerMinute: number;
  /** paths counted by neither budget (the probes) */
  exempt: string[];
  /** `redis://` or `rediss://` URL of a Redis or Valkey shared by the replicas */
  redisUrl?: string;
  /** the window; a minute unless a test shortens it */
  windowMs?: number;
}

type Limiter = ReturnType<FastifyInstance['createRateLimit']>;

/** How long the shared store is left alone after it failed (a hung store would otherwise slow every request). */
const STORE_RETRY_MS = 2000;
/** Local counts: the least recently seen clients are forgotten past this many (they come back with a full budget). */
const LOCAL_CLIENTS = 10_000;

/** The state of the connection to the shared store. */
class SharedStore {
  private downUntil = 0;
  private failing = false;

  constructor(
    readonly redis: Redis,
    private readonly log: FastifyBaseLogger,
  ) {}

  usable(): boolean {
    return this.redis.status === 'ready' && Date.now() >= this.downUntil;
  }

  failed(err: Error): void {
    this.downUntil = Date.now() + STORE_RETRY_MS;
    if (this.failing) return;
    this.failing = true;
    // the URL may hold a password: only the error is logged
    this.log.warn(
      { err: { message: err.message } },
      'rate-limit store unreachable: counting in this process until it answers (fail open to per-replica budgets)',
    );
  }

  answered(): void {
    if (!this.failing) return;
    this.failing = false;
    this.log.info('rate-limit store reachable again: budgets are shared');
  }
}

/** One @fastify/rate-limit counter with its own settings, in a scope of its own (its decorators stay there). */
async function counter(app: FastifyInstance, settings: RateLimitPluginOptions): Promise<Limiter> {
  let create: (() => Limiter) | undefined;
  await app.register(async (scope) => {
    await scope.register(rateLimit, { global: false, cache: LOCAL_CLIENTS, ...settings });
    create = () => scope.createRateLimit();
  });
  return create!();
}

/** The shared counter while the store answers, else the local one. */
function withFallback(shared: Limiter, local: Limiter, store: SharedStore): Limiter {
  return async (request, options) => {
    if (store.usable()) {
      try {
        const outcome = await shared(request, options);
        store.answered();
        return outcome;
      } catch (e) {
        store.failed(asError(e));
      }
    }
    return local(request, options);
  };
}

function tooMany(reply: FastifyReply, seconds: number, detail: string): FastifyReply {
  const wait = Math.max(1, seconds);
  reply.header('retry-after', wait);
  return sendProblem(reply, problem(429, `${detail}: retry in ${wait} s`));
}

export const rateLimitPlugin = fp<RateLimitOptions>(
  async (app, { perMinute, authFailuresPerMinute, exempt, redisUrl, windowMs = 60_000 }) => {
    if (perMinute <= 0 && authFailuresPerMinute <= 0) return;
    let store: SharedStore | undefined;
    if (redisUrl) {
      // commands fail at once while disconnected (no offline queue) and after 250 ms when the store
      // hangs, so a lost store never holds a request; the client reconnects in the background
      const redis = new Redis(redisUrl, {
        enableOfflineQueue: false,
        maxRetriesPerRequest: 0,
        connectTimeout: 2000,
        commandTimeout: 250,
        retryStrategy: (attempt) => Math.min(attempt * 200, 2000),
      });
      store = new SharedStore(redis, app.log);
      let closing = false;
      redis.on('error', (e: Error) => store!.failed(e));
      redis.on('close', () => closing || store!.failed(new Error('the connection to the store closed')));
      redis.on('ready', () => store!.answered());
      app.addHook('onClose', async () => {
        closing = true;
        await redis.quit().catch(() => redis.disconnect());
      });
      // the first connection settles before the service answers, so a replica shares budgets from its
      // first request; a store that is down (or slow to connect) does not hold the start
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, 2000);
        const settle = () => {
          clearTimeout(timer);
          redis.off('ready', settle).off('error', settle);
          resolve();
        };
        redis.once('ready', settle).once('error', settle);
      });
    }
    const budget = async (name: string, max: number, keyGenerator: (r: FastifyRequest) => string) => {
      if (max <= 0) return undefined;
      const settings = { max, timeWindow: windowMs, keyGenerator };
      const local = await counter(app, settings);
      if (!store) return local;
      const shared = await counter(app, { ...settings, redis: store.redis, nameSpace: `compose-review:${name}:` });
      return withFallback(shared, local, store);
    };
    const per = windowMs === 60_000 ? 'a minute' : `in ${windowMs / 1000} s`;
    const requests = await budget('requests', perMinute, (r) => r.clientKey);
    const failures = await budget('auth-failures', authFailuresPerMinute, (r) => r.clientAddress);

    app.addHook('onRequest', async (request, reply) => {
      if (isExempt(request.url.split('?')[0], exempt)) return;
      if (failures && request.needsToken) {
        const spent = await failures(request, { increment: false });
        if (!spent.isAllowed && spent.remaining === 0)
          return tooMany(reply, spent.ttlInSeconds, 'too many failed authentications from this address');
      }
      if (requests) {
        const r = await requests(request);
        if (!r.isAllowed) {
          reply.header('ratelimit-limit', r.max);
          reply.header('ratelimit-remaining', r.remaining);
          reply.header('ratelimit-reset', r.ttlInSeconds);
          if (r.isExceeded) return tooMany(reply, r.ttlInSeconds, `rate limit of ${r.max} requests ${per} exceeded`);
        }
      }
      if (failures && request.authFailure) {
        const f = await failures(request);
        if (!f.isAllowed && f.isExceeded)
          return tooMany(reply, f.ttlInSeconds, 'too many failed authentications from this address');
      }
    });
  },
  { name: 'compose-review-rate-limit', dependencies: ['compose-review-auth'] },
);
