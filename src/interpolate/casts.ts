/**
 * The type casts compose-go applies after interpolation (loader/interpolate.go), with Go strconv's
 * syntax and error messages. A cast throws CastError; `warn` receives compose-go's warnings.
 */
import type { Scalar } from '../yaml/located.js';
import { goQuote } from '../compat/go.js';
import { quotedParts, quoting } from '../diagnostics.js';
import { atoi, GoNumError, parseFloat, parseInt, shortestFloat32 } from '../compat/go-strconv.js';

export type Cast = (value: string, warn?: (message: string) => void) => Scalar;

export class CastError extends Error {}

/** A Go strconv parse whose error becomes a CastError with the same message. */
function go<T>(f: () => T): T {
  try {
    return f();
  } catch (e) {
    if (e instanceof GoNumError) throw quoting(new CastError(e.message), quotedParts(e));
    throw e;
  }
}

export const toInt: Cast = (s) => go(() => atoi(s));
export const toInt64: Cast = (s) => go(() => parseInt(s, 10, 64));
export const toFloat: Cast = (s) => go(() => parseFloat(s, 64));
// float32: printed as Go prints a float32 (the shortest decimal that reads back the same)
export const toFloat32: Cast = (s) => go(() => shortestFloat32(parseFloat(s, 32)));

/** YAML 1.1 booleans are accepted with a warning, as compose-go does. */
export const toBoolean: Cast = (value, warn) => {
  const v = value.toLowerCase();
  if (v === 'true') return true;
  if (v === 'false') return false;
  if (v === 'y' || v === 'yes' || v === 'on' || v === 'n' || v === 'no' || v === 'off') {
    const b = v[0] === 'y' || v === 'on';
    warn?.(`${goQuote(value)} for boolean is not supported by YAML 1.2, please use \`${b}\``);
    return b;
  }
  throw new CastError(`invalid boolean: ${value}`);
};

/** Go strconv.ParseBool (used by compose-go's own interpolation tests). */
export const parseBool: Cast = (s) => {
  if (['1', 't', 'T', 'TRUE', 'true', 'True'].includes(s)) return true;
  if (['0', 'f', 'F', 'FALSE', 'false', 'False'].includes(s)) return false;
  throw new CastError(new GoNumError('ParseBool', s, 'invalid syntax').message);
};

const service = (p: string) => `services.*.${p}`;

/** loader/interpolate.go interpolateTypeCastMapping: tree path pattern -> cast. */
export const COMPOSE_TYPE_CASTS: Readonly<Record<string, Cast>> = {
  [service('cpu_count')]: toInt64,
  [service('cpu_percent')]: toFloat,
  [service('cpu_period')]: toInt64,
  [service('cpu_quota')]: toInt64,
  [service('cpu_rt_period')]: toInt64,
  [service('cpu_rt_runtime')]: toInt64,
  [service('cpus')]: toFloat32,
  [service('cpu_shares')]: toInt64,
  [service('init')]: toBoolean,
  [service('depends_on.*.required')]: toBoolean,
  [service('depends_on.*.restart')]: toBoolean,
  [service('deploy.replicas')]: toInt,
  [service('deploy.update_config.parallelism')]: toInt,
  [service('deploy.update_config.max_failure_ratio')]: toFloat,
  [service('deploy.rollback_config.parallelism')]: toInt,
  [service('deploy.rollback_config.max_failure_ratio')]: toFloat,
  [service('deploy.restart_policy.max_attempts')]: toInt,
  [service('deploy.placement.max_replicas_per_node')]: toInt,
  [service('healthcheck.retries')]: toInt,
  [service('healthcheck.disable')]: toBoolean,
  [service('oom_kill_disable')]: toBoolean,
  [service('oom_score_adj')]: toInt64,
  [service('pids_limit')]: toInt64,
  [service('ports.[].target')]: toInt,
  [service('privileged')]: toBoolean,
  [service('read_only')]: toBoolean,
  [service('scale')]: toInt,
  [service('stdin_open')]: toBoolean,
  [service('tty')]: toBoolean,
  [service('ulimits.*')]: toInt,
  [service('ulimits.*.hard')]: toInt,
  [service('ulimits.*.soft')]: toInt,
  [service('volumes.[].read_only')]: toBoolean,
  [service('volumes.[].volume.nocopy')]: toBoolean,
  'networks.*.external': toBoolean,
  'networks.*.internal': toBoolean,
  'networks.*.attachable': toBoolean,
  'networks.*.enable_ipv4': toBoolean,
  'networks.*.enable_ipv6': toBoolean,
  'volumes.*.external': toBoolean,
  'secrets.*.external': toBoolean,
  'configs.*.external': toBoolean,
};
