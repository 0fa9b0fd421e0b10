/**
 * The worker thread's task: one use case (src/usecases/task.ts) for one request. It tells the main
 * thread when it starts (the deadline counts computing time, not time spent queued) and returns its
 * log lines with the reply, each with the request id, to be written through the service's own
 * logger (a message of their own could arrive after the reply: ports do not keep order between them).
 */
import { readlinkSync } from 'node:fs';
import { getPriority, setPriority } from 'node:os';
import { parentPort, threadId } from 'node:worker_threads';
import { performance } from 'node:perf_hooks';
import { move, transferableSymbol, valueSymbol } from 'piscina';
import { runTask, type Reply, type Task } from '../usecases/task.js';
import { tally } from '../usecases/answer.js';
import { textMasker } from '../redact/secrets.js';
import { fullValidator } from '../validate/validators.js';
import { errorMessage } from '../errors.js';
import { bodyProblem, taskOf, type RequestTask } from './request-task.js';
import { ANSWER_SLOT_BYTES, SLOT_HEADER_BYTES, SLOT_KNOWN, SLOT_OWNER } from './slot.js';

export interface WorkItem {
  /** the pool's id for this task (request ids come from clients and may repeat) */
  id: number;
  requestId: string;
  /** the service's log level: lines below it are not sent */
  logLevel: string;
  /**
   * a use case (tests, the library), or a request's, whose body is read here; null: nothing to
   * compute (a start-up probe, or a task withdrawn while piscina kept it: src/api/threads.ts)
   */
  task: Task | RequestTask | null;
}

export interface WorkerLogLine {
  level: LogLevel;
  /** the request's; none for a line about the worker itself */
  reqId?: string;
  worker: number;
  msg: string;
  fields: Record<string, unknown>;
}

export interface WorkReply extends Omit<Reply, 'body'> {
  /**
   * The answer's bytes (UTF-8). Most answers are written into the worker's answer slot (a
   * SharedArrayBuffer it shares with the main thread, src/api/slot.ts): the body is then their
   * length. Otherwise they are moved to the main thread rather than copied: a review of 1,000
   * services is several megabytes, and a string posted by the worker is read again by the main
   * thread (about 50 ms per 6 MB, longer for a string with non-Latin-1 characters) while /healthz
   * waits; a moved buffer costs the main thread nothing and is sent as it is.
   */
  body: Uint8Array | number;
  /** the worker's answer slot, sent with its replies until the main thread has registered it */
  slot?: SharedArrayBuffer;
  /** the worker's thread id, which names its answer slot */
  worker: number;
  /** computing time in the worker */
  ms: number;
  logs: WorkerLogLine[];
}

/**
 * What a worker posts beside its replies: a task started; the thread ready, `ms` after its
 * environment was made (performance.nodeTiming.environment: the clock a worker shares with the main
 * thread starts with the process, not with the thread), its modules loaded and the validator compiled.
 */
export type WorkerMessage = { kind: 'started'; id: number; worker: number } | { kind: 'ready'; ms: number; worker: number };

export type LogLevel = 'trace' | 'debug' | 'info' | 'warn' | 'error';

/**
 * How much lower a worker thread's scheduling priority is than the process's (Linux nice steps):
 * COMPOSE_REVIEW_WORKER_NICE, 0 to 19, default 3; 0 leaves it as it is.
 */
export function workerNice(env: NodeJS.ProcessEnv = process.env): number {
  const v = Number(env.COMPOSE_REVIEW_WORKER_NICE ?? 3);
  return Number.isInteger(v) && v >= 0 ? Math.min(19, v) : 3;
}

/**
 * A worker thread runs at a lower scheduling priority than the main thread (Linux: `nice` steps
 * for this thread alone, by its thread id from /proc/thread-self, which setpriority(2) takes for one
 * thread): when the workers and the event loop both want a core, the event loop that answers
 * /healthz, accepts requests and writes answers goes first (/healthz p99 under a load of 1,000-service
 * reviews: 32-47 ms against 49-51 ms, bench/pool.ts); when it is idle the workers have every core as
 * before. Elsewhere, or where /proc is missing, nothing changes. Returns the thread id it changed.
 */
export function lowerThreadPriority(steps = workerNice()): number | undefined {
  if (process.platform !== 'linux' || steps === 0) return undefined;
  try {
    const tid = Number(readlinkSync('/proc/thread-self').split('/').pop());
    if (!Number.isInteger(tid) || tid <= 0) return undefined;
    setPriority(tid, Math.min(19, getPriority(tid) + steps));
    return tid;
  } catch {
    return undefined; // no /proc/thread-self, or the priority cannot be changed: the thread keeps its own
  }
}

