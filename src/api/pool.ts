/**
 * The worker pool that computes every answer, so the event loop only does HTTP (`/healthz` answers
 * while a 1,000-service review runs) and one process uses every CPU it is given. piscina rather than a pool of our own (maintained by Node.js and fastify collaborators): a fixed set
 * of threads with a replacement for one that dies, ESM task modules, a running task cancelled by an
 * AbortSignal terminates its worker (what a deadline needs: a synchronous computation cannot be
 * interrupted otherwise), per-worker heap limits (`resourceLimits`) and utilization.
 * What it does not do is ours, and small:
 *
 * - the deadline counts computing time: the worker says when it starts a task, the timer starts
 *   then (a queued task is not late), and at the deadline the task's AbortSignal terminates the
 *   worker (piscina starts a replacement) and the request gets a 422;
 * - admission: at `workers + queueLimit` tasks in the pool a request is refused at once (503 with
 *   Retry-After) instead of waiting behind a queue nobody could drain in time;
 * - the queue is ours: a task goes to piscina when a worker is free, so a task whose client has gone
 *   while it waits is dropped, not computed for nobody (piscina's abort of a task that has just left
 *   its own queue would stop the worker, and from here that moment cannot be told apart).
 */
import { dirname, extname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { performance } from 'node:perf_hooks';
import { Piscina } from 'piscina';
import type { Task } from '../usecases/task.js';
import type { RequestTask } from './request-task.js';
import { WORKER_START_MS, type PoolShape } from './shape.js';
import type { WorkItem, WorkReply, WorkerLogLine, WorkerMessage } from './worker.js';
import { answered, forgetSlot, type Answered } from './slot.js';
import { Pending, type ClientConnection } from './pending.js';
import { ClientGone, FairQueue } from './queue.js';
import { restore, START_REFUSED, startRefused, withdraw, type Restorable } from './restore.js';

export type { ClientConnection, PoolShape };
export { ClientGone };
import { workMetrics } from './metrics.js';
import { asError, errorCode, errorMessage } from '../errors.js';

/** The task ran past its deadline: its worker was terminated (422, retrying will not help). */
export class DeadlineExceeded extends Error {
  constructor(readonly deadlineMs: number) {
    super(
      `the work took longer than the deadline of ${deadlineMs} ms (COMPOSE_REVIEW_WORK_TIMEOUT_MS) and was stopped`,
    );
  }
}

/** Too much work already waiting (503 with Retry-After: retrying will help). */
export class QueueFull extends Error {
  constructor(
    readonly retryAfterSeconds: number,
    message = 'the service is busy: every worker is computing and the work queue is full; retry later',
  ) {
    super(message);
  }
}

/** The worker died under the task: out of its heap limit, or crashed (422 for the former). */
export class WorkerFailed extends Error {
  constructor(
    readonly reason: 'out-of-memory' | 'crashed',
    readonly heapMb: number,
    readonly original: Error,
  ) {
    super(
      reason === 'out-of-memory'
        ? `the work needed more than a worker's heap limit of ${heapMb} MB (COMPOSE_REVIEW_WORKER_HEAP_MB) and was stopped`
        : `the worker computing this request stopped: ${original.message}`,
    );
  }
}

export interface PoolEvents {
  /** a worker's log line, to be written by the service's logger */
  log(line: WorkerLogLine): void;
  deadline(): void;
  queueFull(): void;
  /** a waiting task dropped because its client had gone */
  abandoned(): void;
  /** a waiting task refused (503) to make room for another client's, its client having the most waiting */
  displaced(): void;
  workerFailed(reason: string): void;
  done(question: string, computeSeconds: number, waitSeconds: number): void;
}

/**
 * The worker module: `worker.js` beside this file (dist/src/), `worker.mjs` beside the service's
 * bundle (dist/bundle/server.mjs); from the TypeScript sources, `worker-source.mjs`, which registers
 * tsx in the thread (see there why): the parent's loader flags are then not passed on.
 */
function workerModule(): { filename: string; execArgv?: string[] } {
  const here = fileURLToPath(import.meta.url);
  // the service's bundle (dist/bundle/server.mjs, scripts/bundle.ts) runs the worker's bundle beside it
  if (extname(here) === '.mjs') return { filename: join(dirname(here), 'worker.mjs') };
  if (extname(here) !== '.ts') return { filename: join(dirname(here), 'worker.js') };
  const execArgv: string[] = [];
  const args = process.execArgv;
  for (let i = 0; i < args.length; i++) {
    if (/^--(import|require|loader|experimental-loader)$/.test(args[i])) i++;
    else if (!/^--(import|require|loader|experimental-loader)=/.test(args[i])) execArgv.push(args[i]);
  }
  return { filename: join(dirname(here), 'worker-source.mjs'), execArgv };
}

/** Every task of this process in a pool, by id: the workers' messages name the task they are about. */
const pending = new Map<number, Pending>();
let nextId = 1;

/** The threads of one shape, and the pools (their events) using them. */
interface Threads extends Restorable {
  users: Set<PoolEvents>;
  /** workers stopped at a deadline whose thread has not exited yet */
  terminating: number;
}

function onWorkerMessage(m: WorkerMessage, threads: Threads): void {
  if (m.kind === 'ready') return workerReady(m.ms, m.worker, threads);
  const p = pending.get(m.id);
  if (!p) return;
  if (m.kind === 'started' && p.started === undefined) {
    p.started = performance.now();
    p.worker = m.worker;
    p.timer = setTimeout(() => {
      watchTermination(threads, m.worker);
      try {
        p.abort(new DeadlineExceeded(p.deadlineMs));
      } catch (e) {
        // piscina starts the replacement inside the abort: a thread the system refuses (EAGAIN: a pids
        // or process limit, the stopped thread still running) is thrown here, and was uncaught (the
        // process died with every request in it); the task has its 422, the next one a 503 until a
        // thread can start (WorkPool.run)
        if (!startRefused(e)) throw e;
        for (const u of threads.users) u.workerFailed('start-refused');
      }
    }, p.deadlineMs);
  }
}

/**
 * A worker about to be terminated at a deadline is counted until its thread has really exited. V8
 * stops a thread only between two steps of JavaScript: inside one long native call (JSON.parse of a
 * 15 MB body of 780,000 keys: 3 s) it runs on, holding its heap and a CPU, while its replacement
 * starts beside it (the process's memory doubled for 2 s after the 422). piscina replaces it at once;
 * the pool admits one task less per such thread (WorkPool.saturated) and shows them
 * (compose_review_workers_terminating).
 */
function watchTermination(threads: Threads, threadId: number): void {
  const worker = threads.piscina.threads.find((w) => w.threadId === threadId);
  if (!worker) return;
  threads.terminating++;
  workMetrics.terminating.inc();
  // before piscina's own listener, which starts the replacement: a start the system refuses throws
  // out of it, and the listeners after it never ran (the gauge stayed 1, and a place held for good)
  worker.prependOnceListener('exit', () => {
    threads.terminating--;
    workMetrics.terminating.dec();
  });
}

/**
 * A worker is ready: its start-up is measured, and said when past the allowance the shutdown rule
 * counts for a replacement (WORKER_START_MS): the drain it promises then no longer holds.
 */
function workerReady(ms: number, worker: number, threads: Threads): void {
  workMetrics.workerStartSeconds.observe(ms / 1000);
  if (ms <= WORKER_START_MS) return;
  const msg = `a worker took ${Math.round(ms)} ms to start, more than the ${WORKER_START_MS} ms the shutdown rule allows a replacement (queue ÷ workers + 1) × (deadline + ${WORKER_START_MS} ms) ≤ COMPOSE_REVIEW_SHUTDOWN_TIMEOUT_MS: a drain with tasks stopped at their deadline may take longer than the shutdown timeout`;
  for (const events of threads.users)
    events.log({ level: 'warn', worker, msg, fields: { startMs: Math.round(ms), allowanceMs: WORKER_START_MS } });
}

/**
 * The threads, shared by the apps of one process that want the same shape (a test file builds many
 * apps, each would pay the start-up); each app has its own admission, deadline and counts.
 */
const threads = new Map<string, Threads>();

function acquireThreads(shape: PoolShape, events: PoolEvents): Threads {
  const key = `${shape.workers}/${shape.heapMb}`;
  const t = threads.get(key);
  if (t) {
    t.users.add(events);
    return t;
  }
  const { filename, execArgv } = workerModule();
  const piscina = new Piscina<WorkItem, WorkReply>({
    filename,
    ...(execArgv ? { execArgv } : {}),
    minThreads: shape.workers,
    maxThreads: shape.workers,
    idleTimeout: Infinity,
    // one synchronous task at a time per worker; admission (WorkPool.run) keeps the queue bounded
    concurrentTasksPerWorker: 1,
    resourceLimits: { maxOldGenerationSizeMb: shape.heapMb },
    // no niceIncrement: a nice value is relative to every process of the machine, not only to this
    // process's event loop, and niced workers starve beside any busy neighbour (measured: 150-service
    // reviews past a 5 s deadline on a loaded host); the event loop wakes up promptly without it
  });
  const entry: Threads = { piscina, users: new Set([events]), terminating: 0, lastRestore: -Infinity };
  piscina.on('message', (m: WorkerMessage) => onWorkerMessage(m, entry));
  piscina.on('workerDestroy', (worker: { threadId: number }) => forgetSlot(worker.threadId));
  // a worker that dies between tasks: piscina replaces it, no request was waiting on it
  piscina.on('error', () => workMetrics.workerFailures.inc({ reason: 'crashed' }));
  threads.set(key, entry);
  return entry;
}

async function releaseThreads(shape: PoolShape, events: PoolEvents): Promise<void> {
  const key = `${shape.workers}/${shape.heapMb}`;
  const t = threads.get(key);
  if (!t) return;
  t.users.delete(events);
  if (t.users.size > 0) return;
  threads.delete(key);
  await t.piscina.close();
}

export class WorkPool {
  readonly shape: PoolShape;
  private threads?: Threads;
  /** this pool's tasks (ids into `pending`) */
  private readonly mine = new Set<number>();
  /** tasks waiting for a worker, and handed to one (at most one per worker) */
  private readonly queue: FairQueue;
  /**
   * What the last tasks (as many as the pool admits) cost a worker, for Retry-After: a task stopped at
   * its deadline the deadline and a start-up (finished tasks only: Retry-After 1 for a 25 s queue).
   */
  private readonly costs: number[] = [];
  private costSum = 0;
  private closing?: Promise<void>;

  constructor(
    shape: PoolShape,
    private readonly events: PoolEvents,
    private readonly logLevel = 'info',
  ) {
    this.shape = shape;
    this.queue = new FairQueue(shape.workers);
  }

  /** Starts the workers (done by the first task otherwise); the service starts them before it listens. */
  start(): Piscina<WorkItem, WorkReply> {
    this.threads ??= acquireThreads(this.shape, this.events);
    return this.threads.piscina;
  }

  get running(): number {
    let n = 0;
    for (const id of this.mine) if (pending.get(id)?.started !== undefined) n++;
    return n;
  }

  get queued(): number {
    return this.mine.size - this.running;
  }

  /** Every worker busy and the queue full: the next task would be refused, unless it displaces another. */
  get saturated(): boolean {
    // a thread stopped at a deadline that still runs holds a place (watchTermination)
    return this.mine.size + (this.threads?.terminating ?? 0) >= this.shape.workers + this.shape.queueLimit;
  }

  /** A task of a client with nothing waiting would be refused (what /readyz says). */
  get refusesNewClient(): boolean {
    return (
      this.closing !== undefined || this.workless || (this.saturated && !this.queue.wouldDisplace('\0a new client'))
    );
  }

  /**
   * No worker runs or starts: the system refused them (src/api/restore.ts), asked for again here once
   * a second at most. Every task is refused until one starts, and /readyz says so.
   */
  get workless(): boolean {
    return this.threads !== undefined && restore(this.threads, this.shape.workers) === 0;
  }

  /** Worker threads running or starting (the gauge): fewer than the shape's while the system refuses some. */
  get workers(): number {
    return this.threads?.piscina.threads.length ?? 0;
  }

  get utilization(): number {
    return this.threads?.piscina.utilization ?? 0;
  }

  /**
   * Seconds until the queue ahead of a new task has likely drained. Before any task has ended there
   * is no history, and a computing task's time so far says little (Retry-After 1 at start for a queue
   * of 15 s): each task is then priced at the deadline, the most it may compute, until the first ends.
   */
  retryAfter(): number {
    let [sum, n] = [this.costSum, this.costs.length]; // and a computing task's time so far, at least
    for (const id of this.mine) {
      const started = pending.get(id)?.started;
      if (started !== undefined) [sum, n] = [sum + performance.now() - started, n + 1];
    }
    const meanMs = this.costs.length === 0 ? this.shape.workTimeoutMs : sum / n;
    // a thread still running after its deadline holds a place (saturated): it is counted here as there
    const places = this.mine.size + (this.threads?.terminating ?? 0);
    return Math.max(1, Math.ceil(((places / this.shape.workers) * meanMs) / 1000));
  }

  private cost(ms: number): void {
    this.costs.push(ms);
    this.costSum += ms;
    if (this.costs.length > this.shape.workers + this.shape.queueLimit) this.costSum -= this.costs.shift()!;
  }

  /**
   * Computes `task` in a worker. `client`: its connection; closed while the task waits for a
   * worker that drops it (ClientGone), once it computes the answer is made all the same.
   */
  async run(task: Task | RequestTask, requestId: string, client?: ClientConnection, owner = ''): Promise<Answered> {
    if (this.closing || (this.saturated && !this.displaced(owner))) {
      this.events.queueFull();
      throw new QueueFull(this.retryAfter());
    }
    const pool = this.start();
    const id = nextId++;
    const p = new Pending(performance.now(), this.shape.workTimeoutMs);
    pending.set(id, p);
    this.mine.add(id);
    try {
      await this.queue.turn(owner, client);
      // a JSON body's, a tar's or a multipart body's parts' bytes (a buffer of their own, src/api/request-task.ts taskBody) are moved, not copied
      const bytes = 'input' in task ? undefined : (task.json ?? task.tar);
      const transferList = bytes ? [bytes.buffer] : [];
      const item: WorkItem = { id, requestId, logLevel: this.logLevel, task };
      let running: Promise<WorkReply>;
      try {
        // no worker at all: piscina would ask the system for one for this task, and keep it if refused
        if (this.workless) throw new QueueFull(this.retryAfter(), START_REFUSED);
        running = pool.run(item, { signal: p, transferList });
      } catch (e) {
        // thrown at once (a worker the system refuses to start): its turn is given back all the same,
        // and the task piscina keeps is emptied (src/api/restore.ts)
        this.queue.release(owner);
        if (startRefused(e)) withdraw(item, transferList);
        throw e;
      }
      const reply = await running.finally(() => this.queue.release(owner));
      for (const line of reply.logs) this.events.log(line);
      this.cost(reply.ms);
      this.events.done(task.question, reply.ms / 1000, ((p.started ?? p.submitted) - p.submitted) / 1000);
      return answered(reply);
    } catch (e) {
      if (e instanceof ClientGone) {
        this.events.abandoned();
        throw e;
      }
      if (e instanceof QueueFull) throw e; // displaced while waiting
      const reason = p.reason;
      if (reason) {
        this.cost(this.shape.workTimeoutMs + WORKER_START_MS);
        this.events.deadline();
        throw reason;
      }
      // no worker, and none could start (piscina starts one as the task comes): retrying will help
      if (startRefused(e)) {
        this.events.workerFailed('start-refused');
        throw new QueueFull(this.retryAfter(), START_REFUSED);
      }
      // an exception of the task itself is a bug, answered 500 like any other; these are the worker's death
      const oom = errorCode(e) === 'ERR_WORKER_OUT_OF_MEMORY';
      if (!oom && !/^(worker exited|Terminating worker thread)/.test(errorMessage(e))) throw e;
      const failure = new WorkerFailed(oom ? 'out-of-memory' : 'crashed', this.shape.heapMb, asError(e));
      this.events.workerFailed(failure.reason);
      throw failure;
    } finally {
      clearTimeout(p.timer);
      pending.delete(id);
      this.mine.delete(id);
    }
  }

  /** Makes a place for `owner`'s task by refusing another client's (FairQueue.displace), if fair. */
  private displaced(owner: string): boolean {
    const made = this.queue.displace(
      owner,
      () =>
        new QueueFull(
          this.retryAfter(),
          "the service is busy: this client has the most requests waiting, and this one gave its place to another client's; retry later",
        ),
    );
    if (made) this.events.displaced();
    return made;
  }

  /**
   * Refuses new tasks and stops the threads once no app uses them. Called when the server has
   * answered every request it received, so no task of this pool is left.
   */
  close(): Promise<void> {
    this.closing ??= this.threads ? releaseThreads(this.shape, this.events) : Promise.resolve();
    return this.closing;
  }
}
