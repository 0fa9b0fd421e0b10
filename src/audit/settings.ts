/**
 * What a service sets, read one way for everyone who asks: the rules that flag a missing setting,
 * `override-drops-safety` (which sees one dropped by a later file) and drift (which sees one that
 * development has and production lacks).
 */
import type { TreeObject } from '../yaml/located.js';
import { get, isLimitSet, obj, str, strings, truthy } from './model.js';
import { nameTokens } from './secrets.js';

/** `cap_sys_admin`, ` SYS_ADMIN ` and `CAP_SYS_ADMIN` are one capability. */
export function capName(c: string): string {
  return c.trim().toUpperCase().replace(/^CAP_/, '');
}

export const dropsAllCapabilities = (svc: TreeObject): boolean =>
  strings(svc.cap_drop).some((c) => capName(c) === 'ALL');

export const setsNoNewPrivileges = (svc: TreeObject): boolean =>
  strings(svc.security_opt).some((o) => /^no-new-privileges(?:[:=]true)?$/i.test(o.trim()));

export function isRootUser(user: string): boolean {
  return /^(root|0)(:.*)?$/.test(user.trim());
}

/** An enabled healthcheck: present, not `disable: true`, not `test: [NONE]`. */
export function hasHealthcheck(svc: TreeObject): boolean {
  const hc = obj(svc.healthcheck);
  return !!hc && !truthy(hc.disable) && strings(hc.test)[0]?.toUpperCase() !== 'NONE';
}

/** `restart` other than `no`, or a `deploy.restart_policy`. */
export const hasRestartPolicy = (s: TreeObject): boolean =>
  (!!str(s.restart)?.trim() && str(s.restart)?.trim() !== 'no') ||
  obj(get(s, 'deploy', 'restart_policy')) !== undefined;

/** A resource limit and the two keys that can set it: the first is where a finding points. */
export interface Limit {
  keys: readonly [readonly string[], readonly string[]];
}

export const LIMITS = {
  memory: { keys: [['deploy', 'resources', 'limits', 'memory'], ['mem_limit']] },
  cpus: { keys: [['deploy', 'resources', 'limits', 'cpus'], ['cpus']] },
  pids: { keys: [['pids_limit'], ['deploy', 'resources', 'limits', 'pids']] },
} as const satisfies Record<string, Limit>;

export const hasLimit = (svc: TreeObject, limit: Limit): boolean => limit.keys.some((k) => isLimitSet(get(svc, ...k)));

const OFF = /^(|false|0|no|off|none)$/i;

/** Why `NAME=value` turns on a development mode, or undefined. */
export function debugSetting(name: string, value: string): string | undefined {
  const n = name.toUpperCase();
  const v = value.trim();
  const last = nameTokens(name).at(-1);
  if ((last === 'DEBUG' || n === 'DEBUG') && !OFF.test(v)) return 'debug mode';
  if (
    /^(NODE_ENV|FLASK_ENV|RAILS_ENV|RACK_ENV|APP_ENV|ENVIRONMENT|ENV|MIX_ENV|GO_ENV)$/.test(n) &&
    /^(dev|development|local)$/i.test(v)
  )
    return 'the development environment';
  if (/^(ASPNETCORE|DOTNET)_ENVIRONMENT$/.test(n) && /^development$/i.test(v)) return 'the development environment';
  if (n === 'SPRING_PROFILES_ACTIVE' && /(^|,)\s*(dev|development|local)\s*(,|$)/i.test(v))
    return 'a development profile';
  if (/(^|_)LOG_?LEVEL$/.test(n) && /^(debug|trace|verbose|all)$/i.test(v)) return `${v.toLowerCase()} logging`;
  return undefined;
}
