/**
 * `npm test`'s first step.
 *
 * 1. Builds tap's plugin set when it is not the one package.json asks for (`tap.plugin`, which leaves
 *    out @tapjs/typescript: the tests run under test/helpers/loader.mjs). tap's runner rebuilds a
 *    stale set by itself, but only for the next run: the run that finds it stale starts every test
 *    process with the loaders of the old set. After `npm ci` that is tap's published default, whose
 *    TypeScript plugin preloads ts-node in each test process, so the first `npm test` of a fresh
 *    clone took 390 s against 242 s for the next. The check takes about 0.4 s (tap's own signatures
 *    of the built and the configured set); the build about 8 s, once.
 * 2. Bundles the pool's worker (src/api/worker.ts and the sources it imports; packages stay in
 *    node_modules) into TEST_WORKER, with the SHA-1 of every source it was built from beside it
 *    (worker.json). The tests' apps start their workers from it (tap's `test-env` names it to
 *    src/api/worker-source.mjs), while those sources are unchanged: a worker thread registering a
 *    TypeScript loader and loading the pipeline through it cost about 2.4 s of CPU (measured per
 *    file with the test loader: api.test.ts 12.5 -> 10.3 s, pool-slot.test.ts 13.7 -> 11.3 s). Built at every run (about 0.5 s): a stale bundle is never used.
 */
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { build } from 'esbuild';
import '@tapjs/core'; // before @tapjs/test, which would otherwise meet it half-initialised in an import cycle

const ROOT = join(import.meta.dirname, '..');

/** Where the worker's bundle goes (package.json `tap.test-env` names the same file). */
export const TEST_WORKER = join(ROOT, 'node_modules', '.cache', 'compose-review', 'worker.mjs');

async function bundleWorker() {
  mkdirSync(dirname(TEST_WORKER), { recursive: true });
  const partial = `${TEST_WORKER}.${process.pid}`;
  const result = await build({
    absWorkingDir: ROOT,
    entryPoints: [join(ROOT, 'src', 'api', 'worker.ts')],
    outfile: partial,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: `node${process.versions.node}`,
    packages: 'external',
    metafile: true,
    logLevel: 'warning',
  });
  const inputs = {};
  for (const file of Object.keys(result.metafile.inputs))
    inputs[file] = createHash('sha1')
      .update(readFileSync(join(ROOT, file)))
      .digest('hex');
  // the bundle first, then what it was built from: a worker reading the old list with the new
  // bundle finds a changed source and loads the sources
  renameSync(partial, TEST_WORKER);
  writeFileSync(`${partial}.json`, JSON.stringify({ inputs }));
  renameSync(`${partial}.json`, TEST_WORKER.replace(/\.mjs$/, '.json'));
}

await bundleWorker();

const { signature } = await import('@tapjs/test');
const { TapConfig } = await import('@tapjs/config');
const config = await TapConfig.load();
if (signature !== config.pluginSignature) {
  const r = spawnSync('tap', ['build'], { stdio: 'inherit', shell: process.platform === 'win32' });
  process.exit(r.status ?? 1);
}
