/**
 * `docker compose config`-like rendering of a canonical model (YAML or JSON). Compose marshals Go
 * structs, so struct fields come in their declaration order (compose-go types/*.go) and map keys
 * sorted; the tables below give the struct orders, the Go kinds of the fields that are not plain
 * `omitempty` values, and the types with their own marshallers.
 */
import { Document, Scalar, visit } from 'yaml';
import { isObject, setOwn, type Tree, type TreeObject } from '../yaml/located.js';
import { nextPath, ruleTable } from '../yaml/treepath.js';
import { toUnitBytes } from '../normalize/units.js';
import { emptyRecord } from '../records.js';

const SERVICE =
  'profiles annotations attach build develop blkio_config cap_add cap_drop cgroup_parent cgroup cpu_count cpu_percent cpu_period cpu_quota cpu_rt_period cpu_rt_runtime cpus cpuset cpu_shares command configs container_name credential_spec depends_on deploy device_cgroup_rules devices dns dns_opt dns_search dockerfile domainname entrypoint provider environment env_file expose extends external_links extra_hosts group_add gpus hostname healthcheck image init ipc isolation labels label_file links logging log_driver log_opt mem_limit mem_reservation memswap_limit mem_swappiness mac_address models net network_mode networks oom_kill_disable oom_score_adj pid pids_limit platform ports privileged pull_policy read_only restart runtime scale secrets security_opt shm_size stdin_open stop_grace_period stop_signal storage_opt sysctls tmpfs tty ulimits use_api_socket user userns_mode uts volume_driver volumes volumes_from working_dir pre_start post_start pre_stop';
const FILE_REF = 'source target uid gid mode';
const FILE_OBJECT = 'name file environment content external labels driver driver_opts template_driver';
const RESOURCE = 'cpus memory pids devices generic_resources';
const DEVICE_REQUEST = 'capabilities driver count device_ids options';
const UPDATE = 'parallelism delay failure_action monitor max_failure_ratio order';
const HOOK = 'command image user privileged working_dir environment per_replica';
const BLKIO_RATES = ['device_read_bps', 'device_read_iops', 'device_write_bps', 'device_write_iops'];
/** UlimitsConfig.MarshalYAML: `struct{Soft int; Hard int}` */
const ULIMIT = 'soft hard';

