import { textLine } from '../report/escape.js';
import type { LocalReads } from './io.js';
import { emptyRecord } from '../records.js';

/** What the CLI is given by its process (or a test): its output streams, environment and directory. */
export interface CliIO {
  stdout: (s: string) => void;
  stderr: (s: string) => void;
  env: Record<string, string | undefined>;
  cwd: string;
  /** standard input, read when a file option is `-` (default: the process's) */
  stdin?: NodeJS.ReadableStream;
  /** whether standard output is a terminal (colour by default); false when not given */
  isTTY?: boolean;
  /** this run's reads (src/cli/io.ts): set by `main` */
  reads?: LocalReads;
  /** set by `main` from --quiet */
  quiet?: boolean;
  /** set by `main`: colour the text format */
  color?: boolean;
}

/**
 * The exit codes (src/cli/usage.ts says what each covers), as actionlint's: 2 for a run the command
 * line or the files stop before an answer (usage, an environment that does not load), 3 for a fatal
 * error (an output that cannot be written, a bug).
 */
export const EXIT = { ok: 0, problems: 1, usage: 2, load: 2, failure: 3 } as const;

/** Printed as a warning on stderr, one line, unless --quiet. */
export function warn(io: CliIO, message: string): void {
  if (!io.quiet) io.stderr(`compose-review: warning: ${textLine(message)}\n`);
}

/** A fatal error (exit 3): what the run could not do (write an output), said on stderr. */
export class RunFailure extends Error {}

/** A usage error main.ts finds itself, before a command (and io.ts, whose UsageError the commands throw) is loaded. */
export class OptionError extends Error {}

/** The process's environment as the loader takes it: the variables that are set. */
export function processEnv(io: CliIO): Record<string, string> {
  const env = emptyRecord<string>();
  for (const [k, v] of Object.entries(io.env)) if (typeof v === 'string') env[k] = v;
  return env;
}
