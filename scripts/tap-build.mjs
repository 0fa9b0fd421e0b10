/**
 * `npm test`'s first step: builds tap's plugin set when it is not the one package.json asks for
 * (`tap.plugin`, which leaves out @tapjs/typescript: the tests run under tsx). tap's runner rebuilds
 * a stale set by itself, but only for the next run: the run that finds it stale starts every test
 * process with the loaders of the old set. After `npm ci` that is tap's published default, whose
 * TypeScript plugin preloads ts-node beside tsx in each of the 65 test processes, so the first
 * `npm test` of a fresh clone took 390 s against 242 s for the next. The check takes about 0.4 s
 * (tap's own signatures of the built and the configured set); the build about 8 s, once.
 */
import { spawnSync } from 'node:child_process';
import '@tapjs/core'; // before @tapjs/test, which would otherwise meet it half-initialised in an import cycle

const { signature } = await import('@tapjs/test');
const { TapConfig } = await import('@tapjs/config');
const config = await TapConfig.load();
if (signature !== config.pluginSignature) {
  const r = spawnSync('tap', ['build'], { stdio: 'inherit', shell: process.platform === 'win32' });
  process.exit(r.status ?? 1);
}