/** Struct field orders by model path (compose-go types): everything else is a map, sorted. */
const structOrder = ruleTable<string[]>(
  (
    [
      ['', 'name services networks volumes secrets configs models'],
      ['services.*', SERVICE],
      ['services.*.ports.*', 'name mode host_ip target published protocol app_protocol'],
      ['services.*.volumes.*', 'type source target read_only consistency bind volume tmpfs image'],
      ['services.*.volumes.*.bind', 'selinux propagation create_host_path recursive'],
      ['services.*.volumes.*.volume', 'labels nocopy subpath'],
      ['services.*.volumes.*.tmpfs', 'size mode'],
      ['services.*.volumes.*.image', 'subpath'],
      ['services.*.env_file.*', 'path required format'],
      ['services.*.healthcheck', 'test timeout interval retries start_period start_interval disable'],
      [
        'services.*.build',
        'context dockerfile dockerfile_inline entitlements args provenance sbom ssh labels cache_from cache_to no_cache no_cache_filter additional_contexts pull extra_hosts isolation network target secrets shm_size tags ulimits platforms privileged',
      ],
      ['services.*.build.secrets.*', FILE_REF],
      ['services.*.build.ulimits.*', ULIMIT],
      ['services.*.develop', 'watch'],
      ['services.*.develop.watch.*', 'path action target exec include ignore initial_sync'],
      ['services.*.develop.watch.*.exec', HOOK],
      [
        'services.*.blkio_config',
        'weight weight_device device_read_bps device_read_iops device_write_bps device_write_iops',
      ],
      ['services.*.blkio_config.weight_device.*', 'path weight'],
      ...BLKIO_RATES.map((k) => [`services.*.blkio_config.${k}.*`, 'path rate'] as const),
      ['services.*.credential_spec', 'config file registry'],
      ['services.*.depends_on.*', 'condition restart required'],
      [
        'services.*.deploy',
        'mode replicas labels update_config rollback_config resources restart_policy placement endpoint_mode',
      ],
      ['services.*.deploy.update_config', UPDATE],
      ['services.*.deploy.rollback_config', UPDATE],
      ['services.*.deploy.resources', 'limits reservations'],
      ['services.*.deploy.resources.limits', RESOURCE],
      ['services.*.deploy.resources.reservations', RESOURCE],
      ['services.*.deploy.resources.*.devices.*', DEVICE_REQUEST],
      ['services.*.deploy.resources.*.generic_resources.*', 'discrete_resource_spec'],
      ['services.*.deploy.resources.*.generic_resources.*.discrete_resource_spec', 'kind value'],
      ['services.*.deploy.restart_policy', 'condition delay max_attempts window'],
      ['services.*.deploy.placement', 'constraints preferences max_replicas_per_node'],
      ['services.*.deploy.placement.preferences.*', 'spread'],
      ['services.*.devices.*', 'source target permissions'],
      ['services.*.extends', 'file service'],
      ['services.*.gpus.*', DEVICE_REQUEST],
      ['services.*.logging', 'driver options'],
      ['services.*.models.*', 'endpoint_var model_var'],
      ['services.*.provider', 'type options'],
      ['services.*.secrets.*', FILE_REF],
      ['services.*.configs.*', FILE_REF],
      [
        'services.*.networks.*',
        'aliases driver_opts gw_priority interface_name ipv4_address ipv6_address link_local_ips mac_address priority',
      ],
      ['services.*.ulimits.*', ULIMIT],
      ['services.*.pre_start.*', HOOK],
      ['services.*.post_start.*', HOOK],
      ['services.*.pre_stop.*', HOOK],
      ['networks.*', 'name driver driver_opts ipam external internal attachable labels enable_ipv4 enable_ipv6'],
      ['networks.*.ipam', 'driver config options'],
      ['networks.*.ipam.config.*', 'subnet gateway ip_range aux_addresses'],
      ['volumes.*', 'name driver driver_opts external labels'],
      ['secrets.*', FILE_OBJECT],
      ['configs.*', FILE_OBJECT],
      ['models.*', 'name model context_size runtime_flags'],
    ] as const
  ).map(([p, order]) => [p, order.split(' ')] as [string, string[]]),
);

/**
 * How a struct field marshals when it is not a plain non-pointer `omitempty` field (compose-go
 * types/*.go). A plain field is left out when it holds its zero value: false, 0, "", null, an empty
 * list or map, or a struct whose fields were all left out. The others:
 * - ptr: a pointer (`*bool`, `*Duration`, `*DeployConfig`...): only nil is left out, `false`, `0`
 *   and `{}` are printed;
 * - cmd: ShellCommand, `IsZero` only for nil, and `json:"command"` without omitempty: YAML leaves
 *   out null only, JSON prints null;
 * - struct: a non-pointer struct: YAML leaves it out when all its fields are, encoding/json never
 *   omits a struct (`{}` when unset);
 * - optout: OptOut, whose `IsZero` is true for `true` (the default);
 * - bytes: UnitBytes, printed as `"%d"` and left out at 0;
 * - dur: Duration (non-pointer), left out at 0s;
 * - keep: no omitempty, printed as is; str/int/rate: no omitempty, and Go prints the zero value
 *   ("", 0, UnitBytes "0") when the model has none.
 */
type Kind = 'ptr' | 'cmd' | 'struct' | 'optout' | 'bytes' | 'dur' | 'keep' | 'str' | 'int' | 'rate';

const SHELL_COMMAND = 'cmd: command';
const FILE_MODE = 'ptr: mode';
const UPDATE_KINDS = 'ptr: parallelism; dur: delay monitor';
const RESOURCE_KINDS = 'bytes: memory';

