/**
 * The last step of loading: the shapes compose-go's Go types give when `docker compose config`
 * marshals them. Mapping-like lists become maps (`- KEY=VALUE` -> `KEY: VALUE`; a bare `- KEY`
 * in `environment`/`build.args` takes its value from the environment, else stays null). Every
 * entry keeps the location of the list item it came from.
 */
import { isObject, setOwn, valueLoc, setLoc, copyLoc, type Tree, type TreeObject } from '../yaml/located.js';
import { diagnostic, formatPath, quotedParts, quoting, type Diagnostic } from '../diagnostics.js';
import { ShellwordsError, shellWords } from '../compat/shellwords.js';
import { cutAtBlank } from '../escape.js';
import { mapstructureName } from '../compat/go-decode.js';
import { NormalizeError } from '../normalize/errors.js';
import { CastError, toBoolean, toInt64, type Cast } from '../interpolate/casts.js';
import { markExactInt } from '../compat/go-int.js';
import { deviceCount, goMapping, hostsList, multiOptions, stringItems, stringList, stringValues } from './go-values.js';
import {
  BYTES,
  DecodeFailure,
  decoded,
  decodedInt,
  decodedUint,
  DURATION,
  FILE_MODE,
  MAPSTRUCTURE_MAPS,
  NANO_CPUS,
  stringMapOf,
} from './decoded.js';
import { jsonQuote } from '../utf8.js';

type Lookup = (name: string) => string | undefined;

/** `bare`: what a `KEY` item without `=` becomes; `strict`: types.MappingWithEquals refuses `KEY =`. */
function listToMap(v: Tree, bare: (k: string) => Tree, strict = false): Tree {
  if (!Array.isArray(v)) {
    if (!isObject(v)) return v;
    for (const k of Object.keys(v)) if (v[k] === null) v[k] = bare(k);
    return v;
  }
  const out: TreeObject = {};
  v.forEach((item, i) => {
    if (typeof item !== 'string' && typeof item !== 'number' && typeof item !== 'boolean') return;
    const s = String(item);
    const eq = s.indexOf('=');
    const k = eq < 0 ? s : s.slice(0, eq);
    if (strict && /\s$/.test(k))
      throw new NormalizeError(
        `environment variable ${k} is declared with a trailing space`,
        'environment-trailing-space',
        [i],
        valueLoc(v, i),
      );
    setOwn(out, k, eq < 0 ? bare(k) : s.slice(eq + 1));
    setLoc(out, k, valueLoc(v, i));
  });
  return out;
}

function convert(parent: TreeObject, key: string, bare: (k: string) => Tree, strict = false): void {
  if (!Object.hasOwn(parent, key)) return;
  const before = parent[key];
  parent[key] = listToMap(before, bare, strict);
  if (parent[key] !== before) copyLoc(parent, key, parent, key);
}

/** Rewrites parent[key] with f when present, keeping its location. */
function rewrite(parent: Tree | undefined, key: string, f: (v: Tree) => Tree): void {
  if (!isObject(parent) || !Object.hasOwn(parent, key)) return;
  const loc = valueLoc(parent, key);
  const v = f(parent[key]);
  // a new list's items without a location of their own (a string made a list) are at the value's
  if (Array.isArray(v) && v !== parent[key]) v.forEach((_, i) => valueLoc(v, i) ?? setLoc(v, i, loc));
  parent[key] = v;
}

const cpus = (v: Tree): Tree => (typeof v === 'string' && v.trim() !== '' && !Number.isNaN(Number(v)) ? Number(v) : v);

const DURATIONS = ['interval', 'timeout', 'start_period', 'start_interval'];

/** Where goShapes puts what it finds: the values the Go types refuse, and warnings. */
interface Sinks {
  refused: NormalizeError[];
  warnings: Diagnostic[];
}

const COMMAND_HINT =
  'write it as a list; to run it in a shell: ["sh", "-c", "…"]. In a string, quote or escape `(`, `)`, and close every quote';

