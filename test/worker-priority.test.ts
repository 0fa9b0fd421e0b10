/**
 * Worker threads run below the main thread's scheduling priority (src/api/worker.ts), so that the
 * event loop answering /healthz goes first when both want a core: the thread's own nice value
 * changes (Linux), the process's other threads keep theirs.
 */
import t from 'tap';
import { readFileSync } from 'node:fs';
import { Worker } from 'node:worker_threads';
import { lowerThreadPriority, workerNice } from '../src/api/worker.js';
import { TS_NODE_ARGS } from './helpers/ts-child.js';

const niceOf = (tid: number): number =>
  Number(readFileSync(`/proc/${process.pid}/task/${tid}/stat`, 'utf8').split(') ')[1].split(' ')[16]);

t.test('COMPOSE_REVIEW_WORKER_NICE: 3 by default, 0 to 19', async (t) => {
  t.equal(workerNice({}), 3);
  t.equal(workerNice({ COMPOSE_REVIEW_WORKER_NICE: '0' }), 0);
  t.equal(workerNice({ COMPOSE_REVIEW_WORKER_NICE: '40' }), 19);
  t.equal(workerNice({ COMPOSE_REVIEW_WORKER_NICE: 'x' }), 3);
  t.equal(lowerThreadPriority(0), undefined, '0 leaves the thread as it is');
});

t.test(
  'a thread is lowered alone',
  { skip: process.platform !== 'linux' && 'per-thread priority: Linux only' },
  async (t) => {
    // a thread of its own, as a pool worker is, so the test's main thread keeps its priority
    const w = new Worker(
      `const { parentPort } = require('node:worker_threads');
     const { readlinkSync } = require('node:fs');
     const tid = Number(readlinkSync('/proc/thread-self').split('/').pop());
     parentPort.postMessage(tid);
     parentPort.once('message', () => process.exit(0));`,
      { eval: true },
    );
    const tid = await new Promise<number>((resolve) => w.once('message', resolve));
    const before = niceOf(tid);
    t.equal(niceOf(process.pid), before, 'a new thread starts at the process priority');
    // the function changes the thread it runs on: run it here on the main thread of a child process
    const { execFileSync } = await import('node:child_process');
    const out = execFileSync(
      process.execPath,
      [
        ...TS_NODE_ARGS,
        '-e',
        `import('./src/api/worker.ts').then((m) => {
         const fs = require('node:fs');
         const tid = m.lowerThreadPriority(5);
         const nice = (t) => Number(fs.readFileSync('/proc/' + process.pid + '/task/' + t + '/stat', 'utf8').split(') ')[1].split(' ')[16]);
         console.log(JSON.stringify({ tid, pid: process.pid, nice: nice(tid) }));
       })`,
      ],
      { encoding: 'utf8' },
    );
    const r = JSON.parse(out.trim().split('\n').pop() as string) as { tid: number; pid: number; nice: number };
    t.equal(r.tid, r.pid, 'on a main thread the thread id is the process id');
    t.equal(r.nice, Math.min(19, before + 5), 'five steps lower');
    w.postMessage('done');
    await new Promise((r) => w.once('exit', r));
  },
);
