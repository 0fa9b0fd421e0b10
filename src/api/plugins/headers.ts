/**
 * Security headers on every answer (errors and 404s included: onSend runs for all of them) and the
 * request id echoed back. /docs is exempt from the strict CSP and no-store: Swagger UI needs its
 * scripts and styles, and @fastify/swagger-ui sets its own CSP there. A route that sets its own CSP
 * or caching (the web page, src/api/page.ts) keeps them.
 */
import fp from 'fastify-plugin';

export const securityHeadersPlugin = fp(
  async (app) => {
    app.addHook('onSend', async (request, reply, payload) => {
      reply.header('x-request-id', request.id);
      reply.header('x-content-type-options', 'nosniff');
      reply.header('x-frame-options', 'DENY');
      reply.header('referrer-policy', 'no-referrer');
      const docs = request.url === '/docs' || request.url.startsWith('/docs/') || request.url.startsWith('/docs?');
      if (!docs) {
        if (!reply.hasHeader('content-security-policy'))
          reply.header('content-security-policy', "default-src 'none'; frame-ancestors 'none'");
        if (!reply.hasHeader('cache-control')) reply.header('cache-control', 'no-store');
      }
      return payload;
    });
  },
  { name: 'compose-review-security-headers' },
);
