// Runner contract (fixtures/conformance/README.md): `npm run conformance -- <dir> [--verbose]`
// prints one line per file and ends with `conformance: P passed, F failed, S skipped of N`.
import { runDirectory } from './runner.js';

const args = process.argv.slice(2);
const verbose = args.includes('--verbose') || args.includes('-v');
const dir = args.find((a) => !a.startsWith('-')) ?? 'fixtures/conformance';
const reports = await runDirectory(dir);
let p = 0,
  f = 0,
  s = 0;
for (const r of reports) {
  p += r.passed;
  f += r.failed;
  s += r.skipped;
  console.log(`${r.file}: ${r.passed} passed, ${r.failed} failed, ${r.skipped} skipped`);
  if (verbose)
    for (const { id, result } of r.results)
      if (result.status !== 'pass')
        console.log(`  ${result.status.toUpperCase()} ${id}${result.message ? `: ${result.message}` : ''}`);
}
console.log(`conformance: ${p} passed, ${f} failed, ${s} skipped of ${p + f + s}`);
process.exitCode = f > 0 ? 1 : 0;
