/**
 * One file per entry point, built by esbuild into dist/bundle/ (`npm run build` runs this after tsc):
 *
 * - `cli.mjs`: the CLI (src/cli/main.ts) with everything it imports, `yaml` included, so a run
 *   reads a few files instead of ~150 modules. The commands load lazily: each is a chunk of its
 *   own (`validate` never reads the audit rules); chunks shared by commands are shared files.
 *   Nothing of src/api/: `serve` imports `server.mjs` by URL (src/cli/server-entry.ts, replaced
 *   here by that path).
 * - `server.mjs`: the service (src/api/server.ts), our code bundled and its dependencies left in
 *   node_modules (fastify and its plugins read files of their own packages at run time: Swagger
 *   UI's assets, piscina's worker script).
 * - `worker.mjs`: the pool's worker (src/api/worker.ts) with what it imports, `yaml` included, which
 *   src/api/pool.ts starts when it runs from `server.mjs`: the bundled service runs bundled workers.
 *
 * The precompiled schema validator (schemas/compose-spec.validate.mjs) is bundled into the CLI and
 * the worker (see precompiledValidator).
 */
import { build, type Plugin } from 'esbuild';
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

const ROOT = join(import.meta.dirname, '..');
const OUT = join(ROOT, 'dist', 'bundle');

/** CommonJS packages bundled into ESM (yaml) call `require` for Node's modules: give them one. */
const REQUIRE_BANNER =
  "import { createRequire as __bundleRequire } from 'node:module'; const require = __bundleRequire(import.meta.url);";

/** src/cli/server-entry.ts: the service's bundle, beside the CLI's. */
const serverEntry: Plugin = {
  name: 'server-entry',
  setup(b) {
    b.onLoad({ filter: /[\\/]src[\\/]cli[\\/]server-entry\.ts$/ }, () => ({
      contents: "export const SERVER_ENTRY = new URL('./server.mjs', import.meta.url).href;",
      loader: 'ts',
    }));
  },
};

/**
 * src/validate/validators.ts imports the precompiled validator by a path it computes (it runs from src/
 * and dist/src/); in a bundle it becomes a static import, so the validator and the small part of ajv
 * it calls are bundled too, and a run starts no CommonJS loader for them. The build fails if the
 * expression it replaces is gone.
 */
const precompiledValidator: Plugin = {
  name: 'precompiled-validator',
  setup(b) {
    b.onLoad({ filter: /[\\/]src[\\/]validate[\\/]validators\.ts$/ }, (args) => {
      const source = readFileSync(args.path, 'utf8');
      const dynamic = 'await import(pathToFileURL(PRECOMPILED).href)';
      if (!source.includes(dynamic)) return { errors: [{ text: `${args.path} no longer holds ${dynamic}` }] };
      const file = JSON.stringify(join(ROOT, 'schemas', 'compose-spec.validate.mjs'));
      return { contents: source.replace(dynamic, `await import(${file})`), loader: 'ts' };
    });
  },
};

/** Fails the build when the CLI's bundle takes in src/api/ (the service belongs in its own file). */
const noApi: Plugin = {
  name: 'no-api-in-cli',
  setup(b) {
    b.onLoad({ filter: /[\\/]src[\\/]api[\\/]/ }, (args) => ({
      errors: [{ text: `the CLI bundle must not import ${args.path}: the service is loaded by URL` }],
    }));
  },
};

export async function bundle(): Promise<Record<string, number>> {
  rmSync(OUT, { recursive: true, force: true });
  const common = {
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    outdir: OUT,
    outExtension: { '.js': '.mjs' },
    banner: { js: REQUIRE_BANNER },
    legalComments: 'none',
    // less to parse at each start; the service's names are kept, so its logged stack traces stay readable
    minifyWhitespace: true,
    minifySyntax: true,
    logLevel: 'warning',
    metafile: true,
  } as const;
  const results = await Promise.all([
    build({
      ...common,
      entryPoints: { cli: join(ROOT, 'src', 'cli', 'main.ts') },
      // the CLI starts at every run (Node 20 compiles every module again each time): minified
      // identifiers make its code a fifth smaller and that compile about a third shorter; an
      // internal error's stack then names bundle positions rather than functions
      minifyIdentifiers: true,
      splitting: true,
      chunkNames: 'chunks/[name]-[hash]',
      plugins: [serverEntry, noApi, precompiledValidator],
    }),
    build({ ...common, entryPoints: { server: join(ROOT, 'src', 'api', 'server.ts') }, packages: 'external' }),
    // the worker computes the use cases only: yaml bundled in, as in the CLI
    build({
      ...common,
      entryPoints: { worker: join(ROOT, 'src', 'api', 'worker.ts') },
      // piscina marks a moved value with a symbol of its own module: the worker must use the copy
      // piscina's worker script runs, not one bundled in
      external: ['piscina'],
      plugins: [precompiledValidator],
    }),
  ]);
  const sizes: Record<string, number> = {};
  for (const r of results)
    for (const [file, o] of Object.entries(r.metafile.outputs)) sizes[file.replace(/^.*dist\/bundle\//, '')] = o.bytes;
  return sizes;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const sizes = await bundle();
  const kb = (n: number) => `${Math.round(n / 1024)} kB`;
  const chunks = Object.entries(sizes).filter(([f]) => f.startsWith('chunks/'));
  console.log(
    `bundles built into dist/bundle: cli.mjs ${kb(sizes['cli.mjs'])} + ${chunks.length} chunks ${kb(chunks.reduce((n, [, b]) => n + b, 0))}, server.mjs ${kb(sizes['server.mjs'])}, worker.mjs ${kb(sizes['worker.mjs'])}`,
  );
}
