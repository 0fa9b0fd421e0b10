import type { DeadlineExceeded } from './pool.js';

/**
 * A task in the pool, and the signal piscina listens to for it (piscina takes any object with
 * `aborted` and `addEventListener`): an AbortController and its listener cost 7-8 µs per task on
 * the event loop (Node 20, 200,000 in one process), this a fraction of one.
 */
export class Pending {
  aborted = false;
  reason?: DeadlineExceeded;
  started?: number;
  /** the thread id of the worker computing it */
  worker?: number;
  timer?: NodeJS.Timeout;
  private listener?: () => void;

  constructor(
    readonly submitted: number,
    readonly deadlineMs: number,
  ) {}

  addEventListener(_name: 'abort', listener: () => void): void {
    this.listener = listener;
  }

  removeEventListener(): void {
    this.listener = undefined;
  }

  /** The deadline has passed: piscina terminates the worker computing the task. */
  abort(reason: DeadlineExceeded): void {
    if (this.aborted) return;
    this.aborted = true;
    this.reason = reason;
    this.listener?.();
  }
}

/** The client's connection as the queue sees it: closed before its answer, and a call when it closes so. */
export interface ClientConnection {
  readonly gone: boolean;
  onGone(listener: () => void): void;
}
