/**
 * One file per entry point, built by esbuild into dist/bundle/ (`npm run build` runs this after tsc):
 *
 * - `cli.mjs`, the executable's entry, is small: it compiles the CLI's code, `chunks/cli-<hash>.cjs`
 *   (src/cli/main.ts with everything it imports, `yaml` and the precompiled schema validator
 *   included), through V8's code cache (src/cli/code-cache.ts), so a run neither reads ~150 modules
 *   nor, from its second run on, compiles them. That code is one CommonJS script because Node 20
 *   caches no compiled ES module (and `vm.Script` takes V8's cache): the commands load lazily inside
 *   it (esbuild runs a module imported by `import()` only when it is imported), and the V8 cache of a
 *   command holds only what it ran. Its name holds its content's hash, which names its caches.
 *   Nothing of src/api/: `serve` imports `server.mjs` by URL (src/cli/server-entry.ts, replaced here
 *   by that path).
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
import { basename, join } from 'node:path';
import { pathToFileURL } from 'node:url';

const ROOT = join(import.meta.dirname, '..');
const OUT = join(ROOT, 'dist', 'bundle');

/** CommonJS packages bundled into ESM (yaml) call `require` for Node's modules: give them one. */
const REQUIRE_BANNER =
  "import { createRequire as __bundleRequire } from 'node:module'; const require = __bundleRequire(import.meta.url);";

/** src/cli/server-entry.ts: the service's bundle, beside cli.mjs (the CLI's code is in chunks/). */
const serverEntry: Plugin = {
  name: 'server-entry',
  setup(b) {
    b.onLoad({ filter: /[\\/]src[\\/]cli[\\/]server-entry\.ts$/ }, () => ({
      contents: "export const SERVER_ENTRY = new URL('../server.mjs', import.meta.url).href;",
      loader: 'ts',
    }));
  },
};

/**
 * src/validate/validators.ts imports the precompiled validator by a path it computes (it runs from src/
 * and dist/src/); in a bundle it becomes a static import, so the validator and the small part of ajv
 * it calls are bundled too, and a run starts no CommonJS loader for them (and the CLI's CommonJS
 * script has no top-level await). The build fails if the expression it replaces is gone.
 */
const precompiledValidator: Plugin = {
  name: 'precompiled-validator',
  setup(b) {
    b.onLoad({ filter: /[\\/]src[\\/]validate[\\/]validators\.ts$/ }, (args) => {
      const source = readFileSync(args.path, 'utf8');
      const dynamic = 'await import(pathToFileURL(PRECOMPILED).href)';
      if (!source.includes(dynamic)) return { errors: [{ text: `${args.path} no longer holds ${dynamic}` }] };
      const file = JSON.stringify(join(ROOT, 'schemas', 'compose-spec.validate.mjs'));
      return {
        contents: `import * as precompiledModule from ${file};\n${source.replace(dynamic, 'precompiledModule')}`,
        loader: 'ts',
      };
    });
  },
};

/** What import.meta.url is in an ES module, injected into the CLI's CommonJS script: its file's URL. */
const BUNDLE_URL = 'bundle-url';
const bundleUrl: Plugin = {
  name: 'bundle-url',
  setup(b) {
    b.onResolve({ filter: /^bundle-url$/ }, () => ({ path: BUNDLE_URL, namespace: 'bundle-url' }));
    b.onLoad({ filter: /.*/, namespace: 'bundle-url' }, () => ({
      contents: "export const bundleUrl = require('node:url').pathToFileURL(__filename).href;",
      loader: 'js',
    }));
  },
};

/**
 * node:crypto takes about 10 ms to load, more than any other module of a run, and the CLI needs it only
 * for fingerprints (SARIF, GitLab, baselines: createHash), which most runs never compute. In the CLI's
 * bundle it is loaded when first called; the build fails when a module imports another name from it.
 */
