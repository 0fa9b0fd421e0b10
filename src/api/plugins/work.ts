/**
 * The worker pool as a fastify plugin: `app.work` is the pool, `answer(request, reply, task)` hands a
 * use case to it and sends what comes back. The three answers of a busy or slow service, one rule
 * each: a full queue is a 503 with Retry-After (retrying will help), a task past its deadline a 422
 * naming the deadline (retrying will not), and a budget exceeded inside the work is a 200 with a
 * `*-limit` diagnostic (the use case's own answer).
 */
import type { Socket } from 'node:net';
import type { FastifyReply, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import type { Task } from '../../usecases/task.js';
import type { RequestTask } from '../request-task.js';
import { problem, sendProblem } from '../problem.js';
import { countTally, watchPool, workMetrics } from '../metrics.js';
import {
  ClientGone,
  DeadlineExceeded,
  QueueFull,
  WorkerFailed,
  WorkPool,
  type ClientConnection,
  type PoolShape,
} from '../pool.js';
import type { Budgets } from '../../limits.js';
import { Slices, SLICE_BYTES } from '../slices.js';
import { clientGone, whenOver } from '../over.js';

declare module 'fastify' {
  interface FastifyInstance {
    work: WorkPool;
    /** the work budgets every task runs under (COMPOSE_REVIEW_MAX_*) */
    budgets: Partial<Budgets>;
  }
}

export const workPlugin = fp<{ shape: PoolShape; workerLogLevel: string; budgets?: Partial<Budgets> }>(
  async (app, { shape, workerLogLevel, budgets = {} }) => {
    const pool = new WorkPool(
      shape,
      {
        // a worker's line, written by this service's logger: same stream, redaction, and the request id
        log: (m) => app.log.child({ reqId: m.reqId, worker: m.worker })[m.level](m.fields, m.msg),
        deadline: () => workMetrics.deadlineKills.inc(),
        queueFull: () => workMetrics.queueFull.inc(),
        abandoned: () => workMetrics.abandoned.inc(),
        displaced: () => workMetrics.displaced.inc(),
        workerFailed: (reason) => {
          workMetrics.workerFailures.inc({ reason });
          if (reason === 'start-refused')
            app.log.error(
              'the system refused a worker thread (EAGAIN: a pids or process limit): requests get 503 until one starts',
            );
        },
        done: (question, compute, wait) => {
          workMetrics.taskSeconds.observe({ question }, compute);
          workMetrics.waitSeconds.observe(wait);
        },
      },
      workerLogLevel,
    );
    const unwatch = watchPool(() => ({
      workers: pool.workers,
      running: pool.running,
      queued: pool.queued,
      utilization: pool.utilization,
    }));
    app.decorate('work', pool);
    app.decorate('budgets', budgets);
    // onClose runs once the server has answered every request it received: the pool is idle by then
    app.addHook('onClose', async () => {
      unwatch();
      await pool.close();
    });
  },
  { name: 'compose-review-work' },
);

/** The task with the service's budgets, unless the route set its own. */
function withBudgets<T extends Task | RequestTask>(task: T, budgets: Partial<Budgets>): T {
  return { ...task, options: { budgets, ...task.options } };
}

/**
 * The client's connection: gone when the response closes before it has finished, or its socket
 * closes first (a pipelined request's response never closes then: src/api/over.ts); a task still
 * waiting for a worker is then dropped. A listener only for a task that waits.
 */
function connection(reply: FastifyReply): ClientConnection {
  return {
    get gone() {
      return clientGone(reply);
    },
    onGone(listener) {
      whenOver(reply, () => {
        if (!reply.raw.writableFinished) listener();
      });
    },
  };
}

/** Computes `task` in the pool and sends its answer (or the problem that stopped it). */
export async function answer(
  request: FastifyRequest,
  reply: FastifyReply,
  task: Task | RequestTask,
): Promise<FastifyReply> {
  // no timer cuts a request waiting for a worker or computing: the socket's idle timeout (fastify's
  // connectionTimeout, 32 s by default) closed queued requests with no answer once workers stopped at
  // their deadline were being replaced; the pool's deadline and the shutdown rule bound the wait
  const socket = request.raw.socket as Socket | null;
  const timed = socket !== null && typeof socket.setTimeout === 'function';
  if (timed) socket.setTimeout(0);
  let r;
  try {
    r = await request.server.work.run(
      withBudgets(task, request.server.budgets),
      request.id,
      connection(reply),
      request.clientKey,
    );
  } catch (e) {
    // nobody to answer: the status is for the service's own log and metrics (nginx's "client closed request")
    if (e instanceof ClientGone) return sendProblem(reply, problem(499, e.message));
    if (e instanceof QueueFull)
      return sendProblem(reply.header('retry-after', String(e.retryAfterSeconds)), problem(503, e.message));
    if (e instanceof DeadlineExceeded) {
      request.log.warn({ deadlineMs: e.deadlineMs }, 'work deadline exceeded: worker replaced');
      return sendProblem(reply, problem(422, e.message));
    }
    if (e instanceof WorkerFailed && e.reason === 'out-of-memory') {
      request.log.warn({ heapMb: e.heapMb }, 'worker out of memory: worker replaced');
      return sendProblem(reply, problem(422, e.message));
    }
    throw e;
  } finally {
    // the idle timeout again for what follows (an answer's send-stall timeout, src/api/plugins/intake.ts)
    if (timed && !socket.destroyed) socket.setTimeout(request.server.server.timeout);
  }
  // the answer's bytes may be the worker's answer slot: given back once the response is over (its
  // socket has taken them, or the client is gone: a pipelined response's socket too)
  whenOver(reply, r.written);
  // held on the main thread until its client has taken them: counted in the body memory budget,
  // the connection closed if the client stops taking any (src/api/plugins/intake.ts)
  reply.holdAnswer(r.body.byteLength);
  countTally(r.tally);
  if (r.failed !== undefined) reply.header('x-compose-review-failed', String(r.failed));
  // the body comes as UTF-8 bytes (see WorkReply), which fastify does not label as it labels a string
  const type = /;\s*charset=/i.test(r.contentType) ? r.contentType : `${r.contentType}; charset=utf-8`;
  reply.code(r.status).type(type);
  if (r.body.byteLength < SLICE_BYTES)
    return reply.send(Buffer.from(r.body.buffer, r.body.byteOffset, r.body.byteLength));
  // a large answer in slices, the event loop free between two (src/api/slices.ts); its length is
  // known, so it goes out as one body as before, not in chunked encoding
  return reply.header('content-length', String(r.body.byteLength)).send(new Slices(r.body));
}
