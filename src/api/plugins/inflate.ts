/** gzip bodies inflated on the main thread, counted against the body memory budget as they come. */
import { createGunzip } from 'node:zlib';

/** The inflated data passed the limit given. */
export class TooLarge extends Error {}

/**
 * gunzip, in pieces, stopping past `max` bytes, each piece of output counted by `hold` as it comes (the body
 * memory budget, src/api/plugins/intake.ts, which throws when they no longer fit): ten gzip bombs at
 * once hold the budget, not ten times their inflated size.
 */
export function inflate(body: Buffer, max: number, hold: (n: number) => void): Promise<Buffer[]> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    // output in pieces of 1 MiB, not zlib's 16 KiB: a 16 MiB archive is 16 callbacks on the event loop
    // and 16 buffers for the collector, where a thousand of each cost it about 20 ms an upload
    const gunzip = createGunzip({ chunkSize: 1 << 20 });
    gunzip.on('data', (chunk: Buffer) => {
      size += chunk.length;
      try {
        if (size > max) throw new TooLarge();
        hold(chunk.length);
      } catch (e) {
        gunzip.destroy(e as Error);
        return;
      }
      chunks.push(chunk);
    });
    gunzip.on('error', reject);
    gunzip.on('end', () => resolve(chunks));
    gunzip.end(body);
  });
}
