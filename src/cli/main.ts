#!/usr/bin/env node
/**
 * compose-review CLI. Exit codes (actionlint's): 0 ran, nothing at the threshold; 1 problems found;
 * 2 usage or load error (a bad command line, an environment that cannot be loaded); 3 fatal (an
 * output that cannot be written, an internal error). See src/cli/usage.ts for what each covers.
 *
 * This module is the entry point and stays small: `--version` and `--help` load nothing else, a
 * command loads its own module when it runs (commands.ts, config.ts, audit.ts, review.ts), and `serve` the service's.
 */
import { fstatSync, statSync, writeSync } from 'node:fs';
import { createRequire } from 'node:module';
import { parseArgs } from 'node:util';
import { pathToFileURL } from 'node:url';
import { runnerText, textLine } from '../report/escape.js';
import { BudgetError } from '../limits.js';
import { errorCode } from '../errors.js';
import { UnanswerableError } from '../usecases/answer.js';
import { packageVersion } from '../version.js';
import { commandUsage, isCommand, USAGE } from './usage.js';
import { OPTIONS } from './options.js';
import { colorWanted } from './color.js';
import { SERVER_ENTRY } from './server-entry.js';
import { EXIT, OptionError, RunFailure, type CliIO } from './cli-io.js';

export { EXIT, type CliIO };