/**
 * types.ShellCommand: a `command` / `entrypoint` string split into words as go-shellwords does
 * (src/compat/shellwords.ts). A line it refuses is a decode error; a line it cuts at an operator
 * (`npm install && npm start` runs `npm install` alone: Compose says nothing) is a warning here.
 */
function commandLine(parent: Tree | undefined, key: string, at: (string | number)[], sinks: Sinks): void {
  if (!isObject(parent) || typeof parent[key] !== 'string') return;
  const line = parent[key];
  const loc = valueLoc(parent, key);
  try {
    const { words, cutAt, dropAt } = shellWords(line);
    rewrite(parent, key, () => words);
    if (cutAt !== undefined) {
      // from dropAt: the `2` of `2>&1` is dropped too
      const dropped = line.slice(dropAt ?? cutAt).trimEnd();
      const shown = cutAtBlank(dropped, 60);
      const d = diagnostic(
        'command-cut',
        'warning',
        `${key} is cut at "${line[cutAt]}": Compose splits the string into words, not with a shell, and drops ${jsonQuote(shown)}`,
        loc,
        formatPath([...at, key]),
        COMMAND_HINT,
      );
      // what it drops is a piece of the line (`;word!x9Q` of `mysql -pPa55;word!x9Q`)
      sinks.warnings.push(quoting(d, [{ part: shown, of: line }]));
    }
  } catch (e) {
    if (!(e instanceof ShellwordsError)) throw e;
    sinks.refused.push(
      new DecodeFailure(
        `${key} ${jsonQuote(line)} is not a command line: ${e.message}`,
        [...at, key],
        loc,
        COMMAND_HINT,
        e.message,
      ),
    );
  }
}

function hookShapes(hooks: Tree, at: (string | number)[], sinks: Sinks): void {
  if (!Array.isArray(hooks)) return;
  hooks.forEach((h, i) => {
    if (!isObject(h)) return;
    commandLine(h, 'command', [...at, i], sinks);
    rewrite(h, 'environment', (v) => stringValues(listToMap(v, () => null)));
  });
}

/** rewrite, with the NormalizeError f throws placed at parent[key]. */
function placed(parent: Tree | undefined, key: string, f: (v: Tree) => Tree, at: (string | number)[] = []): void {
  try {
    rewrite(parent, key, f);
  } catch (e) {
    if (!(e instanceof NormalizeError) || !isObject(parent)) throw e;
    // an error f placed at an item of the value (its path under the value's) stays at that item
    const loc = e.location ?? valueLoc(parent, key);
    // the pieces of values its message quotes go with it (src/diagnostics.ts quoting)
    throw quoting(
      new NormalizeError(e.message, e.code, [...at, key, ...e.path], loc, e.hint, e.composeMessage, e.more),
      quotedParts(e),
    );
  }
}

/**
 * A string where the Go struct has a bool or an int64 (loader/mapstructure.go `cast`, run when the
 * model is decoded): fields the interpolation casts do not cover, e.g. `pull: "false"`.
 */
function typed(parent: Tree | undefined, key: string, cast: Cast, at: (string | number)[] = []): void {
  if (!isObject(parent) || typeof parent[key] !== 'string') return;
  try {
    const v = parent[key];
    parent[key] = cast(v);
    // strconv.ParseInt keeps every digit of an int64 the double does not (compat/go-int.ts)
    if (cast === toInt64) markExactInt(valueLoc(parent, key), BigInt(v));
  } catch (e) {
    if (e instanceof CastError)
      throw quoting(
        new NormalizeError(`${key}: ${e.message}`, 'normalize-invalid', [...at, key], valueLoc(parent, key)),
        quotedParts(e),
      );
    throw e;
  }
}

