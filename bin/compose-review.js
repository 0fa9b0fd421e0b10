#!/usr/bin/env -S node --
// The executable, CommonJS (bin/package.json) like what it loads, so a run starts no ES module loader:
// dist/bundle/cli.cjs compiles the CLI's code through V8's code cache, kept in the user's cache
// directory (src/cli/code-cache.ts; NODE_DISABLE_COMPILE_CACHE=1 turns it off), so the runs after the
// first start faster on every Node version. `node --`: Node 20 would otherwise read the CLI's own
// `--env-file` argument as its option (it reads `--env-file` anywhere in its arguments, before any
// script runs: a FIFO hangs it, a missing file exits 9, and nothing here can undo that), so run this
// file as `node -- bin/compose-review.js` when not through the shebang (test/bin-node-args.test.ts).
'use strict';
require('../dist/bundle/cli.cjs').runProcess();