/** Field kinds by struct path, as `kind: fields; kind: fields`. */
const goKinds = ruleTable<Record<string, Kind>>(
  (
    [
      ['', 'keep: services'],
      [
        'services.*',
        'ptr: attach build develop blkio_config credential_spec deploy provider extends healthcheck init logging scale stop_grace_period; cmd: command entrypoint; bytes: mem_limit mem_reservation memswap_limit mem_swappiness shm_size',
      ],
      ['services.*.build', 'bytes: shm_size'],
      ['services.*.build.secrets.*', FILE_MODE],
      ['services.*.secrets.*', FILE_MODE],
      ['services.*.configs.*', FILE_MODE],
      ['services.*.env_file.*', 'optout: required'],
      ['services.*.volumes.*', 'ptr: bind volume tmpfs image'],
      ['services.*.volumes.*.bind', 'optout: create_host_path'],
      ['services.*.volumes.*.tmpfs', 'bytes: size'],
      ['services.*.healthcheck', 'ptr: timeout interval retries start_period start_interval'],
      ['services.*.deploy', 'ptr: replicas update_config rollback_config restart_policy; struct: resources placement'],
      ['services.*.deploy.update_config', UPDATE_KINDS],
      ['services.*.deploy.rollback_config', UPDATE_KINDS],
      ['services.*.deploy.resources', 'ptr: limits reservations'],
      ['services.*.deploy.resources.limits', RESOURCE_KINDS],
      ['services.*.deploy.resources.reservations', RESOURCE_KINDS],
      ['services.*.deploy.resources.*.generic_resources.*', 'ptr: discrete_resource_spec'],
      // DiscreteGenericResource: `json:"kind"`, `json:"value"` and no yaml tags
      ['services.*.deploy.resources.*.generic_resources.*.discrete_resource_spec', 'str: kind; int: value'],
      ['services.*.deploy.restart_policy', 'ptr: delay max_attempts window'],
      ['services.*.depends_on.*', 'keep: required'],
      ['services.*.develop.watch.*', 'str: path action; struct: exec'],
      ['services.*.develop.watch.*.exec', SHELL_COMMAND],
      ['services.*.pre_start.*', SHELL_COMMAND],
      ['services.*.post_start.*', SHELL_COMMAND],
      ['services.*.pre_stop.*', SHELL_COMMAND],
      // WeightDevice and ThrottleDevice have no tags: no omitempty
      ['services.*.blkio_config.weight_device.*', 'str: path; int: weight'],
      ...BLKIO_RATES.map((k) => [`services.*.blkio_config.${k}.*`, 'str: path; rate: rate'] as const),
      ['networks.*', 'ptr: enable_ipv4 enable_ipv6; struct: ipam'],
    ] as const
  ).map(([p, spec]) => {
    const kinds: Record<string, Kind> = emptyRecord();
    for (const group of spec.split('; ')) {
      const [kind, fields] = group.split(': ');
      for (const f of fields.split(' ')) kinds[f] = kind as Kind;
    }
    return [p, kinds] as [string, Record<string, Kind>];
  }),
);

type Format = 'yaml' | 'json';

const isEmpty = (v: Tree): boolean => (Array.isArray(v) ? v.length === 0 : isObject(v) && Object.keys(v).length === 0);

/** What Go prints for a field the model lacks (undefined: nothing). */
function unset(kind: Kind | undefined, format: Format): Tree | undefined {
  switch (kind) {
    case 'str':
      return '';
    case 'int':
      return 0;
    case 'rate':
      return '0';
    case 'cmd':
      return format === 'json' ? null : undefined;
    case 'struct':
      return format === 'json' ? {} : undefined;
    default:
      return undefined;
  }
}

/** Whether go-yaml's `omitempty` / encoding/json's `omitempty`/`omitzero` leave the field out. */
function omitted(kind: Kind | undefined, v: Tree, format: Format): boolean {
  switch (kind) {
    case 'keep':
    case 'str':
    case 'int':
    case 'rate':
      return false;
    case 'ptr':
      return v === null;
    case 'cmd':
      return v === null && format === 'yaml';
    case 'struct':
      return format === 'yaml' && (v === null || isEmpty(v));
    case 'optout':
      return v === true;
    case 'bytes':
      return v === '0';
    case 'dur':
      return v === '0s' || v === 0;
    default:
      return v === null || v === false || v === 0 || v === '' || isEmpty(v);
  }
}