export async function main(argv: string[], given: CliIO): Promise<number> {
  // standard error is text only, no workflow command of ours: no line of it can make one (src/escape-runner.ts)
  const io: CliIO = { ...given, stderr: (s) => given.stderr(runnerText(s)) };
  const [command, ...rest] = argv;
  if (command === '--version' || command === '-v' || command === 'version') {
    io.stdout(`compose-review ${packageVersion()}\n`);
    return EXIT.ok;
  }
  if (!command || command === '-h' || command === '--help' || command === 'help') {
    const topic = rest[0];
    const page = command === 'help' && isCommand(topic) ? commandUsage(topic) : USAGE;
    (command ? io.stdout : io.stderr)(page);
    return command ? EXIT.ok : EXIT.usage;
  }
  if (!isCommand(command)) {
    io.stderr(`compose-review: unknown command ${textLine(JSON.stringify(command))}\n\n${USAGE}`);
    return EXIT.usage;
  }
  try {
    const { values, positionals } = parseArgs({
      args: rest,
      options: OPTIONS,
      allowPositionals: ['config', 'diff', 'review', 'audit'].includes(command),
      strict: true,
    });
    if (values.help) {
      io.stdout(commandUsage(command));
      return EXIT.ok;
    }
    if (values.color && values['no-color']) throw new OptionError('--color and --no-color contradict each other');
    if (command === 'serve') {
      if (positionals.length || Object.keys(values).length)
        throw new OptionError('serve takes no option: the service is configured by its environment (PORT, HOST, ...)');
      // the service is a module of its own, loaded only here (the CLI imports nothing of src/api/)
      const entry: unknown = await import(SERVER_ENTRY);
      if (!isServerEntry(entry)) throw new Error(`${SERVER_ENTRY} exports no serve function`);
      await entry.serve({});
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
    const error = e instanceof Error ? e : undefined;
    const usage =
      e instanceof UsageError ||
      e instanceof OptionError ||
      e instanceof BudgetError ||
      e instanceof UnanswerableError ||
      error?.name === 'ConfigError' ||
      // src/redact/secrets.ts (not imported here: every command would load it): the bundle's secret
      // values are past their budget, so nothing that may show one in clear is printed
      error?.name === 'SecretLimitError' ||
      errorCode(e)?.startsWith('ERR_PARSE_ARGS');
    if (usage || e instanceof RunFailure) {
      // the message may name a path from the disk or the command line: one line, controls escaped
      io.stderr(`compose-review: ${textLine(error?.message ?? String(e))}\n`);
      if (
        usage &&
        !(e instanceof UnanswerableError) &&
        error?.name !== 'ConfigError' &&
        error?.name !== 'SecretLimitError'
      )
        io.stderr(`(compose-review ${command} --help for its options)\n`);
      return usage ? EXIT.usage : EXIT.failure;
    }
    io.stderr(`compose-review: internal error: ${error?.stack ?? String(e)}\n`);
    return EXIT.failure;
  }
}

/** The service's module, as `serve` imports it (by a URL: the CLI imports nothing of src/api/). */
function isServerEntry(entry: unknown): entry is { serve: (options: object) => Promise<void> } {
  return typeof entry === 'object' && entry !== null && 'serve' in entry && typeof entry.serve === 'function';
}

/**
 * The CLI as a process: its streams, environment and exit code. Into a file or a pipe its output is
 * written straight to file descriptors 1 and 2, as process.stdout writes them on Linux (synchronously),
 * without building those streams, whose modules (net, stream) cost a run a few milliseconds to load; a
 * terminal gets the streams (which write the Windows console's characters). A reader that goes away
 * (`| head`) ends the process quietly the way cat or a Go tool (actionlint) ends: by SIGPIPE (status
 * 141 in a shell), not with a stack trace.
 */
export async function runProcess(argv = process.argv.slice(2)): Promise<void> {
  const stderr = writer(2, () => process.stderr);
  let code: number;
  try {
    code = await main(argv, {
      stdout: writer(1, () => process.stdout),
      stderr,
      env: process.env,
      cwd: process.cwd(),
      isTTY: isTerminal(1),
    });
  } catch (e) {
    // an output that cannot be written by what main answers before its commands (--help, --version)
    if (!(e instanceof RunFailure)) throw e;
    stderr(`compose-review: ${textLine(e.message)}\n`);
    code = EXIT.failure;
  }
  if (code >= 0) process.exitCode = code;
}

/**
 * How the CLI writes to `fd`: the stream on a terminal (process.stdout's getter builds it), else
 * writeAll. An output it cannot write (`> /dev/full`: ENOSPC, EIO) is a fatal error said on stderr
 * (exit 3), as cat says it; one on stderr itself leaves nothing to say it on: what could not be
 * said there is dropped, the run's answer (its exit status) stands.
 */
function writer(fd: number, stream: () => NodeJS.WriteStream): (s: string) => void {
  if (isTerminal(fd)) return (s) => void stream().write(s);
  return (s) => {
    try {
      writeAll(fd, s);
    } catch (e) {
      if (fd !== 1) return;
      throw new RunFailure(`cannot write the standard output: ${e instanceof Error ? e.message : String(e)}`);
    }
  };
}

/**
 * Whether `fd` is a terminal. node:tty loads net and the streams too: it is asked only about a
 * character device other than /dev/null (a file, a pipe or /dev/null is no terminal).
 */
function isTerminal(fd: number): boolean {
  try {
    const stat = fstatSync(fd);
    if (!stat.isCharacterDevice()) return false;
    if (process.platform !== 'win32' && stat.rdev === statSync('/dev/null').rdev) return false;
  } catch {
    return false;
  }
  const tty = createRequire(import.meta.url)('node:tty') as typeof import('node:tty');
  return tty.isatty(fd);
}

/** Writes all of `text` to `fd`, waiting out a full non-blocking pipe; a closed reader ends the process by SIGPIPE. */
function writeAll(fd: number, text: string): void {
  const bytes = Buffer.from(text, 'utf8');
  for (let done = 0; done < bytes.length;) {
    try {
      done += writeSync(fd, bytes, done);
    } catch (e) {
      const code = errorCode(e);
      if (code === 'EAGAIN') {
        // a pipe another process made non-blocking is full: wait a millisecond for its reader
        Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 1);
        continue;
      }
      if (code !== 'EPIPE') throw e;
      // Node ignores SIGPIPE; listening to it and letting go restores the default action, which the
      // signal then takes
      process.on('SIGPIPE', () => {});
      process.removeAllListeners('SIGPIPE');
      process.kill(process.pid, 'SIGPIPE');
    }
  }
}

// run as a script (node dist/src/cli/main.js, tsx src/cli/main.ts)
if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) void runProcess();
