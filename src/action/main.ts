/**
 * The GitHub Action's entry point (action.yml: `node <action>/dist/src/action/main.js`). The CLI it
 * runs is `COMPOSE_REVIEW_CLI` (action.yml sets it to the action's own `bin/compose-review.js`),
 * started with this Node. Inputs and context come from the environment (src/action/context.ts);
 * the outcome is in the step's outputs, and the step itself succeeds unless the action is misused.
 */
import { pathToFileURL } from 'node:url';
import { exec } from './git.js';
import { InputError } from './context.js';
import { runAction, type CliRunner } from './run.js';
import { runnerText } from '../report/escape.js';

export function spawnCli(cli: string): CliRunner {
  return async (args, { cwd, env }) => {
    const r = await exec(process.execPath, ['--', cli, ...args], { cwd, env });
    return { code: r.code, stdout: r.stdout.toString('utf8'), stderr: r.stderr };
  };
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const cli = process.env.COMPOSE_REVIEW_CLI;
  if (!cli) {
    process.stderr.write('compose-review action: COMPOSE_REVIEW_CLI (the CLI to run) is not set\n');
    process.exit(2);
  }
  runAction(process.env, {
    cli: spawnCli(cli),
    stdout: (s) => process.stdout.write(s),
    stderr: (s) => process.stderr.write(s),
  }).then(
    (r) => process.stderr.write(`compose-review: ${r.outputs.verdict} (exit code ${r.exitCode})\n`),
    (e) => {
      process.stderr.write(
        runnerText(
          `compose-review action: ${e instanceof InputError ? e.message : ((e instanceof Error ? e.stack : undefined) ?? String(e))}\n`,
        ),
      );
      process.exitCode = 2;
    },
  );
}
