/**
 * Optional bearer-token auth. Tokens are compared as SHA-256 digests with timingSafeEqual: equal
 * lengths whatever the candidate, and no early exit that would leak how much of a token matched.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import fp from 'fastify-plugin';
import { problem, sendProblem } from '../problem.js';

declare module 'fastify' {
  interface FastifyRequest {
    /** who is calling, for the rate limit: a token digest when authenticated, else the client IP */
    clientKey: string;
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
    const digests = tokens.map(digest);
    app.addHook('onRequest', async (request, reply) => {
      request.clientKey = `ip:${request.ip}`;
      if (digests.length === 0 || isExempt(request.url.split('?')[0], exempt)) return;
      const m = /^Bearer[ \t]+([^ \t]+)[ \t]*$/i.exec(request.headers.authorization ?? '');
      const candidate = m ? digest(m[1]) : undefined;
      // every configured token is compared, so timing does not tell which one (or none) matched
      let ok = false;
      for (const d of digests) if (candidate && timingSafeEqual(d, candidate)) ok = true;
      if (!ok) {
        reply.header('www-authenticate', m ? 'Bearer error="invalid_token"' : 'Bearer');
        return sendProblem(
          reply,
          problem(
            401,
            m ? 'the bearer token is not valid' : 'this route needs an "Authorization: Bearer <token>" header',
          ),
        );
      }
      request.clientKey = `token:${candidate!.toString('hex', 0, 16)}`;
    });
  },
  { name: 'compose-review-auth' },
);
