/**
 * Drift risks: what the comparison of a development and a production environment reveals that
 * neither model shows alone. The single-environment judgements are the audit's own: drift reads the
 * findings the audit runner gives for the production model with the development one beside it, and
 * adds the other side: each finding sits at the production location and carries the development
 * location in `related`.
 */
import type { Location, Severity } from '../diagnostics.js';
import { diagnostic, formatPath, parsePath, sortDiagnostics } from '../diagnostics.js';
import type { LoadedEnvironment } from '../load/bundle.js';
import { locate } from '../yaml/located.js';
import type { AuditContext, Finding } from '../audit/types.js';
import { services } from '../audit/model.js';
import { addOwnIds, bundleText, own } from '../audit/vocabulary.js';
import { auditModel } from '../audit/run.js';
import { registry, type RuleId } from '../audit/rules/index.js';
import { debugSetting, hasHealthcheck, hasRestartPolicy } from '../audit/settings.js';
import { counterpart, diffModels, childPath, type EnvironmentDiff } from './diff.js';
import { deepEqual } from './rules.js';

export interface DriftFinding extends Finding {
  /** where development sets the compared value (absent when it does not) */
  development?: Location;
  /** every other place the finding involves: the development location first, then production ones */
  related: Location[];
}

export interface DriftRuleMeta {
  id: string;
  severity: Severity;
  title: string;
  /** the audit rule whose findings or predicate it applies, if any */
  audit?: RuleId;
  fix: string;
}

const meta = (id: string, severity: Severity, title: string, fix: string, audit?: RuleId): DriftRuleMeta => ({
  id,
  severity,
  title,
  fix,
  ...(audit && { audit }),
});

/** A drift rule that reads an audit rule's findings, and takes its fix hint. */
const reading = (id: string, severity: Severity, title: string, audit: RuleId): DriftRuleMeta & { audit: RuleId } => ({
  ...meta(id, severity, title, registry[audit].meta.fix),
  audit,
});

/** Development-only settings: they fire when production has them. */
const LEAKS = [
  reading('drift-source-mount', 'warning', 'Source bind mount reaches production', 'source-bind-mount-in-production'),
  reading('drift-debug-setting', 'warning', 'Debug variable reaches production', 'debug-in-production'),
  reading('drift-dev-command', 'warning', 'Development command reaches production', 'dev-command-in-production'),
  reading('drift-debug-port', 'warning', 'Debugger port reaches production', 'debug-port-published'),
] as const;
const HEALTHCHECK = meta(
  'drift-healthcheck-removed',
  'warning',
  'Healthcheck in development, none in production',
  'keep the healthcheck in production; do not `!reset` it in the production override',
  'healthcheck-missing',
);
const RESTART = meta(
  'drift-restart-policy-removed',
  'warning',
  'Restart policy in development, none in production',
  'set `restart: unless-stopped` (or `deploy.restart_policy`) in production too',
);
// info: a variable only development needs (a file watcher's polling flag) is the override's very purpose
const ENVIRONMENT = meta(
  'drift-environment-missing',
  'info',
  'Variable set in development, missing in production',
  'set the variable in production, or confirm only development needs it',
);
const IMAGE = reading(
  'drift-image-differs',
  'info',
  'Different image in development and production',
  'image-differs-between-environments',
);
const CONTAINER_NAME = reading(
  'drift-container-name-with-replicas',
  'error',
  'container_name with replicas in production',
  'container-name-with-replicas',
);

export const DRIFT_RULES: readonly DriftRuleMeta[] = [
  ...LEAKS,
  HEALTHCHECK,
  RESTART,
  ENVIRONMENT,
  IMAGE,
  CONTAINER_NAME,
];
// our identifiers, as the audit's rule ids are: a secret equal to one does not mask it (src/redact/mask.ts)
/** The id drift reports a rule that crashed under (the audit's `audit-rule-crashed`). */
const CRASHED: DriftRuleMeta = { id: 'drift-rule-crashed', severity: 'warning', title: '', fix: '' };

/** Every id a drift risk has: ours wherever an answer writes one (src/redact/codes.ts addOwnCodes, src/report/sarif.ts). */
export const DRIFT_IDS: readonly string[] = [...DRIFT_RULES.map((r) => r.id), CRASHED.id];
addOwnIds(DRIFT_IDS);

/** The audit rules whose findings drift reads. */
const READS: readonly RuleId[] = [...LEAKS, IMAGE, CONTAINER_NAME].map((m) => m.audit);

// the bundle's names in drift's words (a file, a variable): a secret in one is masked whatever words of ours it holds
const at = (l: Location | undefined): string => (l ? `${bundleText(l.file)}:${l.line}` : '?');

export interface DriftOptions {
  /** the diff of the same pair (development -> production), when already computed */
  diff?: EnvironmentDiff;
  /**
   * the audit runner's findings, active and suppressed, for `production` audited with `development`
   * beside it; drift reads those of the rules it names in `audit`. When absent, drift asks the runner
   * for those few rules alone, without policy or project directory.
   */
  findings?: readonly Finding[];
  /**
   * an environment's name as the messages write it (default: as it is): the masker's `name`
   * (src/redact/mask.ts), which shows two names that mask alike apart by their ordinal
   */
  label?: (name: string) => string;
}

/** What drift reads of a finding: the model path segments, the message and where it points. */
interface Read {
  path: (string | number)[];
  message: string;
  where: Location;
}