/** types.go's `int64` and `int` fields of a service: mapstructure's decodeInt of the number read (decoded.ts decodedInt). */
const INT_FIELDS = [
  'cpu_count',
  'cpu_period',
  'cpu_quota',
  'cpu_rt_period',
  'cpu_rt_runtime',
  'cpu_shares',
  'oom_score_adj',
  'pids_limit',
  'scale',
];
const TMPFS_MODE = {
  bits: 32,
  noCast: true,
  what: 'a file mode',
  hint: 'write the mode as a number: 0755 unquoted is octal (go-yaml reads it with strconv base 0)',
} as const;
function goInts(s: TreeObject, at: (string | number)[], sink: NormalizeError[]): void {
  for (const k of INT_FIELDS) decodedInt(s, k);
  if (isObject(s.healthcheck)) decodedUint(s.healthcheck, 'retries', [...at, 'healthcheck'], sink);
  const deploy = s.deploy;
  if (isObject(deploy)) {
    decodedInt(deploy, 'replicas');
    if (isObject(deploy.resources))
      for (const kind of ['limits', 'reservations']) decodedInt(deploy.resources[kind], 'pids');
    // the uint64 fields of UpdateConfig, RestartPolicy, Placement
    for (const k of ['update_config', 'rollback_config'])
      if (isObject(deploy[k])) decodedUint(deploy[k], 'parallelism', [...at, 'deploy', k], sink);
    if (isObject(deploy.restart_policy))
      decodedUint(deploy.restart_policy, 'max_attempts', [...at, 'deploy', 'restart_policy'], sink);
    if (isObject(deploy.placement))
      decodedUint(deploy.placement, 'max_replicas_per_node', [...at, 'deploy', 'placement'], sink);
  }
  // BlkioConfig.Weight, WeightDevice.Weight (uint16, types.go:308, :329), ServiceVolumeTmpfs.Mode
  // (uint32, :619): no cast of compose-go's reads a string for them (loader/interpolate.go)
  const blkio = s.blkio_config;
  if (isObject(blkio)) {
    const weight = { bits: 16, noCast: true, what: 'a weight' } as const;
    decodedUint(blkio, 'weight', [...at, 'blkio_config'], sink, weight);
    if (Array.isArray(blkio.weight_device))
      blkio.weight_device.forEach((d, i) =>
        decodedUint(d, 'weight', [...at, 'blkio_config', 'weight_device', i], sink, { ...weight, goName: 'Weight' }),
      );
  }
  if (Array.isArray(s.volumes))
    s.volumes.forEach(
      (v, i) => isObject(v) && decodedUint(v.tmpfs, 'mode', [...at, 'volumes', i, 'tmpfs'], sink, TMPFS_MODE),
    );
  // ServicePortConfig.Target (uint32, types.go:466); a string is cast to an int first (loader/interpolate.go:53)
  if (Array.isArray(s.ports))
    s.ports.forEach((p, i) => decodedUint(p, 'target', [...at, 'ports', i], sink, { bits: 32, what: 'a port number' }));
  // ServiceNetworkConfig Priority, GatewayPriority
  if (isObject(s.networks))
    for (const n of Object.values(s.networks)) for (const k of ['priority', 'gw_priority']) decodedInt(n, k);
}

/**
 * The Go types' printed forms (types.ShellCommand, Duration, UnitBytes, NanoCPUs, FileMode); what
 * their decoders refuse goes to `sink` with the service's path (`at`).
 */
