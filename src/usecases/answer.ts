/**
 * What every use case returns: the finished answer to one question, plain data that survives
 * structured cloning (the API runs use cases in worker threads, where provenance, kept under
 * symbols, would be lost on the way back), so every format is rendered where the work is done.
 */
import type { Diagnostic } from '../diagnostics.js';
import { BundleError } from '../bundle/bundle.js';
import { emptyRecord } from '../records.js';
import type { BundleResult } from '../load/bundle.js';
import { maskerOf } from '../redact/secrets.js';
import type { Masker } from '../redact/mask.js';

/** What an answer counted, for the service's metrics (findings by rule and severity, budgets hit by code). */
export interface Tally {
  /** `rule severity` → number of findings */
  findings: Record<string, number>;
  /** diagnostic code of an exceeded budget (`*-limit`) → number of diagnostics */
  limits: Record<string, number>;
}

export interface Rendered {
  body: string;
  contentType: string;
}

export interface Answer<J> {
  /** the JSON answer: what the API sends and `--format json` prints */
  json: J;
  /** `json` holds bigints, integers Go prints digit for digit (compat/go-int.ts): see answerJson */
  bigints?: boolean;
  /** the answer in the format asked for, when that is not JSON */
  rendered?: Rendered;
  /** audit and review: whether the answer fails a CI job at the threshold asked for */
  failed?: boolean;
  /** audit, diff, review: environments that could not be loaded (the CLI exits 2 for them, as for a usage error) */
  unloaded?: string[];
  tally: Tally;
  /**
   * Masks this bundle's secret values (src/redact/) in text the caller renders itself from the
   * bundle (the CLI's stderr). A function: answers are used where they were computed; what crosses
   * to another thread is the task's reply (src/usecases/task.ts), never the answer.
   */
  mask?: (text: string) => string;
  /**
   * Where a text holds one of this bundle's secret values (src/redact/mask.ts Masker.spans): for the
   * source lines the caller quotes from the bundle's files (src/report/text.ts reads each file's
   * values as written, escapes and all, with it).
   */
  spans?: (text: string) => readonly number[];
}

/** The answer of a question with formats besides JSON (`F`, JSON included): every question but config. */
export interface RenderableAnswer<J, F extends string> extends Answer<J> {
  /**
   * The same answer in another of its question's formats (not JSON), rendered and masked like
   * `rendered`: one analysis, several outputs (the CLI's `--format sarif=out.sarif --format text`).
   */
  render: (format: Exclude<F, 'json'>) => Rendered;
}

/**
 * A question this bundle cannot answer: an environment it does not have, none that loads for
 * `config`, no pair to diff. A 422 problem (retrying will not help), a usage error in the CLI.
 */
export class UnanswerableError extends BundleError {
  constructor(
    detail: string,
    readonly diagnostics?: Diagnostic[],
  ) {
    super(detail, '', 422);
    this.name = 'UnanswerableError';
  }
}

/**
 * A query naming an environment the bundle does not have is the caller's mistake, not an empty
 * answer. The names it has are listed as the answers name an environment (masked, with their
 * ordinal where two mask alike: Masker.name), the name asked for masked with the secrets of the
 * whole bundle: a load narrowed to it (`only`) loads every environment when the bundle lacks it.
 */
export function requireEnvironments(result: BundleResult, ...names: (string | undefined)[]): void {
  const specs = result.specs;
  for (const name of names)
    if (name !== undefined && !Object.hasOwn(specs, name)) {
      const masker = maskerOf(result);
      const have = Object.keys(specs).map((n) => masker.name(n));
      throw new UnanswerableError(
        `no environment ${JSON.stringify(masker.text(name))} in this bundle (have: ${have.join(', ') || 'none'})`,
      );
    }
}

export function tally(
  findings: readonly { rule: string; severity: string }[],
  diagnostics: readonly Diagnostic[],
): Tally {
  const t: Tally = { findings: emptyRecord(), limits: emptyRecord() };
  for (const f of findings) {
    const k = `${f.rule} ${f.severity}`;
    t.findings[k] = (t.findings[k] ?? 0) + 1;
  }
  // a budget exceeded is a positioned `*-limit` diagnostic (yaml-alias-limit, interpolation-limit, ...)
  for (const d of diagnostics) if (d.code.endsWith('-limit')) t.limits[d.code] = (t.limits[d.code] ?? 0) + 1;
  return t;
}

/**
 * The environments of a load that have no model, named as the answers name them (masked, with their
 * ordinal where two mask alike: Masker.name): the CLI prints them (`… cannot be loaded`).
 */
export function unloadedOf(environments: Record<string, { model?: unknown }>, masker: Masker): string[] {
  return Object.keys(environments)
    .filter((n) => !environments[n].model)
    .map((n) => masker.name(n));
}

/**
 * JSON.stringify of an answer (plain data), a bigint written as its digits where JSON.stringify
 * refuses one; used only for an answer that holds one. The model's depth is bounded by the YAML
 * depth budget, so the recursion is too.
 */
export function answerJson(json: unknown): string {
  const write = (v: unknown): string | undefined => {
    if (typeof v === 'bigint') return v.toString();
    if (typeof v !== 'object' || v === null) return JSON.stringify(v);
    if (Array.isArray(v)) return `[${v.map((x) => write(x) ?? 'null').join(',')}]`;
    const parts: string[] = [];
    for (const [k, x] of Object.entries(v)) {
      const w = write(x);
      if (w !== undefined) parts.push(`${JSON.stringify(k)}:${w}`);
    }
    return `{${parts.join(',')}}`;
  };
  return write(json) ?? 'null';
}
