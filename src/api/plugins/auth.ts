/**
 * Optional bearer-token auth, in two hooks so the rate limits sit between them: `authPlugin` finds
 * out who is calling (a valid token, else the client address) and `authGatePlugin`, registered after
 * plugins/rate-limit.ts, answers 401. A wrong token is thus counted (request budget and failed
 * authentications) before it is answered. Tokens are compared as SHA-256 digests with
 * timingSafeEqual: equal lengths whatever the candidate, and no early exit that would leak how much
 * of a token matched.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import fp from 'fastify-plugin';
import { normalizeIP } from '@fastify/rate-limit';
import { problem, sendProblem } from '../problem.js';

export type AuthFailure = 'missing' | 'invalid';

declare module 'fastify' {
  interface FastifyRequest {
    /** who is calling, for the rate limit: a token digest when authenticated, else the client address */
    clientKey: string;
    /** the client's IP as the limits count it: IPv4 as is, IPv6 by its /64 (one host's usual allocation) */
    clientAddress: string;
    /** this request needs a token: the failed-authentication budget applies to it */
    needsToken: boolean;
    /** why this request is not authenticated although it needs to be; authGatePlugin answers 401 */
    authFailure: AuthFailure | null;
  }
}

export interface AuthOptions {
  tokens: string[];
  /** exact paths, or prefixes when ending in `*` */
  exempt: string[];
}

const digest = (s: string) => createHash('sha256').update(s).digest();

/** Whether `path` (no query string) matches one of the exempt patterns. */
export function isExempt(path: string, exempt: string[]): boolean {
  return exempt.some((e) => (e.endsWith('*') ? path.startsWith(e.slice(0, -1)) : path === e));
}

export const authPlugin = fp<AuthOptions>(
  async (app, { tokens, exempt }) => {
    app.decorateRequest('clientKey', '');
    app.decorateRequest('clientAddress', '');
    app.decorateRequest('needsToken', false);
    app.decorateRequest('authFailure', null);
    const digests = tokens.map(digest);
    app.addHook('onRequest', async (request) => {
      // a socket already gone has no address: such a request is answered to nobody anyway
      request.clientAddress = request.ip ? normalizeIP(request.ip, 64) : 'unknown';
      request.clientKey = `ip:${request.clientAddress}`;
      if (digests.length === 0 || isExempt(request.url.split('?')[0], exempt)) return;
      request.needsToken = true;
      const m = /^Bearer[ \t]+([^ \t]+)[ \t]*$/i.exec(request.headers.authorization ?? '');
      const candidate = m ? digest(m[1]) : undefined;
      // every configured token is compared, so timing does not tell which one (or none) matched
      let ok = false;
      for (const d of digests) if (candidate && timingSafeEqual(d, candidate)) ok = true;
      if (ok) request.clientKey = `token:${candidate!.toString('hex', 0, 16)}`;
      else request.authFailure = m ? 'invalid' : 'missing';
    });
  },
  { name: 'compose-review-auth' },
);

/** The 401 for a request authPlugin did not authenticate; register it after the rate limits. */
export const authGatePlugin = fp(
  async (app) => {
    app.addHook('onRequest', async (request, reply) => {
      if (!request.authFailure) return;
      const invalid = request.authFailure === 'invalid';
      reply.header('www-authenticate', invalid ? 'Bearer error="invalid_token"' : 'Bearer');
      return sendProblem(
        reply,
        problem(
          401,
          invalid ? 'the bearer token is not valid' : 'this route needs an "Authorization: Bearer <token>" header',
        ),
      );
    });
  },
  { name: 'compose-review-auth-gate', dependencies: ['compose-review-auth'] },
);