function goShapes(s: TreeObject, at: (string | number)[], sinks: Sinks): void {
  const sink = sinks.refused;
  typed(s, 'attach', toBoolean);
  if (isObject(s.build)) for (const k of ['no_cache', 'pull', 'privileged']) typed(s.build, k, toBoolean, ['build']);
  if (Array.isArray(s.env_file)) s.env_file.forEach((f, i) => typed(f, 'required', toBoolean, ['env_file', i]));
  if (Array.isArray(s.volumes))
    s.volumes.forEach((v, i) => isObject(v) && typed(v.bind, 'create_host_path', toBoolean, ['volumes', i, 'bind']));
  if (isObject(s.deploy) && isObject(s.deploy.resources))
    for (const kind of ['limits', 'reservations'])
      typed(s.deploy.resources[kind], 'pids', toInt64, ['deploy', 'resources', kind]);
  goInts(s, at, sink);
  commandLine(s, 'command', at, sinks);
  commandLine(s, 'entrypoint', at, sinks);
  for (const k of ['mem_limit', 'memswap_limit', 'mem_reservation', 'mem_swappiness', 'shm_size'])
    decoded(s, k, BYTES, at, sink);
  rewrite(s, 'cpus', cpus);
  decoded(s, 'stop_grace_period', DURATION, at, sink);
  for (const k of ['secrets', 'configs'])
    if (Array.isArray(s[k])) s[k].forEach((ref, i) => decoded(ref, 'mode', FILE_MODE, [...at, k, i], sink));
  for (const k of ['environment', 'labels']) rewrite(s, k, stringValues);
  for (const k of ['annotations', 'sysctls']) rewrite(s, k, goMapping);
  // mapstructure's name of the map made only for a service that has one
  if (Object.hasOwn(s, 'storage_opt'))
    stringMapOf(s, 'storage_opt', at, `${mapstructureName(at, MAPSTRUCTURE_MAPS)}.storage_opt`, sink);
  for (const u of [s.ulimits, isObject(s.build) ? s.build.ulimits : undefined]) rewrite(u, '#extensions', ulimitOf);
  if (isObject(s.provider)) rewrite(s.provider, 'options', multiOptions);
  if (isObject(s.networks)) for (const n of Object.values(s.networks)) rewrite(n, 'driver_opts', goMapping);
  rewrite(s, 'expose', stringItems);
  for (const k of ['dns', 'dns_search', 'tmpfs', 'dns_opt']) rewrite(s, k, stringList);
  placed(s, 'extra_hosts', hostsList);
  if (isObject(s.logging)) rewrite(s.logging, 'options', goMapping);
  if (Array.isArray(s.ports))
    for (const p of s.ports) if (isObject(p)) rewrite(p, 'published', (v) => (typeof v === 'number' ? String(v) : v));
  if (Array.isArray(s.gpus)) s.gpus.forEach((g, i) => placed(g, 'count', deviceCount, ['gpus', i]));
  for (const k of ['pre_start', 'post_start', 'pre_stop']) if (Array.isArray(s[k])) hookShapes(s[k], [...at, k], sinks);
  // develop.watch[].exec is a types.ServiceHook too
  const watch = isObject(s.develop) ? s.develop.watch : undefined;
  if (Array.isArray(watch))
    watch.forEach(
      (w, i) => isObject(w) && commandLine(w.exec, 'command', [...at, 'develop', 'watch', i, 'exec'], sinks),
    );
  const hc = s.healthcheck;
  if (isObject(hc)) {
    rewrite(hc, 'test', (v) => (typeof v === 'string' ? ['CMD-SHELL', v] : v));
    const where = [...at, 'healthcheck'];
    for (const k of DURATIONS) decoded(hc, k, DURATION, where, sink);
  }
  if (isObject(s.build)) {
    decoded(s.build, 'shm_size', BYTES, [...at, 'build'], sink);
    if (Array.isArray(s.build.secrets))
      s.build.secrets.forEach((ref, i) => decoded(ref, 'mode', FILE_MODE, [...at, 'build', 'secrets', i], sink));
    rewrite(s.build, 'args', stringValues);
    rewrite(s.build, 'additional_contexts', goMapping);
    rewrite(s.build, 'labels', stringValues);
    for (const k of ['no_cache_filter', 'cache_from', 'cache_to', 'tags', 'platforms']) rewrite(s.build, k, stringList);
    placed(s.build, 'extra_hosts', hostsList, ['build']);
  }
  const deploy = s.deploy;
  if (isObject(deploy)) {
    const res = deploy.resources;
    if (isObject(res))
      for (const kind of ['limits', 'reservations']) {
        decoded(res[kind], 'memory', BYTES, [...at, 'deploy', 'resources', kind], sink);
        decoded(res[kind], 'cpus', NANO_CPUS, [...at, 'deploy', 'resources', kind], sink);
        const devices = isObject(res[kind]) ? res[kind].devices : undefined;
        if (Array.isArray(devices))
          devices.forEach((d, i) => {
            if (!isObject(d)) return;
            placed(d, 'count', deviceCount, ['deploy', 'resources', kind, 'devices', i]);
            rewrite(d, 'options', goMapping);
          });
      }
    rewrite(deploy, 'labels', stringValues);
    for (const k of ['update_config', 'rollback_config'])
      if (isObject(deploy[k]))
        for (const d of ['delay', 'monitor']) decoded(deploy[k], d, DURATION, [...at, 'deploy', k], sink);
    if (isObject(deploy.restart_policy))
      for (const d of ['delay', 'window'])
        decoded(deploy.restart_policy, d, DURATION, [...at, 'deploy', 'restart_policy'], sink);
  }
  if (Array.isArray(s.volumes))
    s.volumes.forEach((v, i) => {
      if (isObject(v) && isObject(v.volume)) rewrite(v.volume, 'labels', goMapping);
      if (isObject(v) && isObject(v.tmpfs)) {
        decoded(v.tmpfs, 'size', BYTES, [...at, 'volumes', i, 'tmpfs'], sink);
        if (v.tmpfs.size === '0') delete v.tmpfs.size; // omitempty
      }
    });
}

