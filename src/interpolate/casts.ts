/**
 * The type casts compose-go applies after interpolation (loader/interpolate.go), with Go strconv's
 * syntax and error messages. A cast throws CastError; `warn` receives compose-go's warnings.
 */
import type { Scalar } from '../yaml/located.js';
import { goQuote } from '../compat/go.js';

export type Cast = (value: string, warn?: (message: string) => void) => Scalar;

export class CastError extends Error {}

const syntaxError = (fn: string, s: string) => new CastError(`strconv.${fn}: parsing ${goQuote(s)}: invalid syntax`);
const rangeError = (fn: string, s: string) => new CastError(`strconv.${fn}: parsing ${goQuote(s)}: value out of range`);

function parseInt64(fn: string, s: string): number {
  if (!/^[+-]?[0-9]+$/.test(s)) throw syntaxError(fn, s);
  const n = BigInt(s);
  if (n > 9223372036854775807n || n < -9223372036854775808n) throw rangeError(fn, s);
  return Number(n);
}

/** Go's "underscore only between digits or after a base prefix" rule (strconv underscoreOK). */
function underscoreOK(s: string): boolean {
  let saw = '^';
  let i = 0;
  if (s[0] === '+' || s[0] === '-') s = s.slice(1);
  let hex = false;
  if (s.length >= 2 && s[0] === '0' && 'bBoOxX'.includes(s[1])) {
    i = 2;
    saw = '0';
    hex = s[1] === 'x' || s[1] === 'X';
  }
  for (; i < s.length; i++) {
    const c = s[i];
    if ((c >= '0' && c <= '9') || (hex && /[a-fA-F]/.test(c))) saw = '0';
    else if (c === '_') {
      if (saw !== '0') return false;
      saw = '_';
    } else {
      if (saw === '_') return false;
      saw = '!';
    }
  }
  return saw !== '_';
}

const DECIMAL = /^[+-]?(?:[0-9_]+(?:\.[0-9_]*)?|\.[0-9_]+)(?:[eE][+-]?[0-9_]+)?$/;
const HEX = /^([+-]?)0[xX]((?:[0-9a-fA-F_]+(?:\.[0-9a-fA-F_]*)?|\.[0-9a-fA-F_]+))[pP]([+-]?[0-9_]+)$/;

/** strconv.ParseFloat for bitSize 64 or 32 (the float32 result is rounded with Math.fround). */
function parseGoFloat(s: string, bits: 32 | 64): number {
  const special = /^([+-]?)(inf|infinity)$/i.exec(s);
  if (special) return special[1] === '-' ? -Infinity : Infinity;
  if (/^nan$/i.test(s)) return NaN;
  let v: number;
  const hex = HEX.exec(s);
  if (hex && underscoreOK(s)) {
    const [int, frac = ''] = hex[2].replace(/_/g, '').split('.');
    const mant = (int ? parseInt(int, 16) : 0) + (frac ? parseInt(frac, 16) / 16 ** frac.length : 0);
    v = (hex[1] === '-' ? -1 : 1) * mant * 2 ** Number(hex[3].replace(/_/g, ''));
  } else if (DECIMAL.test(s) && /[0-9]/.test(s) && (!s.includes('_') || underscoreOK(s)))
    v = Number(s.replace(/_/g, ''));
  else throw syntaxError('ParseFloat', s);
  if (bits === 32) v = Math.fround(v);
  if (!Number.isFinite(v)) throw rangeError('ParseFloat', s);
  return bits === 32 ? shortestFloat32(v) : v;
}

/**
 * The shortest decimal that reads back as the same float32, as Go prints a float32
 * (strconv.FormatFloat(f, 'g', -1, 32)): `0.1`, not the double `0.10000000149011612`.
 */
export function shortestFloat32(f: number): number {
  for (let p = 1; p <= 9; p++) {
    const d = Number(f.toPrecision(p));
    if (Math.fround(d) === f) return d;
  }
  return f;
}

export const toInt: Cast = (s) => parseInt64('Atoi', s);
export const toInt64: Cast = (s) => parseInt64('ParseInt', s);
export const toFloat: Cast = (s) => parseGoFloat(s, 64);
export const toFloat32: Cast = (s) => parseGoFloat(s, 32);

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
  throw syntaxError('ParseBool', s);
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
