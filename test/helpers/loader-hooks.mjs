/**
 * The TypeScript loader of `npm test` (registered by ./loader.mjs, tap's `node-arg`): a `.js`
 * import from a `.ts` file, relative or a `file:` URL, that names a `.ts` file beside it loads that
 * file (the sources import each other as NodeNext asks, by their built names; `serve` imports the
 * service by URL, src/cli/server-entry.ts), and a `.ts` file is compiled by esbuild's
 * transform, with tsconfig.json's options, as tsx does, into a file cache keyed by the path, the
 * source and the options (node_modules/.cache/, so `npm ci` empties it). Every other module goes to
 * Node's own resolve and load.
 *
 * Why not tsx: its hooks cost every test process about 0.6 s more of CPU before the first test, and
 * loading a module through them (node_modules' too) about three times what Node's own loading
 * costs. Measured, CPU time of one process (min of 6): an empty test file 1.34 s under tsx, 0.78 s
 * here; one importing src/api/app.ts 3.2 s under tsx, 1.7 s here (1.2 s from dist/ without hooks).
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = new URL('../../', import.meta.url);
const CACHE = fileURLToPath(new URL('node_modules/.cache/compose-review/ts/', root));
mkdirSync(CACHE, { recursive: true });

const tsconfig = JSON.parse(readFileSync(new URL('tsconfig.json', root), 'utf8'));
const OPTIONS = {
  loader: 'ts',
  format: 'esm',
  target: `node${process.versions.node}`,
  // failures and stack traces name the TypeScript lines (tap runs tests with --enable-source-maps)
  sourcemap: 'inline',
  tsconfigRaw: { compilerOptions: tsconfig.compilerOptions },
};
const esbuildVersion = JSON.parse(readFileSync(new URL('node_modules/esbuild/package.json', root), 'utf8')).version;
const optionsKey = JSON.stringify([esbuildVersion, OPTIONS]);

/** esbuild, started on the first source not in the cache */
let esbuild;

export async function resolve(specifier, context, next) {
  const parent = context.parentURL;
  if (
    parent !== undefined &&
    parent.endsWith('.ts') &&
    (specifier.startsWith('.') || specifier.startsWith('file:')) &&
    specifier.endsWith('.js')
  ) {
    const url = new URL(`${specifier.slice(0, -3)}.ts`, parent);
    if (existsSync(url)) return { url: url.href, format: 'module', shortCircuit: true };
  }
  return next(specifier, context);
}

export async function load(url, context, next) {
  if (!url.startsWith('file:') || !url.endsWith('.ts')) return next(url, context);
  const file = fileURLToPath(url);
  const source = readFileSync(file, 'utf8');
  const key = createHash('sha1').update(optionsKey).update('\0').update(file).update('\0').update(source).digest('hex');
  const cached = join(CACHE, `${key}.js`);
  let code;
  try {
    code = readFileSync(cached, 'utf8');
  } catch {
    esbuild ??= await import('esbuild');
    code = esbuild.transformSync(source, { ...OPTIONS, sourcefile: file }).code;
    // written whole, then renamed: test processes running side by side read no half-written file
    const partial = `${cached}.${process.pid}`;
    writeFileSync(partial, code);
    renameSync(partial, cached);
  }
  return { format: 'module', source: code, shortCircuit: true };
}
