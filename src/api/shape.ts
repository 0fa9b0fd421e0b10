/**
 * The worker pool's shape: how many workers, how much heap each, how long a queue, sized from what the
 * process may really use (src/api/capacity.ts), and the shutdown rule that shape must satisfy.
 */
import type { Capacity } from './capacity.js';

/** Memory the main thread keeps for itself (measured: 80 MB idle), plus a large answer passing through. */
export const MAIN_THREAD_MB = 112;
/** A worker's memory beside its old generation (measured: 24 MB idle with the pipeline loaded, plus its new space at work). */
export const WORKER_BASE_MB = 56;
/** The heap limit per worker when the cgroup sets no memory limit. */
export const DEFAULT_HEAP_MB = 1024;
/** Below this a worker cannot review a large project: fewer workers are started instead. */
export const MIN_HEAP_MB = 64;
/** Threads a Node process runs without workers (main, libuv pool, V8 platform, inspector...), kept out of the pids limit. */
export const BASE_THREADS = 16;
/**
 * What a worker killed at its deadline costs beside it: the next task waits for the replacement to load
 * the pipeline (1.4 to 2.2 s measured under a load average of 14 on 2 cores, 2.5 s in the attack: waves
 * of 422s 7.5 s apart, not 5). An allowance, so the shutdown rule does not depend on the start's moment.
 */
export const WORKER_START_MS = 3_000;
/**
 * Default queue per worker: with the default 5 s deadline and a replacement's start-up,
 * (2 + 1) × (5 + 3) s fits the 25 s shutdown timeout (4 a worker did not: 40 s).
 */
export const QUEUE_PER_WORKER = 2;

export interface PoolSettings {
  /** worker threads; 0: from the CPUs the process may use */
  workers: number;
  /** tasks waiting for a worker; 0: QUEUE_PER_WORKER per worker */
  queueLimit: number;
  /** computing time allowed per task */
  workTimeoutMs: number;
  /** old-generation heap per worker (MB); 0: from the memory limit */
  workerHeapMb: number;
}

export interface PoolShape {
  workers: number;
  queueLimit: number;
  workTimeoutMs: number;
  heapMb: number;
}

/**
 * Workers: one per CPU the cgroup quota allows (at least one), no more than the pids limit leaves
 * threads for, and no more than the memory limit can give MIN_HEAP_MB each (or the heap
 * COMPOSE_REVIEW_WORKER_HEAP_MB sets). Heap: what the memory
 * limit leaves after the main thread and the workers' own overhead, shared between the workers.
 */
export function poolShape(capacity: Capacity, settings: PoolSettings): PoolShape {
  let workers = settings.workers || Math.max(1, Math.floor(capacity.cpus));
  const memoryMb = capacity.memoryBytes === undefined ? undefined : Math.floor(capacity.memoryBytes / 2 ** 20);
  if (!settings.workers) {
    if (capacity.pids !== undefined) workers = Math.min(workers, Math.max(1, capacity.pids - BASE_THREADS));
    // a heap set alone sizes the count for that heap (as many such workers as the limit holds), not
    // for the smallest one: each worker may grow to the heap it was given
    if (memoryMb !== undefined)
      workers = Math.min(
        workers,
        Math.max(
          1,
          Math.floor((memoryMb - MAIN_THREAD_MB) / (WORKER_BASE_MB + (settings.workerHeapMb || MIN_HEAP_MB))),
        ),
      );
  }
  const heapMb =
    settings.workerHeapMb ||
    (memoryMb === undefined
      ? DEFAULT_HEAP_MB
      : Math.min(
          DEFAULT_HEAP_MB,
          Math.max(MIN_HEAP_MB, Math.floor((memoryMb - MAIN_THREAD_MB) / workers - WORKER_BASE_MB)),
        ));
  return {
    workers,
    queueLimit: settings.queueLimit || QUEUE_PER_WORKER * workers,
    workTimeoutMs: settings.workTimeoutMs,
    heapMb,
  };
}

/** The longest a full pool takes to drain: the shutdown rule's left side. */
export const drainMs = (shape: PoolShape): number =>
  (Math.ceil(shape.queueLimit / shape.workers) + 1) * (shape.workTimeoutMs + WORKER_START_MS);

