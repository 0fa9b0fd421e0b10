/** Readiness: /readyz answers 503 once shutdown has begun, so load balancers stop sending traffic. */
import fp from 'fastify-plugin';
import { problem, sendProblem } from '../problem.js';

export interface Lifecycle {
  ready: boolean;
}

declare module 'fastify' {
  interface FastifyInstance {
    lifecycle: Lifecycle;
  }
}

export const lifecyclePlugin = fp(
  async (app) => {
    app.decorate('lifecycle', { ready: true });
    // a hook rather than a route so the readiness route itself (routes/health.ts) stays as simple as liveness
    app.addHook('onRequest', async (request, reply) => {
      if (!app.lifecycle.ready && request.url.split('?')[0] === '/readyz')
        return sendProblem(reply, problem(503, 'shutting down'));
    });
  },
  { name: 'compose-review-lifecycle' },
);
