/**
 * A baseline: the findings a team has accepted, so that only new ones fail. A finding is identified
 * as SARIF identifies its result (`partialFingerprints["composeReview/v1"]`, src/report/sarif.ts):
 * a hash of its rule, its file and its model path, never its line, so editing or moving lines (a
 * service block moved up, comments added) leaves it known. A finding is **new** when no entry of the
 * baseline has its rule, file and model path.
 *
 * The hash is computed over the finding's own file and model path, not as an answer shows them:
 * two services whose names are both secret values (`DB_PASSWORD: webapp`, `API_TOKEN: worker`) show
 * alike (`services.********.privileged`), and an entry written for one accepted the other's findings.
 * Hashing a name that equals a secret value gives nothing away that the project does not: a file
 * name or a model path is made of the bundle's structure (file names, keys: a service's, a
 * variable's, a label's; list indexes), never of a value, so what the hash covers stands in
 * plain text in the Compose file beside the baseline; and a hash is no text an answer shows. The
 * entry's `file` and `path`, which people read, are masked as answers show them.
 *
 * An entry keeps only what identifies it: the fingerprint, the rule, the file, the model path
 * (masked) and the severity the finding had: never a message, a value or a line. A finding more
 * severe than the entry it matches (a `port-all-interfaces` info that became an error at the same
 * `ports[0]`) is not the finding that was accepted: it is new. An entry without a severity (a
 * baseline written before entries had one, or by hand) accepts the finding at any severity. A
 * baselined finding is not dropped: it is suppressed (`suppressed.by: "baseline"`), listed and
 * counted like the others, and no longer fails.
 */
import { createHash } from 'node:crypto';
import { BundleError } from '../bundle/bundle.js';
import type { Finding } from '../audit/types.js';
import { SEVERITY_RANK, type Severity } from '../diagnostics.js';
import { allFindings, capLists, environmentFindings, type ProjectAudit } from '../audit/project.js';
import { suppressedFinding } from '../audit/pending.js';
import { checkBaselineValue } from './shape.js';

/** The key of the SARIF partialFingerprints entry the baseline is made of. */
export const FINGERPRINT_KEY = 'composeReview/v1';
/** The first line of a baseline file: what the CLI recognises as one it wrote (and may replace). */
export const BASELINE_MARKER = '{ "compose-review": "baseline v1",';

export interface BaselineEntry {
  /** SARIF's `partialFingerprints["composeReview/v1"]` (without the `:n` occurrence suffix) */
  fingerprint: string;
  rule: string;
  file: string;
  /** the model path, e.g. `services.web.privileged` (masked as answers show it) */
  path: string;
  /** the most severe the finding was when accepted; none: accepted at any severity */
  severity?: Severity;
}

export interface Baseline {
  findings: BaselineEntry[];
}

/**
 * What a finding needs to be identified: `file` and `path` as answers show them, `fingerprint` the
 * hash of its own (identified() computes it; else it is the hash of the shown ones).
 */
export type Identified = Pick<Finding, 'file' | 'path'> & {
  rule?: string;
  code: string;
  severity?: Severity;
  fingerprint?: string;
};

/** The finding's fingerprint, as SARIF computes it (rule, file, model path; no line). */
export function fingerprintOf(f: Identified): string {
  return createHash('sha256')
    .update(`${f.rule ?? f.code}\0${f.file}\0${f.path}`)
    .digest('hex')
    .slice(0, 32);
}

/** The baseline of these findings (already masked: they come from an answer), one entry per fingerprint, sorted. */
export function createBaseline(findings: readonly Identified[]): Baseline {
  const entries = new Map<string, BaselineEntry>();
  for (const f of findings) {
    const fingerprint = f.fingerprint ?? fingerprintOf(f);
    const had = entries.get(fingerprint);
    if (!had) {
      const entry: BaselineEntry = { fingerprint, rule: f.rule ?? f.code, file: f.file, path: f.path };
      if (f.severity) entry.severity = f.severity;
      entries.set(fingerprint, entry);
      // the same finding in several environments: the entry accepts the most severe of them
    } else if (f.severity && had.severity && SEVERITY_RANK[f.severity] > SEVERITY_RANK[had.severity])
      had.severity = f.severity;
  }
  const cmp = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);
  return {
    findings: [...entries.values()].sort(
      (a, b) => cmp(a.file, b.file) || cmp(a.rule, b.rule) || cmp(a.path, b.path) || cmp(a.fingerprint, b.fingerprint),
    ),
  };
}

