/**
 * One worker thread for a whole test file. From the sources each worker registered tsx and loaded the
 * pipeline through it: about 2.4 s of CPU a thread, measured (a file building one app of 2 workers
 * took 7.9 s of CPU, of 1 worker 5.5 s, importing the same modules without an app 2.8 s); now it
 * loads npm test's bundle of the worker while it is fresh (src/api/worker-source.mjs), less, but a
 * thread still loads the pipeline and compiles the schema validator. The apps
 * of a process that want the same shape share their threads (src/api/pool.ts), but the threads stop
 * when the last app using them closes: a file whose subtests each build and close an app paid the
 * start-up once a subtest. An app kept open until the file ends keeps the thread for all of them.
 */
import type { Test } from 'tap';
import { buildApp } from '../../src/api/app.js';

/** The workers the tests' apps ask for (where the pool's size is not what a test checks). */
export const TEST_WORKERS = 1;

/** Keeps a pool of `TEST_WORKERS` threads, started now, until `t` (a file's root test) ends. */
export async function keepWorkers(t: Test): Promise<void> {
  const keeper = buildApp({ rateLimitPerMinute: 0, workers: TEST_WORKERS });
  t.teardown(async () => {
    // the pool's threads do not keep the process up: without a handle of its own the event loop could
    // empty while the close awaits them, and tap report the file unfinished
    const keep = setInterval(() => {}, 100);
    await keeper.close();
    clearInterval(keep);
  });
  await keeper.ready();
  keeper.work.start();
}
