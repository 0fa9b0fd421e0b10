/** The built service (dist/src, `npm run build`), for the tests that run it as it ships. */
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

const ROOT = join(import.meta.dirname, '..', '..');

/** The newest modification time of the .ts files under `dir`. */
function newest(dir: string): number {
  let n = 0;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) n = Math.max(n, newest(p));
    else if (e.name.endsWith('.ts')) n = Math.max(n, statSync(p).mtimeMs);
  }
  return n;
}

/** Why dist/src cannot stand for the sources (missing, or older than one of them), if so. */
export function staleDist(): string | undefined {
  const main = join(ROOT, 'dist', 'src', 'cli', 'main.js');
  if (!existsSync(main)) return 'dist/src is missing: npm run build makes it';
  // tsc writes every output at each build
  return newest(join(ROOT, 'src')) > statSync(main).mtimeMs ? 'dist/src is older than src: npm run build' : undefined;
}