/** The baseline as a file: one entry a line, so that a change to it reads as the findings it adds or removes. */
export function formatBaseline(baseline: Baseline): string {
  const lines = baseline.findings.map((e) =>
    JSON.stringify({
      fingerprint: e.fingerprint,
      rule: e.rule,
      file: e.file,
      path: e.path,
      ...(e.severity ? { severity: e.severity } : {}),
    }),
  );
  return (
    `${BASELINE_MARKER}\n` +
    `  "fingerprint": ${JSON.stringify(FINGERPRINT_KEY)},\n` +
    `  "about": "findings accepted when this file was written: only findings not listed here fail (compose-review --baseline)",\n` +
    `  "findings": [${lines.length ? `\n    ${lines.join(',\n    ')}\n  ` : ''}]\n}\n`
  );
}

const FINGERPRINT = /^([0-9a-f]{32})(?::\d+)?$/;

/**
 * A baseline from JSON (a file the CLI wrote, or the API's `baseline` field). SARIF's occurrence
 * suffix (`:2`) is accepted and dropped. Anything else is refused with the pointer of the problem.
 */
export function parseBaseline(raw: unknown, pointer = '/baseline'): Baseline {
  const isObject = (v: unknown): v is Record<string, unknown> => !!v && typeof v === 'object' && !Array.isArray(v);
  if (!isObject(raw)) throw new BundleError('the baseline must be a JSON object with a "findings" list', pointer);
  if (raw.fingerprint !== undefined && raw.fingerprint !== FINGERPRINT_KEY)
    throw new BundleError(
      `the baseline was made with fingerprint ${JSON.stringify(raw.fingerprint)}; this version reads ${FINGERPRINT_KEY}`,
      `${pointer}/fingerprint`,
    );
  if (!Array.isArray(raw.findings))
    throw new BundleError('the baseline must have a "findings" list', `${pointer}/findings`);
  // the shape checkBaselineShape checks in a text, for a baseline sent parsed (the API's JSON body)
  checkBaselineValue(raw, pointer);
  const findings: BaselineEntry[] = raw.findings.map((e, i) => {
    const at = `${pointer}/findings/${i}`;
    const m = isObject(e) && typeof e.fingerprint === 'string' ? FINGERPRINT.exec(e.fingerprint) : null;
    if (!m) throw new BundleError('a baseline entry needs a "fingerprint" (32 hex digits)', `${at}/fingerprint`);
    const text = (k: string): string => (isObject(e) && typeof e[k] === 'string' ? e[k] : '');
    const entry: BaselineEntry = { fingerprint: m[1], rule: text('rule'), file: text('file'), path: text('path') };
    const severity = isObject(e) ? e.severity : undefined;
    if (severity !== undefined) {
      if (typeof severity !== 'string' || !Object.hasOwn(SEVERITY_RANK, severity))
        throw new BundleError('a baseline entry\'s "severity" is "error", "warning" or "info"', `${at}/severity`);
      entry.severity = severity as Severity;
    }
    return entry;
  });
  return { findings };
}

export interface BaselineOptions {
  baseline: Baseline;
  /** masks the bundle's secret values (src/redact/) in the entries' `file` and `path` (not in the hash) */
  mask?: (text: string) => string;
  /**
   * masks a model path as answers show it (Masker.path: a Compose field name in it is left whole);
   * default `mask`. With `mask` alone a secret equal to a field name (`restart`) gave the path
   * another fingerprint than the answers' and SARIF's, and every such finding looked new.
   */
  maskPath?: (path: string) => string;
  /**
   * the baseline's name of a file the answer names (as shown, masked): a prefix (`audit DIR...` names
   * files from the working directory), or a function (`review DIR --root R` from the project directory)
   */
  filePrefix?: string | ((file: string) => string);
  /**
   * the `findings` budget the audit's lists were capped to (default: what the capped lists tell,
   * see applyBaseline)
   */
  max?: number;
}

/**
 * A finding as a baseline identifies it: its fingerprint over its own file (prefixed) and model
 * path, and those masked as answers show them for the entry people read (see the file comment).
 */
