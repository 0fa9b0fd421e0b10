#!/usr/bin/env -S node --
import { main } from '../dist/src/cli/main.js';

main(process.argv.slice(2), { stdout: (s) => process.stdout.write(s), stderr: (s) => process.stderr.write(s), env: process.env, cwd: process.cwd() }).then(
  (code) => {
    if (code >= 0) process.exitCode = code;
  },
  (e) => {
    process.stderr.write(`compose-review: internal error: ${e && e.stack ? e.stack : e}\n`);
    process.exitCode = 2;
  },
);
