// Injected by scripts/bundle.ts into the CLI's CommonJS bundle (never run on its own): there, what
// import.meta.url is in an ES module, the bundle file's URL (`require` and `__filename` are the bundle's).
export const bundleUrl = require('node:url').pathToFileURL(__filename).href;