export function identified(f: Finding, options: Omit<BaselineOptions, 'baseline'> = {}): Identified {
  const mask = options.mask ?? ((s: string) => s);
  const maskPath = options.maskPath ?? mask;
  const own = { rule: f.rule, code: f.code, file: f.file && fileOf(f.file, options.filePrefix), path: f.path };
  return {
    rule: f.rule,
    code: f.code,
    file: f.file && fileOf(mask(f.file), options.filePrefix),
    path: maskPath(f.path),
    severity: f.severity,
    fingerprint: fingerprintOf(own),
  };
}

function fileOf(file: string, prefix: BaselineOptions['filePrefix'] = ''): string {
  return typeof prefix === 'function' ? prefix(file) : prefix + file;
}

/**
 * A function telling whether a finding is in the baseline: an entry has its fingerprint, and the
 * finding is no more severe than the entry says (an entry without a severity: any).
 */
export function baselineMatcher(options: BaselineOptions): (f: Finding) => boolean {
  // each fingerprint's most severe entry; ANY: one without a severity
  const ANY = 3;
  const known = new Map<string, number>();
  for (const e of options.baseline.findings) {
    const rank = e.severity ? SEVERITY_RANK[e.severity] : ANY;
    known.set(e.fingerprint, Math.max(rank, known.get(e.fingerprint) ?? -1));
  }
  return (f) => {
    const id = identified(f, options);
    const rank = known.get(id.fingerprint ?? fingerprintOf(id));
    return rank !== undefined && SEVERITY_RANK[f.severity] <= rank;
  };
}

/**
 * What a baseline written from this audit holds, before any cap: every finding of every environment
 * (the active ones and those a baseline suppressed; not those an inline comment or the policy did),
 * identified as `baselineMatcher` identifies them.
 */
export function acceptedFindings(audit: ProjectAudit, options: Omit<BaselineOptions, 'baseline'> = {}): Identified[] {
  const all = allFindings(audit);
  const out: Identified[] = [];
  for (const f of all.findings) out.push(identified(f, options));
  for (const f of all.suppressed) if (f.suppressed?.by === 'baseline') out.push(identified(f, options));
  return out;
}

const BY_BASELINE: NonNullable<Finding['suppressed']> = { by: 'baseline', reason: 'in the baseline' };

/**
 * Suppresses, in place, every finding of the audit (and of `drift`) that the baseline knows: each
 * environment's lists (every finding, before any cap), then the answer's lists made again from them
 * and capped to the budget, so that a new finding past the cap is listed and fails (a baseline
 * judged on the capped lists never saw it), and the counts. Returns how many findings it moved.
 */
export function applyBaseline(audit: ProjectAudit, options: BaselineOptions, drift: Finding[] = []): number {
  const known = baselineMatcher(options);
  let moved = 0;
  // the budget: given, else the length of a capped list (capFindings keeps exactly the budget)
  const limits = audit.diagnostics.filter((d) => d.code === 'finding-limit');
  const max = options.max ?? (limits.length ? Math.max(audit.findings.length, audit.suppressed.length) : undefined);
  for (const e of Object.values(audit.environments)) {
    const lists = environmentFindings(e);
    const kept: Finding[] = [];
    for (const f of lists.findings)
      if (!known(f)) kept.push(f);
      else {
        lists.suppressed.push(suppressedFinding(f, BY_BASELINE));
        // the counts are every environment's, before the answer's lists were capped
        audit.counts[f.severity]--;
        audit.counts.suppressed++;
        moved++;
      }
    lists.findings = kept;
  }
  if (max === undefined) {
    // nothing was capped: the answer's lists hold every finding, split as the environments' were
    const kept: Finding[] = [];
    for (const f of audit.findings)
      if (!known(f)) kept.push(f);
      else audit.suppressed.push(suppressedFinding(f, BY_BASELINE));
    audit.findings = kept;
  } else {
    const all = allFindings(audit);
    audit.diagnostics = audit.diagnostics.filter((d) => !limits.includes(d));
    capLists(audit, all.findings, all.suppressed, max);
  }
  for (let i = 0; i < drift.length; i++)
    if (!drift[i].suppressed && known(drift[i])) {
      drift[i] = { ...drift[i], suppressed: BY_BASELINE };
      moved++;
    }
  return moved;
}
