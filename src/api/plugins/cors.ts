/**
 * CORS for an explicit list of origins (off when the list is empty: browsers then refuse cross-origin
 * calls). Preflights are answered here, before auth, since browsers send them without credentials.
 */
import fp from 'fastify-plugin';

export interface CorsOptions {
  origins: string[];
  maxAgeSeconds?: number;
}

export const corsPlugin = fp<CorsOptions>(
  async (app, { origins, maxAgeSeconds = 600 }) => {
    if (origins.length === 0) return;
    const allowed = new Set(origins);
    app.addHook('onRequest', async (request, reply) => {
      const origin = request.headers.origin;
      reply.header('vary', 'Origin');
      if (!origin || !allowed.has(origin)) return;
      reply.header('access-control-allow-origin', origin);
      if (request.method === 'OPTIONS' && request.headers['access-control-request-method']) {
        return reply
          .code(204)
          .header('access-control-allow-methods', 'GET, POST, OPTIONS')
          .header('access-control-allow-headers', 'authorization, content-type, x-request-id')
          .header('access-control-max-age', maxAgeSeconds)
          .send();
      }
      reply.header(
        'access-control-expose-headers',
        'x-request-id, x-compose-review-failed, retry-after, www-authenticate, ratelimit-limit, ratelimit-remaining, ratelimit-reset, allow',
      );
    });
  },
  { name: 'compose-review-cors' },
);
