/**
 * Drift risks: what the comparison of a development and a production environment reveals that
 * neither model shows alone. The single-environment predicates are the audit rules' own (run on the
 * production model, with the development one beside it); drift adds the other side: each finding sits
 * at the production location and carries the development location in `related`.
 */
import type { Location, Severity } from '../diagnostics.js';
import { diagnostic, sortDiagnostics } from '../diagnostics.js';
import type { LoadedEnvironment } from '../load/bundle.js';
import { locate } from '../yaml/located.js';
import type { AuditContext, Finding, Report, Rule } from '../audit/types.js';
import { services } from '../audit/model.js';
import devCommandInProduction from '../audit/rules/dev-command-in-production.js';
import debugInProduction from '../audit/rules/debug-in-production.js';
import debugPortPublished from '../audit/rules/debug-port-published.js';
import sourceBindMountInProduction from '../audit/rules/source-bind-mount-in-production.js';
import imageDiffersBetweenEnvironments from '../audit/rules/image-differs-between-environments.js';
import containerNameWithReplicas from '../audit/rules/container-name-with-replicas.js';
import healthcheckMissing from '../audit/rules/healthcheck-missing.js';
import { debugSetting, hasHealthcheck, hasRestartPolicy } from '../audit/settings.js';
import { formatMessage } from '../audit/rule.js';
import { counterpart, deepEqual, diffModels, childPath, type EnvironmentDiff } from './diff.js';

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
  /** the audit rule whose predicate it applies, if any */
  audit?: string;
  fix: string;
}

const meta = (id: string, severity: Severity, title: string, fix: string, audit?: Rule): DriftRuleMeta => ({
  id,
  severity,
  title,
  fix,
  ...(audit && { audit: audit.meta.id }),
});

/** Development-only settings: they fire when production has them. */
const LEAKS: [DriftRuleMeta, Rule][] = [
  [
    meta(
      'drift-source-mount',
      'warning',
      'Source bind mount reaches production',
      sourceBindMountInProduction.meta.fix,
      sourceBindMountInProduction,
    ),
    sourceBindMountInProduction,
  ],
  [
    meta(
      'drift-debug-setting',
      'warning',
      'Debug variable reaches production',
      debugInProduction.meta.fix,
      debugInProduction,
    ),
    debugInProduction,
  ],
  [
    meta(
      'drift-dev-command',
      'warning',
      'Development command reaches production',
      devCommandInProduction.meta.fix,
      devCommandInProduction,
    ),
    devCommandInProduction,
  ],
  [
    meta(
      'drift-debug-port',
      'warning',
      'Debugger port reaches production',
      debugPortPublished.meta.fix,
      debugPortPublished,
    ),
    debugPortPublished,
  ],
];
const HEALTHCHECK = meta(
  'drift-healthcheck-removed',
  'warning',
  'Healthcheck in development, none in production',
  'keep the healthcheck in production; do not `!reset` it in the production override',
  healthcheckMissing,
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
const IMAGE = meta(
  'drift-image-differs',
  'info',
  'Different image in development and production',
  imageDiffersBetweenEnvironments.meta.fix,
  imageDiffersBetweenEnvironments,
);
const CONTAINER_NAME = meta(
  'drift-container-name-with-replicas',
  'error',
  'container_name with replicas in production',
  containerNameWithReplicas.meta.fix,
  containerNameWithReplicas,
);

export const DRIFT_RULES: readonly DriftRuleMeta[] = [
  ...LEAKS.map(([m]) => m),
  HEALTHCHECK,
  RESTART,
  ENVIRONMENT,
  IMAGE,
  CONTAINER_NAME,
];

const at = (l: Location | undefined): string => (l ? `${l.file}:${l.line}` : '?');

export interface DriftOptions {
  /** the diff of the same pair (development -> production), when already computed */
  diff?: EnvironmentDiff;
}

export function driftRisks(
  development: LoadedEnvironment,
  production: LoadedEnvironment,
  options: DriftOptions = {},
): DriftFinding[] {
  const dev = development.model ?? {};
  const prod = production.model ?? {};
  const devName = development.environment_name;
  const prodName = production.environment_name;
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
      environment: prodName,
      related: related.filter((l): l is Location => l !== undefined),
    };
    if (related[0]) f.development = related[0];
    out.push(f);
  };
  const ctx: AuditContext = {
    environment: prodName,
    role: 'production',
    model: prod,
    development: { environment: devName, model: dev },
  };
  const reports = (rule: Rule): (Report & { message: string })[] => {
    const list: (Report & { message: string })[] = [];
    try {
      rule.check(ctx, (r) => list.push({ ...r, message: formatMessage(rule.meta.messages[r.messageId], r.data) }));
    } catch (e) {
      // as in the audit runner: a rule never takes the whole result down
      add(
        { id: 'drift-rule-crashed', severity: 'warning', title: '', fix: '' },
        `rule ${rule.meta.id} failed: ${(e as Error).message}`,
        '',
        undefined,
        [],
      );
    }
    return list;
  };

  for (const [m, rule] of LEAKS)
    for (const r of reports(rule)) {
      const other = counterpart(prod, r.path, dev);
      const where = r.at ?? locate(prod, r.path);
      const same = other.value !== undefined && other.own !== undefined && deepEqual(other.own, other.value);
      const tail =
        other.value === undefined
          ? `; ${devName} does not`
          : `; ${devName} sets ${same ? 'the same' : 'it differently'} (${at(other.location)})`;
      add(m, `${r.message} in ${prodName}${tail}`, other.path, where, [other.location]);
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
        `service "${name}" has a healthcheck in ${devName} (${at(there('healthcheck'))}) but none in ${prodName}`,
        childPath(`services.${name}`, 'healthcheck'),
        here('healthcheck'),
        [there('healthcheck')],
      );
    if (hasRestartPolicy(d) && !hasRestartPolicy(svc)) {
      const key = d.restart !== undefined ? 'restart' : 'deploy';
      add(
        RESTART,
        `service "${name}" has a restart policy in ${devName} (${at(there(key))}) but none in ${prodName}`,
        childPath(`services.${name}`, 'restart'),
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
      : (JSON.parse(e.field.slice('environment['.length, -1)) as string);
    // development-only by design: their absence is the point
    if (typeof e.from === 'string' && debugSetting(variable, e.from)) continue;
    add(
      ENVIRONMENT,
      `${variable} is set in ${devName} (${at(e.fromLocation)}) but not in ${prodName} for service "${e.name}"`,
      e.path,
      locate(prod, ['services', e.name, 'environment']),
      [e.fromLocation],
    );
  }

  for (const r of reports(imageDiffersBetweenEnvironments)) {
    const other = counterpart(prod, r.path, dev);
    add(IMAGE, `${r.message} (${at(other.location)})`, other.path, locate(prod, r.path), [other.location]);
  }

  for (const r of reports(containerNameWithReplicas)) {
    const replicas = locate(prod, ['services', String(r.path[1]), 'deploy', 'replicas']);
    const other = counterpart(prod, r.path, dev);
    const why = other.location ? `; ${devName} sets the name at ${at(other.location)}` : '';
    add(CONTAINER_NAME, `${r.message} in ${prodName}${why}`, other.path, locate(prod, r.path), [
      other.location,
      replicas,
    ]);
  }
  return sortDiagnostics(out) as DriftFinding[];
}
