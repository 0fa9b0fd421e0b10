/**
 * A large answer written a slice at a time, each slice in a turn of the event loop of its own. One
 * write of the 4 to 5 MB answer of a 1,000-service review held the event loop for 6 to 28 ms
 * (strace of the main thread under `bench:pool`'s load): the kernel takes it into the socket in one
 * call, and on a local connection delivers it to the reader in that same call. Meanwhile /healthz,
 * new connections and the other answers wait. In 256 KiB slices, each write is a fraction of that,
 * and whatever else is due runs between two of them.
 */
import { Readable } from 'node:stream';

/** The size of a slice, and the smallest answer written in slices (below it, one write is short). */
export const SLICE_BYTES = 256 * 1024;

/** `bytes` as a stream of slices of at most SLICE_BYTES, each pushed from a setImmediate of its own. */
export class Slices extends Readable {
  #at = 0;
  readonly #bytes: Uint8Array;
  constructor(bytes: Uint8Array) {
    super();
    this.#bytes = bytes;
  }

  override _read(): void {
    setImmediate(() => {
      if (this.destroyed) return;
      const end = Math.min(this.#at + SLICE_BYTES, this.#bytes.byteLength);
      this.push(this.#bytes.subarray(this.#at, end));
      this.#at = end;
      if (end >= this.#bytes.byteLength) this.push(null);
    });
  }
}
