/**
 * The CLI's `--baseline FILE` (findings it knows are suppressed and fail nothing) and
 * `--write-baseline FILE` (the file of every current finding, src/baseline/). The file is read like
 * every other input (src/cli/io.ts) and written atomically; a file the CLI did not write (its first
 * line is not the baseline marker) is not replaced without --force.
 */
import { resolve } from 'node:path';
import {
  BASELINE_MARKER,
  createBaseline,
  formatBaseline,
  parseBaseline,
  type Baseline,
  type Identified,
} from '../baseline/baseline.js';
import { BundleError } from '../bundle/bundle.js';
import { checkBaselineShape } from '../baseline/shape.js';
import { textLine } from '../report/escape.js';
import { UsageError } from './files.js';
import { LocalReads, MAX_BASELINE_BYTES, readOptionFile, STDIN, writeOutput } from './io.js';
import type { CliIO } from './main.js';
import type { CliValues } from './options.js';

/** `--baseline FILE`, read and checked; undefined without the option. */
export function readBaseline(values: CliValues, io: CliIO): Baseline | undefined {
  const file = values.baseline;
  if (file === undefined) return undefined;
  const text = readOptionFile(
    file,
    io.cwd,
    io.reads ?? new LocalReads(),
    () => `cannot read the baseline ${file}: write one with --write-baseline ${file}`,
    MAX_BASELINE_BYTES,
  );
  try {
    // its shape first: what JSON.parse builds of a hostile file of this size is gigabytes
    checkBaselineShape(text);
    return parseBaseline(JSON.parse(text), '');
  } catch (e) {
    const why = e instanceof BundleError ? `${e.message}${e.pointer ? ` (at ${e.pointer})` : ''}` : 'not JSON';
    throw new UsageError(`${file} is not a compose-review baseline: ${why}`);
  }
}

/** `--write-baseline FILE`: writes the baseline of these findings (every one, identified as answers show them). */
export function writeBaseline(values: CliValues, io: CliIO, findings: readonly Identified[]): void {
  const file = values['write-baseline'];
  if (file === undefined) return;
  if (file === STDIN) throw new UsageError('--write-baseline needs a file name');
  const entries = createBaseline(findings);
  writeOutput(resolve(io.cwd, file), formatBaseline(entries), {
    force: values.force === true,
    marker: BASELINE_MARKER,
    reads: io.reads ?? new LocalReads(),
  });
  if (!io.quiet) io.stderr(`compose-review: wrote ${textLine(file)}: ${entries.findings.length} accepted finding(s)\n`);
}

/**
 * After a run with --baseline: how many findings it knew, how many are new, every finding counted
 * (the answer lists at most the `findings` budget: its `finding-limit` says how many more there are).
 */
export function baselineNote(values: CliValues, io: CliIO, counts: { known: number; fresh: number }): void {
  const file = values.baseline;
  if (file === undefined) return;
  if (!io.quiet)
    io.stderr(`compose-review: ${counts.known} finding(s) in the baseline ${textLine(file)}, ${counts.fresh} new\n`);
}
