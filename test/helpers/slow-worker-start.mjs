// Preloaded (`node --import`) into the service and so into its worker threads (which inherit the
// process's execArgv): each worker thread computes for SLOW_WORKER_START_MS before the pool's worker
// module loads, as a worker does on a loaded host. The main thread is left alone.
import { isMainThread } from 'node:worker_threads';

const ms = Number(process.env.SLOW_WORKER_START_MS ?? 0);
if (!isMainThread && ms > 0) {
  const end = Date.now() + ms;
  while (Date.now() < end);
}
