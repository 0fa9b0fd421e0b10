/** /metrics in Prometheus text format, and the per-request counter and histogram behind it. */
import type { FastifyReply } from 'fastify';
import fp from 'fastify-plugin';
import { METRICS_CONTENT_TYPE, observeRequest, renderMetrics } from '../metrics.js';
import { whenOver } from '../over.js';

export const metricsPlugin = fp(
  async (app) => {
    /** the replies already logged and counted */
    const counted = new WeakSet<FastifyReply>();
    // the route pattern, never the raw URL: unknown paths must not grow the label set
    const observe = (reply: FastifyReply, status: number) => {
      if (counted.has(reply)) return;
      counted.add(reply);
      observeRequest(reply.request.method, reply.request.routeOptions.url ?? 'unmatched', status, reply.elapsedTime / 1000);
    };
    app.addHook('onResponse', async (_request, reply) => observe(reply, reply.statusCode));
    // fastify logs and runs onResponse when a response finishes: one whose client left first (a task
    // dropped from the queue, an answer computed for nobody) was neither logged nor counted. It is
    // now, as nginx's "client closed request", 499
    app.addHook('onRequest', async (_request, reply) => {
      whenOver(reply, () => {
        if (reply.raw.writableFinished || counted.has(reply)) return;
        reply.log.info({ res: { statusCode: 499 }, responseTime: reply.elapsedTime, clientGone: true }, 'request completed');
        observe(reply, 499);
      });
    });
    app.get(
      '/metrics',
      { schema: { summary: 'Prometheus metrics (text exposition format)', tags: ['operations'] } },
      async (_request, reply) => reply.type(METRICS_CONTENT_TYPE).send(await renderMetrics()),
    );
  },
  { name: 'compose-review-metrics' },
);
