/**
 * How a test starts a child Node process, or a worker thread, on the TypeScript sources: with the
 * test processes' own loader (./loader.mjs: esbuild's transform, its file cache shared with them),
 * not tsx. A child under tsx cost about 0.6 s more CPU before its first line, and loading the
 * pipeline through tsx's hooks about twice what it costs through these (./loader-hooks.mjs).
 */

/** The loader as `--import` takes it (a URL: the child may run in any directory). */
export const TS_LOADER = new URL('./loader.mjs', import.meta.url).href;

/** The node arguments before a child's script: the loader, and stack traces naming TypeScript lines. */
export const TS_NODE_ARGS = ['--enable-source-maps', '--import', TS_LOADER];