/** UnitBytes.MarshalYAML/MarshalJSON: `fmt.Sprintf("%d")` of the byte count (`12mb` -> "12582912"). */
function unitBytes(v: Tree): Tree {
  if (typeof v !== 'number' && typeof v !== 'string') return v;
  try {
    const n = toUnitBytes(v);
    return n === undefined ? v : String(n);
  } catch {
    return v; // the loader has reported it
  }
}

/** FileMode.MarshalYAML/MarshalJSON: `fmt.Sprintf("0%o")`, e.g. 288 -> "0440". */
function fileMode(ref: TreeObject): void {
  if (typeof ref.mode === 'number' && Number.isInteger(ref.mode) && ref.mode >= 0)
    ref.mode = `0${ref.mode.toString(8)}`;
}

/**
 * UlimitsConfig.MarshalYAML: a non-zero single value as is, else `struct{Soft int; Hard int}` (no
 * omitempty, no extensions). MarshalJSON: the single value, else the struct itself, whose `soft`
 * and `hard` are omitempty (left out by the struct rules already). `core: 0` is `Single: 0`.
 */
function ulimits(u: TreeObject, format: Format): void {
  for (const k of Object.keys(u)) {
    const v = u[k];
    if (v !== 0 && !isObject(v)) continue;
    const o = isObject(v) ? v : {};
    setOwn(u, k, format === 'json' ? o : { soft: o.soft ?? 0, hard: o.hard ?? 0 });
  }
}

/** WeightDevice and ThrottleDevice have no tags: encoding/json names the fields as Go does (go-yaml lowercases them). */
const jsonNames = ruleTable<Record<string, string>>([
  ['services.*.blkio_config.weight_device.*', { path: 'Path', weight: 'Weight' }],
  ...BLKIO_RATES.map((k) => [`services.*.blkio_config.${k}.*`, { path: 'Path', rate: 'Rate' }] as const),
]);

function renamed(o: TreeObject, names: Record<string, string>): TreeObject {
  const out: TreeObject = {};
  for (const k of Object.keys(o)) setOwn(out, Object.hasOwn(names, k) ? names[k] : k, o[k]);
  return out;
}

/** compose-go's own marshallers (types/types.go), applied to an ordered copy by model path. */
const marshallers = ruleTable<(v: TreeObject, format: Format) => void>([
  // SecretConfig: "secret content is set while loading model. Never marshall it"
  [
    'secrets.*',
    (s) => {
      delete s.content;
    },
  ],
  // ConfigObjConfig: content read from `environment` while loading is not printed, the source is
  [
    'configs.*',
    (c) => {
      if (typeof c.environment === 'string' && c.environment !== '') delete c.content;
    },
  ],
  ['services.*.secrets.*', fileMode],
  ['services.*.configs.*', fileMode],
  ['services.*.build.secrets.*', fileMode],
  ['services.*.ulimits', ulimits],
  ['services.*.build.ulimits', ulimits],
  // BuildConfig.SSH is []SSHKey: `id` or `id: path` (SSHKey.MarshalYAML), in key order here where Go's
  // is random; docker compose's JSON fails on a key with a path, we print the same strings
  [
    'services.*.build',
    (b) => {
      const ssh = b.ssh;
      if (isObject(ssh))
        b.ssh = Object.keys(ssh)
          .sort()
          .map((id) => (ssh[id] === null || ssh[id] === '' ? id : `${id}: ${String(ssh[id])}`));
    },
  ],
]);

/**
 * An ordered copy of the model; with a format, marshalled as compose-go does: marshallers, then
 * the struct fields Go leaves out removed (and, in JSON, the ones it always prints added, and the
 * `x-*` extensions of every struct but the project dropped: `Extensions` are `json:"-"`).
 */
