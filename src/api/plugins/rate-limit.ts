/**
 * Per-client token buckets: `perMinute` requests a minute, bursts up to the same number. The map is
 * bounded: past `maxClients`, the least recently seen client is dropped (it comes back with a full
 * bucket, the only cost of forgetting it).
 */
import fp from 'fastify-plugin';
import { problem, sendProblem } from '../problem.js';
import { isExempt } from './auth.js';

export interface RateLimitOptions {
  perMinute: number;
  exempt: string[];
  maxClients?: number;
  now?: () => number;
}

export const rateLimitPlugin = fp<RateLimitOptions>(
  async (app, { perMinute, exempt, maxClients = 10_000, now = Date.now }) => {
    if (perMinute <= 0) return;
    const perMs = perMinute / 60_000;
    const buckets = new Map<string, { tokens: number; at: number }>();
    app.addHook('onRequest', async (request, reply) => {
      if (isExempt(request.url.split('?')[0], exempt)) return;
      const t = now();
      const key = request.clientKey;
      const b = buckets.get(key) ?? { tokens: perMinute, at: t };
      buckets.delete(key); // re-inserted below: Map order is then least recently seen first
      b.tokens = Math.min(perMinute, b.tokens + (t - b.at) * perMs);
      b.at = t;
      const allowed = b.tokens >= 1;
      if (allowed) b.tokens -= 1;
      buckets.set(key, b);
      if (buckets.size > maxClients) buckets.delete(buckets.keys().next().value!);
      reply.header('ratelimit-limit', perMinute).header('ratelimit-remaining', Math.floor(b.tokens));
      if (!allowed) {
        const wait = Math.max(1, Math.ceil((1 - b.tokens) / perMs / 1000));
        reply.header('retry-after', wait);
        return sendProblem(
          reply,
          problem(429, `rate limit of ${perMinute} requests a minute exceeded: retry in ${wait} s`),
        );
      }
    });
  },
  { name: 'compose-review-rate-limit', dependencies: ['compose-review-auth'] },
);
