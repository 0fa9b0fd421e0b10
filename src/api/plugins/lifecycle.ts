/**
 * Readiness: /readyz answers 503 once shutdown has begun, while the work queue would refuse a new
 * client's request (src/api/queue.ts), and while no worker can run a task (src/api/restore.ts), so load balancers send traffic elsewhere. Liveness (/healthz) never depends on load: a busy pod is not a
 * dead one, and the event loop stays free to say so (the work runs in workers).
 */
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
      // the route matched, not the URL as written: `/%72eadyz` reaches the same route
      if (request.routeOptions.url !== '/readyz') return;
      if (!app.lifecycle.ready) return sendProblem(reply, problem(503, 'shutting down'));
      // only when a new client would be refused: the fair queue still admits one while a client has
      // more than one task waiting (one client keeping the pool full held /readyz at 503, and a
      // readiness probe took the pod out of every Service)
      // and while no worker can run a task (the system refused their threads: every request gets 503)
      if (app.hasDecorator('work') && app.work.refusesNewClient)
        return sendProblem(
          reply.header('retry-after', String(app.work.retryAfter())),
          problem(
            503,
            app.work.workless
              ? 'no worker: the system refused the worker threads (a pids or process limit); asked for again every second'
              : 'busy: every worker is computing and the work queue is full',
          ),
        );
    });
  },
  { name: 'compose-review-lifecycle' },
);