function locationOf(f: Finding): Location {
  const loc: Location = { file: f.file, line: f.line, column: f.column };
  if (f.endLine !== undefined) loc.endLine = f.endLine;
  if (f.endColumn !== undefined) loc.endColumn = f.endColumn;
  return loc;
}

/** The runner's findings of the rules drift reads, on production with development beside it. */
function audited(ctx: AuditContext): Finding[] {
  const r = auditModel(ctx, { rules: READS.map((id) => registry[id]) });
  return [...r.findings, ...r.suppressed];
}

export function driftRisks(
  development: LoadedEnvironment,
  production: LoadedEnvironment,
  options: DriftOptions = {},
): DriftFinding[] {
  const dev = development.model ?? {};
  const prod = production.model ?? {};
  const label = options.label ?? ((n: string) => n);
  const devName = label(development.environment_name);
  const prodName = label(production.environment_name);
  const out: DriftFinding[] = [];
  const add = (
    m: DriftRuleMeta,
    message: string,
    path: string,
    where: Location | undefined,
    related: (Location | undefined)[],
  ): void => {
    const f: DriftFinding = {
      ...diagnostic(m.id, m.severity, message, where, path, m.fix),
      rule: m.id,
      environment: production.environment_name,
      related: related.filter((l): l is Location => l !== undefined),
    };
    if (related[0]) f.development = related[0];
    out.push(f);
  };
  const ctx: AuditContext = {
    environment: production.environment_name,
    role: 'production',
    model: prod,
    development: { environment: devName, model: dev },
  };
  const byRule = new Map<string, Finding[]>();
  for (const f of options.findings ?? audited(ctx)) {
    const list = byRule.get(f.rule);
    if (list) list.push(f);
    else byRule.set(f.rule, [f]);
  }
  const read = (id: RuleId): Read[] => {
    const list: Read[] = [];
    for (const f of byRule.get(id) ?? []) {
      // the runner reports a rule that crashed: so does drift, where the rule's findings would be
      if (f.code === 'audit-rule-crashed') add(CRASHED, f.message, '', undefined, []);
      else list.push({ path: parsePath(f.path), message: f.message, where: locationOf(f) });
    }
    return list;
  };

  for (const m of LEAKS)
    for (const r of read(m.audit)) {
      const other = counterpart(prod, r.path, dev);
      const same = other.value !== undefined && other.own !== undefined && deepEqual(other.own, other.value);
      const tail =
        other.value === undefined
          ? `; ${devName} does not`
          : `; ${devName} sets ${same ? 'the same' : 'it differently'} (${at(other.location)})`;
      add(m, `${r.message} in ${prodName}${tail}`, other.path, r.where, [other.location]);
    }

  const devServices = new Map(services(dev));
  for (const [name, svc] of services(prod)) {
    const d = devServices.get(name);
    if (!d) continue;
    const here = (...p: string[]) => locate(prod, ['services', name, ...p]);
    const there = (...p: string[]) => locate(dev, ['services', name, ...p]);
    if (hasHealthcheck(d) && !hasHealthcheck(svc))
      add(
        HEALTHCHECK,
        // our words (`own`): a weak secret equal to one of them (`restart`) does not mask them
        own`service "${name}" has a healthcheck in ${devName} (${at(there('healthcheck'))}) but none in ${prodName}`,
        childPath(formatPath(['services', name]), 'healthcheck'),
        here('healthcheck'),
        [there('healthcheck')],
      );
    if (hasRestartPolicy(d) && !hasRestartPolicy(svc)) {
      const key = d.restart !== undefined ? 'restart' : 'deploy';
      add(
        RESTART,
        own`service "${name}" has a restart policy in ${devName} (${at(there(key))}) but none in ${prodName}`,
        childPath(formatPath(['services', name]), 'restart'),
        here('restart'),
        [there(key)],
      );
    }
  }

  const diff = options.diff?.entries ?? diffModels(dev, prod);
  for (const e of diff) {
    if (e.section !== 'services' || e.kind !== 'removed' || !/^environment(\.|\[")/.test(e.field)) continue;
    const variable = e.field.startsWith('environment.')
      ? e.field.slice('environment.'.length)
      : String(JSON.parse(e.field.slice('environment['.length, -1)));
    // development-only by design: their absence is the point
    if (typeof e.from === 'string' && debugSetting(variable, e.from)) continue;
    add(
      ENVIRONMENT,
      own`${variable} is set in ${devName} (${at(e.fromLocation)}) but not in ${prodName} for service "${e.name}"`,
      e.path,
      locate(prod, ['services', e.name, 'environment']),
      [e.fromLocation],
    );
  }

  for (const r of read(IMAGE.audit)) {
    const other = counterpart(prod, r.path, dev);
    add(IMAGE, `${r.message} (${at(other.location)})`, other.path, r.where, [other.location]);
  }

  for (const r of read(CONTAINER_NAME.audit)) {
    const replicas = locate(prod, ['services', String(r.path[1]), 'deploy', 'replicas']);
    const other = counterpart(prod, r.path, dev);
    const why = other.location ? `; ${devName} sets the name at ${at(other.location)}` : '';
    add(CONTAINER_NAME, `${r.message} in ${prodName}${why}`, other.path, r.where, [other.location, replicas]);
  }
  return sortDiagnostics(out);
}
