/**
 * The worker thread's task: one use case (src/usecases/task.ts) for one request. It tells the main
 * thread when it starts (the deadline counts computing time, not time spent queued) and sends its
 * log lines there, each with the request id, to be written through the service's own logger.
 */
import { parentPort, threadId } from 'node:worker_threads';
import { performance } from 'node:perf_hooks';
import { runTask, type Reply, type Task } from '../usecases/task.js';

export interface WorkItem {
  /** the pool's id for this task (request ids come from clients and may repeat) */
  id: number;
  requestId: string;
  /** the service's log level: lines below it are not sent */
  logLevel: string;
  task: Task;
}

export interface WorkReply extends Reply {
  /** computing time in the worker */
  ms: number;
}

/** Messages a worker posts beside its replies. */
export type WorkerMessage =
  | { kind: 'started'; id: number }
  | {
      kind: 'log';
      id: number;
      level: LogLevel;
      reqId: string;
      worker: number;
      msg: string;
      fields: Record<string, unknown>;
    };

export type LogLevel = 'trace' | 'debug' | 'info' | 'warn' | 'error';
const RANK: Record<string, number> = { trace: 10, debug: 20, info: 30, warn: 40, error: 50, fatal: 60, silent: 100 };

function log(item: WorkItem, level: LogLevel, msg: string, fields: Record<string, unknown> = {}): void {
  if (RANK[level] >= (RANK[item.logLevel] ?? RANK.info))
    parentPort?.postMessage({
      kind: 'log',
      id: item.id,
      level,
      reqId: item.requestId,
      worker: threadId,
      msg,
      fields,
    } satisfies WorkerMessage);
}

export default function work(item: WorkItem): WorkReply {
  parentPort?.postMessage({ kind: 'started', id: item.id } satisfies WorkerMessage);
  const start = performance.now();
  let reply: Reply;
  try {
    reply = runTask(item.task);
  } catch (e) {
    const err = e as Error;
    log(item, 'error', 'task failed', {
      question: item.task.question,
      err: { message: err.message, stack: err.stack },
    });
    throw e;
  }
  const ms = performance.now() - start;
  for (const [code, n] of Object.entries(reply.tally.limits))
    log(item, 'warn', 'work budget exceeded', { question: item.task.question, code, count: n });
  log(item, 'debug', 'task done', { question: item.task.question, status: reply.status, ms: Math.round(ms) });
  return { ...reply, ms };
}
