#!/usr/bin/env node
/**
 * compose-review CLI. Exit codes (actionlint's): 0 ran, nothing at the threshold; 1 problems found;
 * 2 usage or load error (a bad command line, an environment that cannot be loaded); 3 fatal (an
 * output that cannot be written, an internal error). See src/cli/usage.ts for what each covers.
 *
 * This module is the entry point and stays small: `--version` and `--help` load nothing else, a
 * command loads its own module when it runs (commands.ts, review.ts), and `serve` the service's.
 */
import { parseArgs } from 'node:util';
import { pathToFileURL } from 'node:url';
import { textLine } from '../report/escape.js';
import { BudgetError } from '../limits.js';
import { UnanswerableError } from '../usecases/answer.js';
import { packageVersion } from './version.js';
import { COMMANDS, commandUsage, USAGE, type Command } from './usage.js';
import { colorWanted } from './color.js';
import { SERVER_ENTRY } from './server-entry.js';
import { EXIT, OptionError, RunFailure, type CliIO } from './cli-io.js';

export { EXIT, type CliIO };

const COMMON = {
  file: { type: 'string', short: 'f', multiple: true },
  'env-file': { type: 'string', multiple: true },
  profile: { type: 'string', multiple: true },
  'project-name': { type: 'string', short: 'p' },
  format: { type: 'string', multiple: true },
  'no-interpolate': { type: 'boolean' },
  'all-resources': { type: 'boolean' },
  services: { type: 'boolean' },
  variables: { type: 'boolean' },
  provenance: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
  env: { type: 'string' },
  'fail-on': { type: 'string' },
  policy: { type: 'string' },
  'fix-override': { type: 'boolean' },
  output: { type: 'string', short: 'o' },
  from: { type: 'string' },
  to: { type: 'string' },
  'base-dir': { type: 'string' },
  'no-redact': { type: 'boolean' },
  role: { type: 'string' },
  budget: { type: 'string', multiple: true },
  force: { type: 'boolean' },
  quiet: { type: 'boolean', short: 'q' },
  color: { type: 'boolean' },
  'no-color': { type: 'boolean' },
  baseline: { type: 'string' },
  'write-baseline': { type: 'string' },
} as const;

export async function main(argv: string[], io: CliIO): Promise<number> {
  const [command, ...rest] = argv;
  if (command === '--version' || command === '-v' || command === 'version') {
    io.stdout(`compose-review ${packageVersion()}\n`);
    return EXIT.ok;
  }
  if (!command || command === '-h' || command === '--help' || command === 'help') {
    const page = command === 'help' && COMMANDS.includes(rest[0] as Command) ? commandUsage(rest[0] as Command) : USAGE;
    (command ? io.stdout : io.stderr)(page);
    return command ? EXIT.ok : EXIT.usage;
  }
  if (!COMMANDS.includes(command as Command)) {
    io.stderr(`compose-review: unknown command ${textLine(JSON.stringify(command))}\n\n${USAGE}`);
    return EXIT.usage;
  }
  try {
    const { values, positionals } = parseArgs({
      args: rest,
      options: COMMON,
      allowPositionals: ['config', 'diff', 'review', 'audit'].includes(command),
      strict: true,
    });
    if (values.help) {
      io.stdout(commandUsage(command as Command));
      return EXIT.ok;
    }
    if (values.color && values['no-color']) throw new OptionError('--color and --no-color contradict each other');
    if (command === 'serve') {
      if (positionals.length || Object.keys(values).length)
        throw new OptionError('serve takes no option: the service is configured by its environment (PORT, HOST, ...)');
      // the service is a module of its own, loaded only here (the CLI imports nothing of src/api/)
      const { serve } = (await import(SERVER_ENTRY)) as { serve: (o: object) => Promise<void> };
      await serve({});
      return -1; // keeps running
    }
    const cli: CliIO = {
      ...io,
      quiet: values.quiet === true,
      color: colorWanted({ color: values.color, noColor: values['no-color'] }, io.env, io.isTTY === true),
    };
    const { runCommand } = await import('./commands.js');
    return await runCommand(command, values, positionals, cli);
  } catch (e) {
    // io.ts (UsageError) is loaded by every command; an error before one ran loads it here
    const { UsageError } = await import('./io.js');
    const usage =
      e instanceof UsageError ||
      e instanceof OptionError ||
      e instanceof BudgetError ||
      e instanceof UnanswerableError ||
      (e as Error).name === 'ConfigError' ||
      (e as { code?: string }).code?.startsWith('ERR_PARSE_ARGS');
    if (usage || e instanceof RunFailure) {
      // the message may name a path from the disk or the command line: one line, controls escaped
      io.stderr(`compose-review: ${textLine((e as Error).message)}\n`);
      if (usage && !(e instanceof UnanswerableError) && (e as Error).name !== 'ConfigError')
        io.stderr(`(compose-review ${command} --help for its options)\n`);
      return usage ? EXIT.usage : EXIT.failure;
    }
    io.stderr(`compose-review: internal error: ${(e as Error)?.stack ?? String(e)}\n`);
    return EXIT.failure;
  }
}

/**
 * The CLI as a process: its streams, environment and exit code. A reader that goes away (`| head`)
 * ends the process quietly the way cat or a Go tool (actionlint) ends: by SIGPIPE (status 141 in a
 * shell), not with a stack trace. Node ignores SIGPIPE; listening to it and letting go restores the
 * default action, which the signal then takes.
 */
export async function runProcess(argv = process.argv.slice(2)): Promise<void> {
  const onError = (e: NodeJS.ErrnoException) => {
    if (e.code !== 'EPIPE') throw e;
    process.on('SIGPIPE', () => {});
    process.removeAllListeners('SIGPIPE');
    process.kill(process.pid, 'SIGPIPE');
  };
  process.stdout.on('error', onError);
  process.stderr.on('error', onError);
  const code = await main(argv, {
    stdout: (s) => void process.stdout.write(s),
    stderr: (s) => void process.stderr.write(s),
    env: process.env,
    cwd: process.cwd(),
    isTTY: process.stdout.isTTY === true,
  });
  if (code >= 0) process.exitCode = code;
}

// run as a script (node dist/src/cli/main.js, tsx src/cli/main.ts, node dist/bundle/cli.mjs)
if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) void runProcess();
