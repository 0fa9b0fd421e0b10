// The pool's worker entry from the sources (src/api/worker-source.mjs): under `npm test` it loads the
// bundle scripts/tap-build.mjs made (COMPOSE_REVIEW_TEST_WORKER) only while every source the bundle
// lists is unchanged; a changed one, or no list, loads worker.ts through tsx, as outside the tests.
import t from 'tap';
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { tempDir } from './helpers/temp.js';

const ROOT = join(import.meta.dirname, '..');
const ENTRY = new URL('../src/api/worker-source.mjs', import.meta.url).href;
const SOURCE = 'src/records.ts';
const sha1 = (file: string) =>
  createHash('sha1')
    .update(readFileSync(join(ROOT, file)))
    .digest('hex');

/** The name of the task function worker-source.mjs exports, in a worker thread given `bundle`. */
async function loadedWork(bundle: string | undefined): Promise<string> {
  const env = { ...process.env };
  delete env.COMPOSE_REVIEW_TEST_WORKER;
  if (bundle !== undefined) env.COMPOSE_REVIEW_TEST_WORKER = bundle;
  const w = new Worker(
    `import(${JSON.stringify(ENTRY)}).then((m) => require('node:worker_threads').parentPort.postMessage(m.default.name),
       (e) => require('node:worker_threads').parentPort.postMessage(String(e)));`,
    { eval: true, env, execArgv: [] },
  );
  try {
    // worker.ts itself posts a message as it loads (its start-up, src/api/pool.ts): the name is the string
    return await new Promise((resolve) => w.on('message', (m) => typeof m === 'string' && resolve(m)));
  } finally {
    await w.terminate();
  }
}

/** A stand-in bundle whose task function is named `fromTheBundle`, listing `SOURCE` with `hash`. */
function bundleListing(hash: string | undefined): string {
  const dir = tempDir('cr-worker-source-');
  writeFileSync(join(dir, 'worker.mjs'), 'export default function fromTheBundle() {}\n');
  if (hash !== undefined) writeFileSync(join(dir, 'worker.json'), JSON.stringify({ inputs: { [SOURCE]: hash } }));
  return join(dir, 'worker.mjs');
}

t.test('the bundle while the sources it lists are unchanged', async (t) => {
  t.equal(await loadedWork(bundleListing(sha1(SOURCE))), 'fromTheBundle');
});

t.test('a changed source, a bundle without its list, or none: worker.ts from the sources', async (t) => {
  t.equal(await loadedWork(bundleListing('0'.repeat(40))), 'work', 'a changed source');
  t.equal(await loadedWork(bundleListing(undefined)), 'work', 'no list');
  t.equal(await loadedWork(undefined), 'work', 'no bundle named');
});
