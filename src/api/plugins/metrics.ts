/** /metrics in Prometheus text format, and the per-request counter and histogram behind it. */
import fp from 'fastify-plugin';
import { METRICS_CONTENT_TYPE, observeRequest, renderMetrics } from '../metrics.js';

export const metricsPlugin = fp(
  async (app) => {
    app.addHook('onResponse', async (request, reply) => {
      // the route pattern, never the raw URL: unknown paths must not grow the label set
      observeRequest(
        request.method,
        request.routeOptions.url ?? 'unmatched',
        reply.statusCode,
        reply.elapsedTime / 1000,
      );
    });
    app.get(
      '/metrics',
      { schema: { summary: 'Prometheus metrics (text exposition format)', tags: ['operations'] } },
      async (_request, reply) => reply.type(METRICS_CONTENT_TYPE).send(await renderMetrics()),
    );
  },
  { name: 'compose-review-metrics' },
);