/**
 * The shutdown rule: every task admitted before SIGTERM must be answered within the shutdown
 * timeout. The tasks running take at most one deadline, the queue drains `workers` at a time, and
 * each task stopped at its deadline makes the next wait for a replacement worker (WORKER_START_MS):
 * (queue limit ÷ workers + 1) × (deadline + start-up) ≤ shutdown timeout. The same wait must also fit
 * COMPOSE_REVIEW_REQUEST_TIMEOUT_MS. Returns the violation, if any.
 */
export function shutdownRuleViolation(
  shape: PoolShape,
  shutdownTimeoutMs: number,
  requestTimeoutMs = Infinity,
): string | undefined {
  const worst = drainMs(shape);
  const drain = `a queue of ${shape.queueLimit} for ${shape.workers} worker(s) at ${shape.workTimeoutMs} ms a task, plus ${WORKER_START_MS} ms for a worker stopped at its deadline to be replaced, drains in up to ${worst} ms`;
  const fix = 'lower COMPOSE_REVIEW_QUEUE_LIMIT or COMPOSE_REVIEW_WORK_TIMEOUT_MS, or raise';
  if (worst > shutdownTimeoutMs)
    return `${drain}, more than COMPOSE_REVIEW_SHUTDOWN_TIMEOUT_MS (${shutdownTimeoutMs}): ${fix} the shutdown timeout`;
  if (worst > requestTimeoutMs)
    return `${drain}, more than COMPOSE_REVIEW_REQUEST_TIMEOUT_MS (${requestTimeoutMs}): ${fix} that timeout`;
  return undefined;
}

/** The most memory the pool may take: the main thread, and each worker's heap limit and what it uses beside it (MB). */
export const poolMemoryMb = (shape: PoolShape): number => MAIN_THREAD_MB + shape.workers * (shape.heapMb + WORKER_BASE_MB);

/**
 * The cgroup limits a shape passes, one warning each, naming the setting that made it so. poolShape
 * keeps within them unless told otherwise: COMPOSE_REVIEW_WORKERS and COMPOSE_REVIEW_WORKER_HEAP_MB
 * are honoured as given (like gunicorn's `--workers` or Node's `--max-old-space-size`, an explicit
 * number is the operator's), and said at start-up when the container cannot hold them: past the
 * memory limit a large request gets the process killed by the kernel (every request in flight lost)
 * instead of a 422; past the pids limit a worker's thread, or its replacement after a deadline,
 * cannot be started.
 */
export function shapeWarnings(capacity: Capacity, settings: PoolSettings, shape: PoolShape): string[] {
  const set = [
    ...(settings.workers ? [`COMPOSE_REVIEW_WORKERS=${settings.workers}`] : []),
    ...(settings.workerHeapMb ? [`COMPOSE_REVIEW_WORKER_HEAP_MB=${settings.workerHeapMb}`] : []),
  ];
  const because = set.length ? set.join(' and ') : 'the smallest pool (1 worker, a heap limit of MIN_HEAP_MB)';
  const sized = poolShape(capacity, { ...settings, workers: 0, workerHeapMb: 0 });
  const instead = `; without ${set.length ? 'it' : 'them'} the pool would be ${sized.workers} worker(s) of ${sized.heapMb} MB`;
  const out: string[] = [];
  const memoryMb = capacity.memoryBytes === undefined ? undefined : Math.floor(capacity.memoryBytes / 2 ** 20);
  const needs = poolMemoryMb(shape);
  if (memoryMb !== undefined && needs > memoryMb)
    out.push(
      `${because}: ${shape.workers} worker(s) × (a heap limit of ${shape.heapMb} MB + ${WORKER_BASE_MB} MB beside it) + ${MAIN_THREAD_MB} MB for the main thread = ${needs} MB, more than the cgroup's memory limit of ${memoryMb} MB: a large request may get the process killed by the kernel instead of a 422${set.length ? instead : ''}`,
    );
  if (capacity.pids !== undefined && shape.workers + BASE_THREADS > capacity.pids)
    out.push(
      `${because}: ${shape.workers} worker thread(s) + ${BASE_THREADS} of the process's own, more than the cgroup's pids limit of ${capacity.pids}: a worker, or a worker's replacement after a deadline, may not start${set.length ? instead : ''}`,
    );
  return out;
}
