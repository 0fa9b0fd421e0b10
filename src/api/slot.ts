/**
 * A worker's answer slot: a SharedArrayBuffer the worker writes its answer's bytes into, and the main
 * thread sends them from (a copy). Every ArrayBuffer that reaches the main thread, moved or copied,
 * counts there as external memory, and V8 starts a full mark-compact of the main thread's heap
 * after about 8 MB of it, long before a scavenge would free it: with the seed review's 42 KB answer
 * one every ~180 requests, 5 to 35 ms on the main thread plus ~60 ms of concurrent marking each
 * (--trace-gc-nvp under bench/cpu-per-request.ts). A slot reaches the main thread once; answers
 * larger than a slot, or finished while the last one is still being sent, are moved as before.
 *
 * The slot starts with two Int32: SLOT_OWNER, 0 while the worker may write, 1 from its answer until
 * the main thread has sent it (`Answered.written`); SLOT_KNOWN, 1 once the main thread has
 * registered the slot (the worker sends it with its answers until then).
 */
import type { WorkReply } from './worker.js';

export const ANSWER_SLOT_BYTES = 256 * 1024;
export const SLOT_OWNER = 0;
export const SLOT_KNOWN = 1;
export const SLOT_HEADER_BYTES = 8;

/** A computed answer: its bytes, to be given back with `written()` once sent (or not to be sent). */
export interface Answered extends Omit<WorkReply, 'body' | 'slot'> {
  body: Uint8Array;
  /** the bytes may be a view of the worker's answer slot: it may write the next answer there after this */
  readonly written: () => void;
}

/**
 * The workers' answer slots by thread id, registered at their first
 * answer, each with a buffer of the main thread's own that its answers are copied into (42 KB: ~3 µs)
 * to be sent: fastify sends only an ArrayBuffer's bytes, not a SharedArrayBuffer's.
 */
const slots = new Map<number, { state: Int32Array; bytes: Uint8Array; copy: Uint8Array }>();
const nothingToGiveBack = (): void => undefined;

/** The registered answer slots, and whether an answer still holds each (tests, diagnostics). */
export function answerSlots(): { worker: number; held: boolean }[] {
  return [...slots].map(([worker, slot]) => ({ worker, held: Atomics.load(slot.state, SLOT_OWNER) === 1 }));
}

/** The answer's bytes: moved with the reply, or in the worker's slot (then given back by `written`). */
export function answered(reply: WorkReply): Answered {
  const { body, slot: shared, ...rest } = reply;
  if (typeof body !== 'number') return { ...rest, body, written: nothingToGiveBack };
  let slot = slots.get(reply.worker);
  if (shared) {
    slot = {
      state: new Int32Array(shared, 0, 2),
      bytes: new Uint8Array(shared, SLOT_HEADER_BYTES),
      copy: new Uint8Array(shared.byteLength - SLOT_HEADER_BYTES),
    };
    slots.set(reply.worker, slot);
    Atomics.store(slot.state, SLOT_KNOWN, 1);
  }
  // a worker sends its slot until the main thread has set SLOT_KNOWN, so a registered slot is never missing
  if (!slot) throw new Error(`an answer in the slot of worker ${reply.worker}, which was never registered`);
  const { state, bytes, copy } = slot;
  copy.set(bytes.subarray(0, body));
  return { ...rest, body: copy.subarray(0, body), written: () => Atomics.store(state, SLOT_OWNER, 0) };
}

/** A worker has stopped: its slot goes. */
export function forgetSlot(worker: number): void {
  slots.delete(worker);
}