// a worker thread only: this module is also imported by the main thread for its types and helpers
if (parentPort) {
  lowerThreadPriority();
  // The full schema validator (messages for an invalid file) is compiled now, before the first task
  // and its deadline: compiled by the first invalid file it took 250-600 ms of that request's
  // deadline, and with a deadline under that every invalid file was a 422 that killed the worker,
  // whose replacement started cold again (a one-key validate answered 422 32 times in a row at
  // COMPOSE_REVIEW_WORK_TIMEOUT_MS=600). The cost is paid once per worker, as it starts.
  fullValidator();
  parentPort.postMessage({
    kind: 'ready',
    ms: performance.now() - performance.nodeTiming.environment,
    worker: threadId,
  } satisfies WorkerMessage);
}
const RANK: Record<string, number> = { trace: 10, debug: 20, info: 30, warn: 40, error: 50, fatal: 60, silent: 100 };

function logger(item: WorkItem, lines: WorkerLogLine[]) {
  return (level: LogLevel, msg: string, fields: Record<string, unknown> = {}): void => {
    if (RANK[level] >= (RANK[item.logLevel] ?? RANK.info))
      lines.push({ level, reqId: item.requestId, worker: threadId, msg, fields });
  };
}

/** What piscina moves: the reply, its body's buffer in the transfer list (piscina's Transferable interface). */
interface MovedReply {
  readonly [transferableSymbol]: ArrayBuffer;
  readonly [valueSymbol]: WorkReply;
}

/** This worker's answer slot, made at its first task. */
let slot: { buffer: SharedArrayBuffer; state: Int32Array; bytes: Uint8Array } | undefined;
const encoder = new TextEncoder();

/** Writes `text` into the answer slot if it is free and the text fits; returns the bytes written. */
function intoSlot(text: string): number | undefined {
  if (!slot) {
    const buffer = new SharedArrayBuffer(ANSWER_SLOT_BYTES);
    slot = { buffer, state: new Int32Array(buffer, 0, 2), bytes: new Uint8Array(buffer, SLOT_HEADER_BYTES) };
  }
  // a UTF-16 unit is at least one byte; while the main thread still writes the last answer (to a
  // slow client) this one is moved instead
  if (text.length > slot.bytes.length || Atomics.load(slot.state, SLOT_OWNER) !== 0) return undefined;
  const { read, written } = encoder.encodeInto(text, slot.bytes);
  if (read < text.length) return undefined;
  Atomics.store(slot.state, SLOT_OWNER, 1);
  return written;
}

export default function work(item: WorkItem): MovedReply | WorkReply | null {
  if (item.task === null) return null;
  parentPort?.postMessage({ kind: 'started', id: item.id, worker: threadId } satisfies WorkerMessage);
  const start = performance.now();
  const logs: WorkerLogLine[] = [];
  const log = logger(item, logs);
  // a task that throws (a bug) is answered 500 and logged, with the request id, by the main thread
  const reply: Reply = answerOf(item.task);
  const ms = performance.now() - start;
  for (const [code, n] of Object.entries(reply.tally.limits))
    log('warn', 'work budget exceeded', { question: item.task.question, code, count: n });
  log('debug', 'task done', { question: item.task.question, status: reply.status, ms: Math.round(ms) });
  const inSlot = intoSlot(reply.body);
  if (inSlot !== undefined && slot) {
    const known = Atomics.load(slot.state, SLOT_KNOWN) === 1;
    return { ...reply, body: inSlot, ...(known ? {} : { slot: slot.buffer }), worker: threadId, ms, logs };
  }
  // TextEncoder gives the bytes a buffer of their own (Buffer.from may share its pool's)
  const body = encoder.encode(reply.body);
  const moved: WorkReply = { ...reply, body, worker: threadId, ms, logs };
  return move({ [transferableSymbol]: body.buffer, [valueSymbol]: moved }) as MovedReply;
}

/** A request's answer: the problem of a body that is no bundle, else its use case's. */
function answerOf(t: Task | RequestTask): Reply {
  if ('input' in t) return runOrMask(t);
  let task: Task;
  try {
    task = taskOf(t);
  } catch (e) {
    const p = bodyProblem(e);
    if (!p) throw e;
    return { status: p.status, contentType: 'application/problem+json', body: JSON.stringify(p), tally: tally([], []) };
  }
  return runOrMask(task);
}

/**
 * A bug's exception is logged with its message and stack, which may quote the bundle: the secret
 * values its text shows (src/redact/secrets.ts textMasker, as loading may be what failed) are
 * masked before it leaves the worker.
 */
function runOrMask(task: Task): Reply {
  try {
    return runTask(task);
  } catch (e) {
    const input = task.input;
    const bundles = 'files' in input ? [input] : [input.base, input.head];
    const masked = new Error(errorMessage(e));
    masked.stack = String((e instanceof Error ? e.stack : undefined) ?? masked.stack);
    for (const b of bundles) {
      const m = textMasker(b);
      masked.message = m.rendered(masked.message);
      masked.stack = m.rendered(masked.stack ?? '');
    }
    throw masked;
  }
}