function copy(model: TreeObject, format: Format | undefined): TreeObject {
  const order = (v: Tree, path: string): Tree => {
    if (Array.isArray(v)) {
      const item = nextPath(path, '[]');
      return v.map((x) => order(x, item));
    }
    if (!isObject(v)) return v;
    const fields = structOrder(path);
    const kinds = format && fields ? goKinds(path) : undefined;
    const out: TreeObject = {};
    const put = (k: string, x: Tree) => setOwn(out, k, order(x, nextPath(path, k)));
    const known = new Set(fields ?? []);
    for (const k of fields ?? []) {
      const has = Object.hasOwn(v, k);
      const zero = format && (!has || v[k] === null) ? unset(kinds?.[k], format) : undefined;
      if (zero !== undefined) put(k, zero);
      else if (has) put(k, v[k]);
    }
    const dropExtensions = format === 'json' && fields && path !== '';
    for (const k of Object.keys(v).sort()) if (!known.has(k) && !(dropExtensions && k.startsWith('x-'))) put(k, v[k]);
    if (!format) return out;
    marshallers(path)?.(out, format);
    if (fields)
      for (const k of fields) {
        if (!Object.hasOwn(out, k)) continue;
        const kind = kinds?.[k];
        if (kind === 'bytes' || kind === 'rate') out[k] = unitBytes(out[k]);
        if (omitted(kind, out[k], format)) delete out[k];
      }
    const names = format === 'json' ? jsonNames(path) : undefined;
    return names ? renamed(out, names) : out;
  };
  return order(model, '') as TreeObject;
}

/** Plain copy with Compose's key order (every value kept: audit and previews use it). */
export function orderedModel(model: TreeObject): TreeObject {
  return copy(model, undefined);
}

/**
 * The model as compose-go marshals it (YAML unless told): Compose's key order, the fields Go
 * leaves out (zero values of `omitempty` fields, secrets' `content`, configs' `content` read from
 * `environment`) left out, file modes as octal strings, byte sizes as strings. Data, not yet a
 * Compose file: `$` is not escaped (renderConfig does that).
 */
export function configDocument(model: TreeObject, format: Format = 'yaml'): TreeObject {
  return copy(model, format);
}

/** Project.MarshalJSON builds a Go map: `name` always, keys sorted, no `models`. */
function jsonTopLevel(doc: TreeObject): TreeObject {
  const out: TreeObject = {};
  const withName: TreeObject = { name: '', ...doc };
  for (const k of Object.keys(withName).sort()) if (k !== 'models') setOwn(out, k, withName[k]);
  return out;
}

/** encoding/json escapes these inside strings (HTML safety and JavaScript line terminators). */
const GO_JSON_ESCAPES: Record<string, string> = {
  '<': '\\u003c',
  '>': '\\u003e',
  '&': '\\u0026',
  '\u2028': '\\u2028',
  '\u2029': '\\u2029',
};
const goJson = (v: unknown): string =>
  JSON.stringify(v, null, 2).replace(/[<>&\u2028\u2029]/g, (c) => GO_JSON_ESCAPES[c]) + '\n';

/** go-yaml's isOldBool and isBase60Float: strings a YAML 1.1 reader would not read as strings. */
const OLD_BOOL = new Set([
  'y',
  'Y',
  'yes',
  'Yes',
  'YES',
  'on',
  'On',
  'ON',
  'n',
  'N',
  'no',
  'No',
  'NO',
  'off',
  'Off',
  'OFF',
]);
const BASE60_FLOAT = /^[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+(?:\.[0-9_]*)?$/;

/** YAML as go-yaml writes it where it matters to a reader: YAML 1.1 booleans and base-60 numbers quoted. */
export function toGoYaml(doc: TreeObject): string {
  const d = new Document(doc, { aliasDuplicateObjects: false });
  // go-yaml double-quotes them (keys too) so that YAML 1.1 readers keep them strings
  visit(d, {
    Scalar(_, node) {
      if (typeof node.value === 'string' && (OLD_BOOL.has(node.value) || BASE60_FLOAT.test(node.value)))
        node.type = Scalar.QUOTE_DOUBLE;
    },
  });
  return d.toString({ lineWidth: 0 });
}

export interface RenderOptions {
  /**
   * The model was loaded without interpolation (`config --no-interpolate`): print `$` as is.
   * Otherwise every `$` of the document is doubled, like docker compose's runConfig, so that the
   * output loads back to the same model.
   */
  noInterpolate?: boolean;
}

export function renderConfig(model: TreeObject, format: 'yaml' | 'json' = 'yaml', options: RenderOptions = {}): string {
  const doc = configDocument(model, format);
  const text = format === 'json' ? goJson(jsonTopLevel(doc)) : toGoYaml(doc);
  return options.noInterpolate ? text : text.replaceAll('$', () => '$$');
}
