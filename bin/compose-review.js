#!/usr/bin/env -S node --
// The executable. Node 22+ keeps the compiled code of what it loads in its compile cache (in the
// system's temporary directory; NODE_DISABLE_COMPILE_CACHE=1 turns it off), so later runs start
// faster; Node 20 has no such cache and this does nothing. `node --`: Node 20 would otherwise read
// the CLI's own `--env-file` argument as its option.
import module from 'node:module';

try {
  module.enableCompileCache?.();
} catch {
  // a cache that cannot be written (a read-only file system) only costs speed
}
const { runProcess } = await import('../dist/bundle/cli.mjs');
await runProcess();
