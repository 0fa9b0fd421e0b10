// The worker's entry when the service runs from its TypeScript sources (npm test, tsx, bench/): on
// Node 20 a worker thread inherits no TypeScript loader (tsx registers its hooks on the main thread
// only, tap's ts-node is slow to start in each thread), so the worker registers tsx itself, then
// loads worker.ts. From dist/ the pool runs worker.js directly and this file is not used.
//
// Under `npm test`, COMPOSE_REVIEW_TEST_WORKER names a bundle of worker.ts (scripts/tap-build.mjs)
// with the SHA-1 of each source it was built from (worker.json beside it): while every one is
// unchanged the worker loads the bundle instead of registering tsx in the thread and loading the
// pipeline through it (about 2.4 s of CPU a thread); a changed or missing source, or a missing
// bundle, loads the sources.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = join(fileURLToPath(import.meta.url), '..', '..', '..');

function freshBundle(bundle) {
  try {
    const { inputs } = JSON.parse(readFileSync(bundle.replace(/\.mjs$/, '.json'), 'utf8'));
    for (const [file, sha1] of Object.entries(inputs))
      if (
        createHash('sha1')
          .update(readFileSync(join(root, file)))
          .digest('hex') !== sha1
      )
        return false;
    return true;
  } catch {
    return false;
  }
}

// relative to the package's root, whatever the directory the process runs in
const bundle = process.env.COMPOSE_REVIEW_TEST_WORKER && resolve(root, process.env.COMPOSE_REVIEW_TEST_WORKER);
let work;
if (bundle && freshBundle(bundle)) ({ default: work } = await import(pathToFileURL(bundle).href));
else {
  const { register } = await import('tsx/esm/api');
  register();
  ({ default: work } = await import('./worker.ts'));
}
export default work;
