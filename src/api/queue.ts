/**
 * The pool's queue: tasks waiting for a worker and tasks handed to one (at most one per worker), with
 * fairness between clients (a client is the auth plugin's clientKey: its token, else its address).
 * - Order: the waiting task that goes next is the first of the clients with the fewest tasks
 *   computing (the one just finished still counting for its client), so clients take turns and one
 *   client's burst does not keep another's task behind all of it.
 * - Admission when every worker is busy and the queue is full (`displace`): a client with fewer tasks
 *   waiting than another (counting the new one) takes the place of that other's newest waiting task,
 *   which is refused (503 with Retry-After). One client alone still has the whole pool; one client's
 *   burst no longer refuses everyone else for as long as it lasts (six 5,000-service reviews from one
 *   client gave every other client 503s for 11 s).
 * A queue holds a few tasks a worker (COMPOSE_REVIEW_QUEUE_LIMIT): its scans are short.
 */
import type { ClientConnection } from './pending.js';

/** The client closed its connection before the task reached a worker: the task was dropped. */
export class ClientGone extends Error {
  constructor() {
    super('the client closed the connection before its task reached a worker; the task was dropped');
  }
}

interface Waiting {
  owner: string;
  go: () => void;
  refuse: (e: Error) => void;
}

export class FairQueue {
  /** tasks handed to a worker */
  private handed = 0;
  private readonly waiting: Waiting[] = [];
  /** tasks handed to a worker, by client */
  private readonly handedTo = new Map<string, number>();

  constructor(private readonly workers: number) {}

  /** The client with the most waiting, if it has more than `owner` would with one more. */
  private most(owner: string): string | undefined {
    const counts = new Map<string, number>();
    for (const w of this.waiting) counts.set(w.owner, (counts.get(w.owner) ?? 0) + 1);
    const mine = (counts.get(owner) ?? 0) + 1;
    let most: string | undefined;
    for (const [o, n] of counts) if (n > mine && (most === undefined || n > counts.get(most)!)) most = o;
    return most;
  }

  /** Whether a task of `owner` would take another's place (`displace`), without doing it. */
  wouldDisplace(owner: string): boolean {
    return this.most(owner) !== undefined;
  }

  /** Refuses the newest waiting task of the client with the most waiting, if it has more than `owner` would. */
  displace(owner: string, refusal: () => Error): boolean {
    const most = this.most(owner);
    if (most === undefined) return false;
    for (let i = this.waiting.length - 1; i >= 0; i--) {
      if (this.waiting[i].owner !== most) continue;
      const [w] = this.waiting.splice(i, 1);
      w.refuse(refusal());
      return true;
    }
    return false;
  }

  /** Resolves when a worker is free for the caller's task (counted as handed); rejects if its client goes first. */
  turn(owner: string, client?: ClientConnection): Promise<void> {
    if (client?.gone) return Promise.reject(new ClientGone());
    if (this.handed < this.workers && this.waiting.length === 0) {
      this.hand(owner);
      return Promise.resolve();
    }
    return new Promise((resolve, reject) => {
      const w: Waiting = { owner, go: resolve, refuse: reject };
      this.waiting.push(w);
      const drop = () => {
        // still waiting (one handed a worker or displaced has left the list): out of the queue at once
        const i = this.waiting.indexOf(w);
        if (i < 0) return;
        this.waiting.splice(i, 1);
        reject(new ClientGone());
      };
      client?.onGone(drop);
    });
  }

  private hand(owner: string): void {
    this.handed++;
    this.handedTo.set(owner, (this.handedTo.get(owner) ?? 0) + 1);
  }

  /** The first waiting task of the clients with the fewest tasks computing. */
  private next(): Waiting | undefined {
    let best = -1;
    let fewest = Infinity;
    for (let i = 0; i < this.waiting.length && fewest > 0; i++) {
      const n = this.handedTo.get(this.waiting[i].owner) ?? 0;
      if (n < fewest) [best, fewest] = [i, n];
    }
    return best < 0 ? undefined : this.waiting.splice(best, 1)[0];
  }

  /**
   * A task handed to piscina is done: the next one waiting goes, chosen while the finished task still
   * counts for its client, so clients take turns (a client whose task just ended goes after one
   * with as many computing).
   */
  release(owner: string): void {
    this.handed--;
    const next = this.handed < this.workers ? this.next() : undefined;
    const left = (this.handedTo.get(owner) ?? 1) - 1;
    if (left > 0) this.handedTo.set(owner, left);
    else this.handedTo.delete(owner);
    if (next) {
      this.hand(next.owner);
      next.go();
    }
  }
}
