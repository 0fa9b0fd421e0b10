/**
 * Runs the service. SIGTERM/SIGINT: /readyz turns 503 (load balancers stop routing here), after
 * `shutdownDelayMs` the listener closes and every request already received (computing or queued
 * for a worker) is answered (`app.close()`), then exit 0; exit 1 if that takes longer than
 * `shutdownTimeoutMs` (a stuck request must not block a deploy). The pool's shape must let the
 * queue drain in that time (src/api/shape.ts shutdownRuleViolation): a configuration that cannot is
 * refused at start. A body still arriving once the drain needs the rest of that time gets a 503 with
 * Retry-After and Connection: close. A repeated signal is logged, and changes nothing.
 */
import { buildApp } from './app.js';
import { ConfigError, loadConfig, TIMER_MAX_MS, type ServiceConfig } from './config.js';
import { readCapacity } from './capacity.js';
import { drainMs, shutdownRuleViolation } from './shape.js';
import { errorCode, errorMessage } from '../errors.js';

export type ServeOptions = Partial<ServiceConfig>;

/** Runs `fn` after `turns` passes of the event loop's poll phase (setImmediate runs right after it). */
function afterPendingIo(turns: number, fn: () => void): void {
  setImmediate(() => (turns > 1 ? afterPendingIo(turns - 1, fn) : fn()));
}

export async function serve(options: ServeOptions = {}): Promise<void> {
  const config: ServiceConfig = { ...loadConfig(process.env), ...options };
  const capacity = readCapacity();
  const app = buildApp({ ...config, capacity, logger: { level: config.logLevel } });
  await app.ready();
  const violation = shutdownRuleViolation(app.work.shape, config.shutdownTimeoutMs, config.requestTimeoutMs);
  if (violation) {
    await app.close();
    throw new ConfigError(violation);
  }
  // the workers start now, not on the first request
  try {
    app.work.start();
  } catch (e) {
    // a thread the system refuses (EAGAIN: the cgroup's pids limit, or the user's process limit)
    if (errorCode(e) !== 'ERR_WORKER_INIT_FAILED') throw e;
    await app.close();
    // the threads started before the one refused belong to no pool (piscina's constructor threw): they
    // keep the process alive, and one that fails in its turn has piscina start another, which throws
    // again. The process exits once the CLI has said why (its exit status, 2, set by then).
    process.on('uncaughtException', (err) => {
      if (errorCode(err) !== 'ERR_WORKER_INIT_FAILED') throw err;
    });
    setTimeout(() => process.exit(process.exitCode ?? 2), 2_000).unref();
    const { workers } = app.work.shape;
    const pids = capacity.pids === undefined ? '' : ` (the cgroup's pids limit is ${capacity.pids})`;
    throw new ConfigError(
      `cannot start ${workers} worker thread(s): the system refused a thread (${errorMessage(e)}: a pids or process limit)${pids}; lower COMPOSE_REVIEW_WORKERS or raise the limit`,
    );
  }
  app.log.info({ pool: app.work.shape, capacity }, 'worker pool started');
  // piscina replaces a worker whose thread exits from inside that thread's exit event: a thread the
  // system refuses there (EAGAIN: a pids or process limit) is thrown where nothing can catch it, and
  // ended the process with every request in it. The pool answers 503 until a thread starts
  // (WorkPool.run); anything else ends the process as Node does
  process.on('uncaughtException', (err) => {
    if (errorCode(err) === 'ERR_WORKER_INIT_FAILED') {
      app.log.error(
        'the system refused a worker thread (EAGAIN: a pids or process limit): requests get 503 until one starts',
      );
      return;
    }
    process.stderr.write(`${err instanceof Error && err.stack ? err.stack : String(err)}\n`);
    process.exit(1);
  });
  let closing = false;
  const shutdown = (signal: string) => {
    // a repeated signal (an impatient operator, a supervisor that sends it twice) does not cut the
    // drain: Node's default action, exit by the signal, lost every request in flight
    if (closing) {
      app.log.warn({ signal }, 'already shutting down: the signal is ignored, the drain goes on');
      return;
    }
    closing = true;
    app.lifecycle.ready = false;
    app.log.info({ signal }, 'shutting down: not ready, finishing in-flight requests');
    setTimeout(
      () => {
        app.log.error('shutdown timed out: in-flight requests abandoned');
        process.exit(1);
      },
      Math.min(TIMER_MAX_MS, config.shutdownDelayMs + config.shutdownTimeoutMs),
    ).unref(); // each is at most the longest timer, not their sum
    // Closing the listener resets the connections still in the kernel's accept queue, and Node then
    // closes every connection whose request it has not started reading: requests already sent would
    // be lost. So a few more turns of the event loop's poll phase first (accept, start reading, read):
    // what has arrived by then is a request in progress, answered before the process exits.
    setTimeout(
      () =>
        afterPendingIo(3, () => {
          // a body still arriving (a slow upload, up to the request timeout, 30 s) is awaited while
          // the pool could still drain after it; then it gets a 503 with Connection: close, not a
          // reset at the shutdown timeout and exit 1
          setTimeout(
            () => app.cutArrivingBodies(),
            Math.max(0, config.shutdownTimeoutMs - drainMs(app.work.shape)),
          ).unref();
          app.close().then(
            () => {
              app.log.info('closed');
              process.exit(0);
            },
            (err: Error) => {
              app.log.error({ err: { message: err.message } }, 'close failed');
              process.exit(1);
            },
          );
        }),
      config.shutdownDelayMs,
    );
  };
  try {
    await app.listen({ port: config.port, host: config.host });
  } catch (e) {
    // an unknown HOST, a port in use or not allowed: the operator's setting, said as such
    const code = errorCode(e);
    if (code && ['ENOTFOUND', 'EAI_AGAIN', 'EADDRINUSE', 'EADDRNOTAVAIL', 'EACCES'].includes(code)) {
      await app.close();
      throw new ConfigError(`cannot listen on HOST=${config.host} PORT=${config.port}: ${errorMessage(e)}`);
    }
    throw e;
  }
  process.on('SIGTERM', () => shutdown('SIGTERM'));
  process.on('SIGINT', () => shutdown('SIGINT'));
}
