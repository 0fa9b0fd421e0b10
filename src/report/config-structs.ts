/**
 * compose-go's types (types/*.go) as `docker compose config` marshals them: the struct field orders
 * (everything else is a map, printed sorted), the Go kinds of the fields that are not plain
 * `omitempty` values, the field names encoding/json gives untagged structs, and the types with their
 * own marshallers. Data for the renderer (config.ts), keyed by model path.
 */
import { isObject, setOwn, type Tree, type TreeObject } from '../yaml/located.js';
import { pathTable, ruleTable, type PathState } from '../yaml/treepath.js';
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

/** The struct field orders by model path pattern (structOrder, STRUCT_ORDER). */
const STRUCT_ORDERS: readonly [string, string[]][] = (
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
  ).map(([p, order]): [string, string[]] => [p, order.split(' ')]);

/** Struct field orders by model path (compose-go types): everything else is a map, sorted. */
export const structOrder = ruleTable<string[]>(STRUCT_ORDERS);

/**
 * The same table as a state machine (treepath.ts PathState), for a walk over a model: each node's
 * state its parent's stepped by its key, no path built or looked up per node (src/report/diff.ts redactObject).
 */
export const STRUCT_ORDER: PathState<string[]> = pathTable<string[]>(STRUCT_ORDERS);

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
const KINDS = ['ptr', 'cmd', 'struct', 'optout', 'bytes', 'dur', 'keep', 'str', 'int', 'rate'] as const;
export type Kind = (typeof KINDS)[number];
const isKind = (word: string): word is Kind => KINDS.some((k) => k === word);

const SHELL_COMMAND = 'cmd: command';
const FILE_MODE = 'ptr: mode';
const UPDATE_KINDS = 'ptr: parallelism; dur: delay monitor';
const RESOURCE_KINDS = 'bytes: memory';

/** Field kinds by struct path, as `kind: fields; kind: fields`. */
export const goKinds = ruleTable<Record<string, Kind>>(
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
  ).map(([p, spec]): [string, Record<string, Kind>] => {
    const kinds: Record<string, Kind> = emptyRecord();
    for (const group of spec.split('; ')) {
      const [kind, fields] = group.split(': ');
      if (!isKind(kind)) throw new Error(`the field kinds of ${p} name an unknown kind: ${kind}`);
      for (const f of fields.split(' ')) kinds[f] = kind;
    }
    return [p, kinds];
  }),
);

export type Format = 'yaml' | 'json';

const isEmpty = (v: Tree): boolean => (Array.isArray(v) ? v.length === 0 : isObject(v) && Object.keys(v).length === 0);

/** What Go prints for a field the model lacks (undefined: nothing). */
export function unset(kind: Kind | undefined, format: Format): Tree | undefined {
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
export function omitted(kind: Kind | undefined, v: Tree, format: Format): boolean {
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
export function unitBytes(v: Tree): Tree {
  if (typeof v !== 'number' && typeof v !== 'string') return v;
  // the loader's "%d" past 2^53 (src/load/decoded.ts BYTES): its digits, which a number would round
  if (typeof v === 'string' && /^-?[0-9]{16,}$/.test(v)) return v;
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
export const jsonNames = ruleTable<Record<string, string>>([
  ['services.*.blkio_config.weight_device.*', { path: 'Path', weight: 'Weight' }],
  ...BLKIO_RATES.map((k) => [`services.*.blkio_config.${k}.*`, { path: 'Path', rate: 'Rate' }] as const),
]);

export function renamed(o: TreeObject, names: Record<string, string>): TreeObject {
  const out: TreeObject = {};
  for (const k of Object.keys(o)) setOwn(out, Object.hasOwn(names, k) ? names[k] : k, o[k]);
  return out;
}

/** compose-go's own marshallers (types/types.go), applied to an ordered copy by model path. */
export const marshallers = ruleTable<(v: TreeObject, format: Format) => void>([
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
