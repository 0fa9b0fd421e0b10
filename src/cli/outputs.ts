/**
 * `--format F[=FILE]`, repeatable: one analysis, several renders of it, each to its own file, at
 * most one to standard output. Files are written through src/cli/io.ts (atomically, never to a
 * directory, device or FIFO); an input of the run (a Compose, env or policy file, whatever path
 * names it) is refused unless --force. A report file of an earlier run is replaced: reports are
 * regenerated, unlike the hardening override, which a user may have edited (its marker line).
 */
import { resolve } from 'node:path';
import { LocalReads, STDIN, UsageError, writeOutput } from './io.js';
import { colorize } from './color.js';
import { RunFailure, type CliIO } from './cli-io.js';
import { wellFormed } from '../utf8.js';
import { runnerJson, runnerMarkup, runnerText } from '../report/escape.js';

export interface Output<F extends string = string> {
  format: F;
  /** absolute path; undefined: standard output */
  file?: string;
  /** as given on the command line, for messages */
  name?: string;
}

export function parseOutputs<F extends string>(
  values: string[] | undefined,
  allowed: readonly F[],
  fallback: F,
  cwd: string,
): Output<F>[] {
  const given = values ?? [];
  if (given.length === 0) return [{ format: fallback }];
  const outputs: Output<F>[] = [];
  for (const v of given) {
    const eq = v.indexOf('=');
    const word = eq < 0 ? v : v.slice(0, eq);
    const name = eq < 0 ? undefined : v.slice(eq + 1);
    const format = allowed.find((f) => f === word);
    if (format === undefined)
      throw new UsageError(`--format must be one of ${allowed.join(', ')} (optionally =FILE), not ${word}`);
    if (name === '') throw new UsageError(`--format ${format}=: the file name is missing`);
    outputs.push(name === undefined || name === STDIN ? { format } : { format, file: resolve(cwd, name), name });
  }
  if (outputs.filter((o) => !o.file).length > 1)
    throw new UsageError(
      'only one --format can go to standard output: give the others a file (--format sarif=compose-review.sarif)',
    );
  const files = outputs.flatMap((o) => (o.file ? [o.file] : []));
  const twice = files.find((f, i) => files.indexOf(f) !== i);
  if (twice) throw new UsageError(`two --format outputs name the same file: ${twice}`);
  return outputs;
}

/** The formats written as JSON: a value that is not UTF-8 is `\ufffd` a byte in them (src/utf8.ts wellFormed). */
const JSON_FORMATS = new Set(['json', 'sarif', 'gitlab', 'rdjson']);
/** The formats a person reads, left out of standard output by --quiet when the run passes. */
const HUMAN = new Set(['text', 'markdown']);

/** The formats read as XML, in which a character reference reads back as the character. */
const XML_FORMATS = new Set(['junit', 'checkstyle']);

/**
 * `body` in `format` with no line the GitHub Actions runner would take as a workflow command
 * (src/escape-runner.ts), read back as the same document: JSON's `\u005b`, markdown's and XML's
 * character references, the text formats' `\x5b` and `\x3a`; the github format's own commands,
 * each a line that starts with `::`, are kept, its other lines are text. The formatters escape each
 * bundle string for their format; this is where a line they print is made safe to print in a job's
 * log as a whole (a file path at the start of a line, a source line, a `##[` in a message).
 */
export function runnerSafe(format: string, body: string): string {
  if (JSON_FORMATS.has(format)) return runnerJson(body);
  if (format === 'markdown' || XML_FORMATS.has(format)) return runnerMarkup(body);
  if (format === 'github')
    return body
      .split('\n')
      .map((line) => (line.startsWith('::') && !line.includes('\r') ? line : runnerText(line)))
      .join('\n');
  return runnerText(body);
}

/**
 * Writes every output: `render(format)` once each, files first, then standard output. `print` is
 * false on a quiet run that passed: a human format on standard output is left out (data formats
 * and files are written: they were asked for). The text format is coloured when `color`.
 */
export function writeOutputs<F extends string>(
  outputs: Output<F>[],
  render: (format: F) => string,
  io: CliIO,
  options: { force?: boolean; color?: boolean; print?: boolean },
): void {
  const reads = io.reads ?? new LocalReads();
  for (const o of outputs) {
    if (!o.file) continue;
    const input = reads.inputAt(o.file);
    if (input !== undefined && !options.force)
      throw new UsageError(
        `refusing to write the ${o.format} report to ${o.name}: it is an input of this run${input !== o.file ? ` (${input})` : ''}; use --force to replace it`,
      );
    const body = runnerSafe(o.format, wellFormed(render(o.format), JSON_FORMATS.has(o.format)));
    try {
      // the input check is above; force skips io.ts's marker check (a report has no marker line)
      writeOutput(o.file, body, { force: true, marker: '', reads });
    } catch (e) {
      if (e instanceof UsageError) throw e;
      throw new RunFailure(`cannot write ${o.name}: ${e instanceof Error ? e.message : String(e)}`);
    }
  }
  const out = outputs.find((o) => !o.file);
  if (!out || (options.print === false && HUMAN.has(out.format))) return;
  const body = runnerSafe(out.format, wellFormed(render(out.format), JSON_FORMATS.has(out.format)));
  io.stdout(options.color && out.format === 'text' ? colorize(body) : body);
}