const lazyCrypto: Plugin = {
  name: 'lazy-crypto',
  setup(b) {
    b.onResolve({ filter: /^(node:)?crypto$/ }, (args) =>
      // the module below requires the real one
      args.namespace === 'lazy-crypto'
        ? { path: 'node:crypto', external: true }
        : { path: 'node:crypto', namespace: 'lazy-crypto' },
    );
    b.onLoad({ filter: /.*/, namespace: 'lazy-crypto' }, () => ({
      contents: [
        'let crypto;',
        "export const createHash = (...args) => (crypto ??= require('node:crypto')).createHash(...args);",
      ].join('\n'),
      loader: 'js',
    }));
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

const ESM_OUT = { outdir: OUT, outExtension: { '.js': '.mjs' } };

export async function bundle(): Promise<Record<string, number>> {
  rmSync(OUT, { recursive: true, force: true });
  const common = {
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    banner: { js: REQUIRE_BANNER },
    legalComments: 'none',
    // less to parse at each start; the service's names are kept, so its logged stack traces stay readable
    minifyWhitespace: true,
    minifySyntax: true,
    logLevel: 'warning',
    metafile: true,
  } as const;
  // the CLI starts at every run: minified identifiers make its code a fifth smaller and its compile
  // (a first run's, or every run's where no cache can be kept) about a third shorter; an internal
  // error's stack then names bundle positions rather than functions (BUNDLE_NAMES=1 keeps the names,
  // for a CPU profile)
  const cliCode = async () => {
    const code = await build({
      ...common,
      format: 'cjs',
      entryPoints: { cli: join(ROOT, 'src', 'cli', 'main.ts') },
      outdir: join(OUT, 'chunks'),
      entryNames: '[name]-[hash]',
      outExtension: { '.js': '.cjs' },
      // a CommonJS script has no import.meta: the modules that find their package from their own
      // place (version.ts, validators.ts) and server-entry.ts read the script's URL (esbuild's way:
      // an injected module, so the script's "use strict" stays its first statement)
      define: { 'import.meta.url': 'bundleUrl' },
      inject: [BUNDLE_URL],
      banner: {},
      minifyIdentifiers: process.env.BUNDLE_NAMES !== '1',
      plugins: [bundleUrl, serverEntry, noApi, precompiledValidator, lazyCrypto],
    });
    const [file] = Object.keys(code.metafile.outputs);
    // CommonJS too, as the executable (bin/package.json): a run starts no ES module loader
    const entry = await build({
      ...common,
      format: 'cjs',
      stdin: {
        contents: [
          `const { join } = require('node:path');`,
          `const { runBundle } = require(${JSON.stringify(join(ROOT, 'src', 'cli', 'code-cache.ts'))});`,
          `const bundle = join(__dirname, 'chunks', ${JSON.stringify(basename(file))});`,
          `exports.runProcess = (argv = process.argv.slice(2)) => runBundle(bundle, argv);`,
        ].join('\n'),
        resolveDir: ROOT,
        sourcefile: 'cli.cjs',
        loader: 'js',
      },
      outfile: join(OUT, 'cli.cjs'),
      banner: {},
      plugins: [noApi],
    });
    return [code, entry];
  };
  const results = await Promise.all([
    cliCode(),
    build({
      ...common,
      entryPoints: { server: join(ROOT, 'src', 'api', 'server.ts') },
      ...ESM_OUT,
      packages: 'external',
    }),
    // the worker computes the use cases only: yaml bundled in, as in the CLI
    build({
      ...common,
      entryPoints: { worker: join(ROOT, 'src', 'api', 'worker.ts') },
      // piscina marks a moved value with a symbol of its own module: the worker must use the copy
      // piscina's worker script runs, not one bundled in
      external: ['piscina'],
      ...ESM_OUT,
      plugins: [precompiledValidator],
    }),
  ]).then((r) => r.flat());
  const sizes: Record<string, number> = {};
  for (const r of results)
    for (const [file, o] of Object.entries(r.metafile.outputs)) sizes[file.replace(/^.*dist\/bundle\//, '')] = o.bytes;
  return sizes;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const sizes = await bundle();
  const kb = (n: number) => `${Math.round(n / 1024)} kB`;
  const code = Object.entries(sizes).filter(([f]) => f.startsWith('chunks/'));
  console.log(
    `bundles built into dist/bundle: cli.cjs ${kb(sizes['cli.cjs'])} + ${code.map(([f, b]) => `${f} ${kb(b)}`).join(', ')}, server.mjs ${kb(sizes['server.mjs'])}, worker.mjs ${kb(sizes['worker.mjs'])}`,
  );
}
