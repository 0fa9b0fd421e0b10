/**
 * A pool worker compiles the full schema validator as it starts, not inside its first invalid
 * file's deadline (src/api/worker.ts): the main thread, which imports the same module for its
 * types, does not.
 */
import t from 'tap';
import { Worker } from 'node:worker_threads';
import '../src/api/worker.js';
import { fullValidatorCompiled } from '../src/validate/validators.js';
import { TS_LOADER } from './helpers/ts-child.js';

t.test('the worker module compiles the full validator in a worker thread only', async (t) => {
  t.notOk(fullValidatorCompiled(), 'not on the main thread');
  const w = new Worker(
    `const { parentPort } = require('node:worker_threads');
     import(${JSON.stringify(TS_LOADER)}).then(() => import(${JSON.stringify(
       new URL('../src/api/worker.ts', import.meta.url).href,
     )}))
       .then(() => import(${JSON.stringify(new URL('../src/validate/validators.ts', import.meta.url).href)}))
       .then((v) => parentPort.postMessage(v.fullValidatorCompiled()), (e) => parentPort.postMessage(String(e)));`,
    { eval: true },
  );
  // worker.ts itself posts an object as it loads (its start-up, src/api/pool.ts): the answer is the boolean
  const compiled = await new Promise((resolve) => w.on('message', (m) => typeof m !== 'object' && resolve(m)));
  t.equal(compiled, true, 'compiled once the worker module has loaded, before any task');
  await w.terminate();
});
