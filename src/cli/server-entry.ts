/**
 * Where `compose-review serve` finds the service: a URL, imported when that command runs, so that
 * the CLI imports nothing of src/api/ (the CLI's bundle holds no HTTP code; the service's bundle is
 * its own file). From the sources and from dist/src: src/api/server; the bundle build
 * (scripts/bundle.ts) replaces this module with the path of the service's bundle beside the CLI's.
 */
export const SERVER_ENTRY = new URL('../api/server.js', import.meta.url).href;
