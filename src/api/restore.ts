/**
 * A pool whose threads the system refused to start (EAGAIN: a pids or process limit), and how it gets
 * them back. piscina starts a missing worker only when a task comes (or a worker exits): while none
 * runs, /readyz says 503 (src/api/plugins/lifecycle.ts) and a load balancer sends no task, so the
 * pool asks for its workers itself, once a second at most, when /readyz or a request asks whether it
 * can run a task (`restore`).
 *
 * A start refused inside piscina's `run` leaves the task in piscina's queue (its promise never
 * returned to us, so it cannot be aborted without an unhandled rejection): it would be computed
 * for nobody, with no deadline, once a worker starts, and hold its body meanwhile. Such a task is
 * withdrawn (`withdraw`): its body let go, its item emptied, a no-op for the worker
 * (src/api/worker.ts, `task: null`). A probe is such an item from the start.
 */
import { performance } from 'node:perf_hooks';
import type { Piscina } from 'piscina';
import type { WorkItem, WorkReply } from './worker.js';
import { errorCode } from '../errors.js';

/** How often a pool with missing workers asks for them at most (each refused ask leaves a no-op item in piscina's queue). */
export const RESTORE_INTERVAL_MS = 1_000;

/** A thread the system refused to start (piscina's replacement or on-demand worker). */
export const startRefused = (e: unknown): boolean => errorCode(e) === 'ERR_WORKER_INIT_FAILED';

/** A request's 503 while the system refuses the threads (retrying will help). */
export const START_REFUSED =
  'the service cannot start a worker now (the system refused a thread: a pids or process limit); retry later';

export interface Restorable {
  piscina: Piscina<WorkItem, WorkReply>;
  /** when the pool last asked for a missing worker (performance.now()) */
  lastRestore: number;
}

/**
 * Asks piscina for the workers it lacks (fewer threads than `workers`), RESTORE_INTERVAL_MS apart at
 * most, with a no-op task: piscina starts a worker for it, or the system refuses again (the item then
 * waits in piscina's queue, and runs as a no-op once a worker starts). Returns the threads piscina has.
 */
export function restore(t: Restorable, workers: number): number {
  const now = performance.now();
  if (t.piscina.threads.length >= workers || now - t.lastRestore < RESTORE_INTERVAL_MS) return t.piscina.threads.length;
  t.lastRestore = now;
  try {
    // no signal: the probe is never aborted (an abort of one already on a worker would stop that worker)
    t.piscina.run({ id: 0, requestId: '', logLevel: 'error', task: null }).catch(() => undefined);
  } catch (e) {
    if (!startRefused(e)) throw e;
  }
  return t.piscina.threads.length;
}

/** A task piscina kept after a refused start (see above): its body let go, nothing left to compute. */
export function withdraw(item: WorkItem, transferList: unknown[]): void {
  item.task = null;
  transferList.length = 0;
}