/**
 * UlimitsConfig.DecodeMapstructure (types/types.go 689-711) of a map reads its `soft` and `hard`:
 * the `#extensions` entry processExtensions leaves in `ulimits` (its x- keys) is a ulimit of none.
 */
const ulimitOf = (v: Tree): Tree => (isObject(v) ? {} : v);

/** `warnings`: where the shapes' warnings go (a command cut at an operator). */
export function toConfigShape(dict: TreeObject, lookup: Lookup, warnings: Diagnostic[] = []): TreeObject {
  const resolved = (k: string): Tree => lookup(k) ?? null;
  const empty = (): Tree => '';
  const services = dict.services;
  // mapstructure reports every value it cannot decode at once
  const refused: NormalizeError[] = [];
  if (isObject(services)) {
    for (const name of Object.keys(services)) {
      const s = services[name];
      if (!isObject(s)) continue;
      convert(s, 'environment', resolved, true);
      convert(s, 'labels', empty);
      convert(s, 'annotations', empty);
      convert(s, 'sysctls', empty);
      if (isObject(s.build)) {
        convert(s.build, 'args', resolved, true);
        convert(s.build, 'labels', empty);
      }
      if (isObject(s.deploy)) convert(s.deploy, 'labels', empty);
      try {
        goShapes(s, ['services', name], { refused, warnings });
      } catch (e) {
        if (e instanceof NormalizeError)
          throw quoting(
            new NormalizeError(e.message, e.code, ['services', name, ...e.path], e.location, e.hint),
            quotedParts(e),
          );
        throw e;
      }
    }
  }
  // types.ModelConfig ContextSize (models.go:22)
  if (isObject(dict.models)) for (const m of Object.values(dict.models)) decodedInt(m, 'context_size');
  for (const kind of ['secrets', 'configs']) {
    const defs = dict[kind];
    if (isObject(defs))
      for (const name of Object.keys(defs))
        stringMapOf(defs[name], 'driver_opts', [kind, name], `${kind}[${name}].driver_opts`, refused);
  }
  if (refused.length) {
    const [first, ...more] = refused;
    throw quoting(
      new NormalizeError(first.message, first.code, first.path, first.location, first.hint, first.composeMessage, more),
      quotedParts(first),
    );
  }
  for (const kind of ['networks', 'volumes', 'secrets', 'configs']) {
    const defs = dict[kind];
    if (!isObject(defs)) continue;
    for (const d of Object.values(defs))
      if (isObject(d)) {
        convert(d, 'labels', empty);
        rewrite(d, 'labels', stringValues);
        // types.Options for networks and volumes (secrets and configs: map[string]string, above)
        if (kind === 'networks' || kind === 'volumes') rewrite(d, 'driver_opts', goMapping);
        if (isObject(d.ipam)) {
          rewrite(d.ipam, 'options', goMapping);
          if (Array.isArray(d.ipam.config)) for (const c of d.ipam.config) rewrite(c, 'aux_addresses', goMapping);
        }
      }
  }
  return dict;
}
