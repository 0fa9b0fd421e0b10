/**
 * A minimum data rate for request bodies. Without it a body that trickles a few bytes a second holds
 * its bytes of the body memory budget, and its connection, until the request timeout (30 s): a few
 * such clients held the budget for everyone. Peers ask it in other shapes: ASP.NET Kestrel's
 * `MinRequestBodyDataRate` (240 bytes/s, averaged since the body's start after a 5 s grace) and
 * nginx's `client_body_timeout` (60 s between two reads, by default).
 *
 * Ours: the rate is measured over a moving window as long as the grace (10 s): nothing is asked of a
 * body during its first window; after it, the bytes that arrived in the last window must average
 * 240 a second. So a body that stops after a burst is cut a window later (Kestrel's average since
 * the start would let a 1 MB burst hold its bytes for the whole request timeout), a body that
 * pauses for less than a window (a TCP retransmission backing off 1 + 2 + 4 s, a generator piped
 * into the request pausing) is not, and a slow body that keeps above the rate is never cut (the
 * request timeout still bounds it). A 5 s window cut a body that paused 7.5 s after 210 KB.
 *
 * Cheap: arriving data only adds to a counter; one shared sweep, a fifth of the window apart, runs
 * while some body is arriving. Time is counted in sweeps, not read from the clock: an event loop
 * held up (a large answer, a busy machine) delays the sweep as it delays the reading of what has
 * arrived, so the service's own slowness is never blamed on a client (Kestrel likewise does not
 * count a late heartbeat's extra time).
 */

/** A request body that arrived slower than the minimum rate: 408, its connection closed. */
export class BodyTooSlow extends Error {
  readonly statusCode = 408;
  constructor(bytesPerSecond: number, windowMs: number, got: number) {
    super(
      `the request body arrived slower than ${bytesPerSecond} bytes a second: ${got} bytes in the last ${windowMs / 1000} s`,
    );
  }
}

/** Sweeps a window: the window's bytes are measured to a fifth of it. */
const SWEEPS_A_WINDOW = 5;

interface Watched {
  /** bytes arrived so far */
  bytes: number;
  /** sweeps since the body started */
  sweeps: number;
  /** `bytes` at each of the last SWEEPS_A_WINDOW sweeps (index: sweep number modulo) */
  marks: number[];
  cut: (e: BodyTooSlow) => void;
}

/** One body being watched: `arrived` counts its bytes, `stop` once it is whole or its request over. */
export interface RateWatch {
  arrived: (n: number) => void;
  stop: () => void;
}

const unwatched: RateWatch = { arrived: () => {}, stop: () => {} };

export class BodyRate {
  private readonly bodies = new Set<Watched>();
  private timer?: NodeJS.Timeout;
  /** bytes a window must bring */
  private readonly need: number;

  /** `bytesPerSecond` 0: no minimum */
  constructor(
    readonly bytesPerSecond: number,
    readonly windowMs = 10_000,
  ) {
    this.need = (bytesPerSecond * windowMs) / 1000;
  }

  /** How many bodies are watched (tests). */
  get watched(): number {
    return this.bodies.size;
  }

  /** Watches a body starting now; `cut` is called (once) when it arrives too slowly. */
  watch(cut: (e: BodyTooSlow) => void): RateWatch {
    if (this.bytesPerSecond <= 0) return unwatched;
    const w: Watched = { bytes: 0, sweeps: 0, marks: new Array<number>(SWEEPS_A_WINDOW).fill(0), cut };
    this.bodies.add(w);
    this.timer ??= setInterval(() => this.sweep(), this.windowMs / SWEEPS_A_WINDOW).unref();
    return {
      arrived: (n) => void (w.bytes += n),
      stop: () => this.forget(w),
    };
  }

  private forget(w: Watched): void {
    if (!this.bodies.delete(w) || this.bodies.size) return;
    clearInterval(this.timer);
    this.timer = undefined;
  }

  private sweep(): void {
    for (const w of this.bodies) {
      const i = ++w.sweeps % SWEEPS_A_WINDOW;
      // marks[i] is the count a whole window ago: the first sweep's, from the sixth on (the first
      // sweep comes within a fifth of a window of the start, so a body has at least a window of grace)
      const got = w.bytes - w.marks[i];
      if (w.sweeps > SWEEPS_A_WINDOW && got < this.need) {
        this.forget(w);
        w.cut(new BodyTooSlow(this.bytesPerSecond, this.windowMs, got));
        continue;
      }
      w.marks[i] = w.bytes;
    }
  }

  /** Stops the sweep (the app is closing). */
  close(): void {
    this.bodies.clear();
    clearInterval(this.timer);
    this.timer = undefined;
  }
}
