// The CLI over the corpus file sets next to dclint (npm package `dclint`, installed for this bench
// only, into a temporary directory) on the same files. Two ways to run both:
//   per set:     one process per file set (how CI runs a linter on one project);
//   one process: everything at once (compose-review audit DIR..., dclint FILES...).
// Run: npm run build && npx tsx bench/cli.ts
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { tmpdir } from 'node:os';
import { corpusSets } from '../test/helpers/corpus.js';
import { FIXTURES } from '../test/helpers/fixtures.js';

const root = join(import.meta.dirname, '..');
const cli = join(root, 'bin', 'compose-review.js');
if (!existsSync(join(root, 'dist', 'src', 'cli', 'main.js'))) throw new Error('run npm run build first');
const dclintDir = join(tmpdir(), 'compose-review-bench-dclint');
const dclint = join(dclintDir, 'node_modules', '.bin', 'dclint');
if (!existsSync(dclint)) {
  mkdirSync(dclintDir, { recursive: true });
  execFileSync('npm', ['install', '--no-save', '--prefix', dclintDir, 'dclint@3'], { stdio: 'ignore' });
}
const version = JSON.parse(
  execFileSync(process.execPath, [
    '-e',
    `process.stdout.write(JSON.stringify(require('${join(dclintDir, 'node_modules', 'dclint', 'package.json')}').version))`,
  ]).toString(),
);

const sets = corpusSets();
const corpus = join(FIXTURES, 'corpus');
const setRoot = (id: string) => join(corpus, id.split('/')[0]);

function time(f: () => void): number {
  const t0 = performance.now();
  f();
  return performance.now() - t0;
}
const runQuiet = (cmd: string, args: string[], cwd: string) => spawnSync(cmd, args, { cwd, stdio: 'ignore' });

// per set: the set's files (-f for us, as arguments for dclint)
const oursPerSet = time(() => {
  for (const s of sets) {
    const args = [
      'audit',
      '--format',
      'json',
      '--fail-on',
      'none',
      ...s.spec.files.flatMap((f) => ['-f', f]),
      ...(s.spec.envFiles ? ['--env-file', s.spec.envFiles[0]] : []),
    ];
    runQuiet(process.execPath, [cli, ...args], setRoot(s.id));
  }
});
const dclintPerSet = time(() => {
  for (const s of sets) runQuiet(dclint, s.spec.files, setRoot(s.id));
});
// one process: every directory that holds a set's base file, and the union of the sets' files
const dirs = [...new Set(sets.map((s) => join(setRoot(s.id), dirname(s.spec.files[0]))))];
const files = [...new Set(sets.flatMap((s) => s.spec.files.map((f) => join(setRoot(s.id), f))))];
const oursOnce = time(() =>
  runQuiet(process.execPath, [cli, 'audit', '--format', 'json', '--fail-on', 'none', ...dirs], corpus),
);
const dclintOnce = time(() => runQuiet(dclint, files, corpus));

console.log(`${sets.length} file sets, ${files.length} distinct files; dclint ${version}, node ${process.version}`);
console.log(
  `per set (${sets.length} processes each):   compose-review ${(oursPerSet / 1000).toFixed(2)} s, dclint ${(dclintPerSet / 1000).toFixed(2)} s  -> ${(dclintPerSet / oursPerSet).toFixed(1)}x`,
);
console.log(
  `one process:                compose-review ${(oursOnce / 1000).toFixed(2)} s (${dirs.length} projects), dclint ${(dclintOnce / 1000).toFixed(2)} s (${files.length} files)  -> ${(dclintOnce / oursOnce).toFixed(1)}x`,
);
