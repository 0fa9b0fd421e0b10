/**
 * `docker compose config`-like rendering of a canonical model (YAML or JSON). Compose marshals Go
 * structs, so struct fields come in their declaration order (compose-go types/*.go) and map keys
 * sorted; the tables below give the struct orders and the types with their own marshallers.
 */
import { Document, Scalar, visit } from 'yaml';
import { isObject, setOwn, type Tree, type TreeObject } from '../yaml/located.js';
import { nextPath, ruleTable } from '../yaml/treepath.js';

const SERVICE = 'profiles annotations attach build develop blkio_config cap_add cap_drop cgroup_parent cgroup cpu_count cpu_percent cpu_period cpu_quota cpu_rt_period cpu_rt_runtime cpus cpuset cpu_shares command configs container_name credential_spec depends_on deploy device_cgroup_rules devices dns dns_opt dns_search dockerfile domainname entrypoint provider environment env_file expose extends external_links extra_hosts group_add gpus hostname healthcheck image init ipc isolation labels label_file links logging log_driver log_opt mem_limit mem_reservation memswap_limit mem_swappiness mac_address models net network_mode networks oom_kill_disable oom_score_adj pid pids_limit platform ports privileged pull_policy read_only restart runtime scale secrets security_opt shm_size stdin_open stop_grace_period stop_signal storage_opt sysctls tmpfs tty ulimits use_api_socket user userns_mode uts volume_driver volumes volumes_from working_dir pre_start post_start pre_stop';
const SERVICE_FIELDS = SERVICE.split(' ');
const FILE_REF = 'source target uid gid mode';
const FILE_OBJECT = 'name file environment content external labels driver driver_opts template_driver';
const RESOURCE = 'cpus memory pids devices generic_resources';
const DEVICE_REQUEST = 'capabilities driver count device_ids options';
const UPDATE = 'parallelism delay failure_action monitor max_failure_ratio order';
const HOOK = 'command image user privileged working_dir environment per_replica';
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
      ['services.*.healthcheck', 'test timeout interval retries start_period start_interval disable'],
      ['services.*.build', 'context dockerfile dockerfile_inline entitlements args provenance sbom ssh labels cache_from cache_to no_cache no_cache_filter additional_contexts pull extra_hosts isolation network target secrets shm_size tags ulimits platforms privileged'],
      ['services.*.build.secrets.*', FILE_REF],
      ['services.*.build.ulimits.*', ULIMIT],
      ['services.*.develop.watch.*', 'path action target exec include ignore initial_sync'],
      ['services.*.develop.watch.*.exec', HOOK],
      ['services.*.blkio_config', 'weight weight_device device_read_bps device_read_iops device_write_bps device_write_iops'],
      ['services.*.credential_spec', 'config file registry'],
      ['services.*.depends_on.*', 'condition restart required'],
      ['services.*.deploy', 'mode replicas labels update_config rollback_config resources restart_policy placement endpoint_mode'],
      ['services.*.deploy.update_config', UPDATE],
      ['services.*.deploy.rollback_config', UPDATE],
      ['services.*.deploy.resources', 'limits reservations'],
      ['services.*.deploy.resources.limits', RESOURCE],
      ['services.*.deploy.resources.reservations', RESOURCE],
      ['services.*.deploy.resources.*.devices.*', DEVICE_REQUEST],
      ['services.*.deploy.restart_policy', 'condition delay max_attempts window'],
      ['services.*.deploy.placement', 'constraints preferences max_replicas_per_node'],
      ['services.*.devices.*', 'source target permissions'],
      ['services.*.extends', 'file service'],
      ['services.*.gpus.*', DEVICE_REQUEST],
      ['services.*.logging', 'driver options'],
      ['services.*.models.*', 'endpoint_var model_var'],
      ['services.*.provider', 'type options'],
      ['services.*.secrets.*', FILE_REF],
      ['services.*.configs.*', FILE_REF],
      ['services.*.networks.*', 'aliases driver_opts gw_priority interface_name ipv4_address ipv6_address link_local_ips mac_address priority'],
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

/** FileMode.MarshalYAML/MarshalJSON: `fmt.Sprintf("0%o")`, e.g. 288 -> "0440". */
function fileMode(ref: TreeObject): void {
  if (typeof ref.mode === 'number' && Number.isInteger(ref.mode) && ref.mode >= 0) ref.mode = `0${ref.mode.toString(8)}`;
}

/** compose-go's own marshallers (types/types.go), applied to an ordered copy by model path. */
const marshallers = ruleTable<(v: TreeObject) => void>([
  // Project: the resource maps are `omitempty`
  ['', (p) => {
    for (const k of ['networks', 'volumes', 'secrets', 'configs', 'models']) if (isObject(p[k]) && Object.keys(p[k] as TreeObject).length === 0) delete p[k];
  }],
  // SecretConfig: "secret content is set while loading model. Never marshall it"
  ['secrets.*', (s) => {
    delete s.content;
  }],
  // ConfigObjConfig: content read from `environment` while loading is not printed, the source is
  ['configs.*', (c) => {
    if (typeof c.environment === 'string' && c.environment !== '') delete c.content;
  }],
  ['services.*.secrets.*', fileMode],
  ['services.*.configs.*', fileMode],
  ['services.*.build.secrets.*', fileMode],
]);

function copy(model: TreeObject, marshal: boolean): TreeObject {
  const order = (v: Tree, path: string): Tree => {
    if (Array.isArray(v)) {
      const item = nextPath(path, '[]');
      return v.map((x) => order(x, item));
    }
    if (!isObject(v)) return v;
    const keys = Object.keys(v);
    const fields = structOrder(path);
    const first = fields ? fields.filter((k) => Object.hasOwn(v, k)) : [];
    const rest = keys.filter((k) => !first.includes(k)).sort();
    const out: TreeObject = {};
    for (const k of [...first, ...rest]) setOwn(out, k, order(v[k], nextPath(path, k)));
    if (marshal) marshallers(path)?.(out);
    return out;
  };
  return order(model, '') as TreeObject;
}

/** Plain copy with Compose's key order (every value kept: audit and previews use it). */
export function orderedModel(model: TreeObject): TreeObject {
  return copy(model, false);
}

/**
 * The model as compose-go marshals it: Compose's key order, secrets' `content` and configs'
 * `content` read from `environment` left out, file modes as octal strings. Data, not yet a Compose
 * file: `$` is not escaped (renderConfig does that).
 */
export function configDocument(model: TreeObject): TreeObject {
  return copy(model, true);
}

/** Project.MarshalJSON builds a Go map: top-level keys sorted, and no `models`. */
function jsonTopLevel(doc: TreeObject): TreeObject {
  const out: TreeObject = {};
  for (const k of Object.keys(doc).sort()) if (k !== 'models') setOwn(out, k, k === 'services' && isObject(doc[k]) ? jsonServices(doc[k] as TreeObject) : doc[k]);
  return out;
}

/** ServiceConfig's `command` and `entrypoint` have no `omitempty` in their JSON tags: null when unset. */
function jsonServices(services: TreeObject): TreeObject {
  const out: TreeObject = {};
  for (const name of Object.keys(services)) {
    const s = services[name];
    if (!isObject(s) || (Object.hasOwn(s, 'command') && Object.hasOwn(s, 'entrypoint'))) {
      setOwn(out, name, s);
      continue;
    }
    const withNulls: TreeObject = {};
    for (const k of Object.keys(s)) {
      // struct order: command comes before container_name..., entrypoint before environment...
      for (const field of ['command', 'entrypoint'])
        if (!Object.hasOwn(s, field) && !Object.hasOwn(withNulls, field) && SERVICE_FIELDS.indexOf(k) > SERVICE_FIELDS.indexOf(field)) setOwn(withNulls, field, null);
      setOwn(withNulls, k, s[k]);
    }
    for (const field of ['command', 'entrypoint']) if (!Object.hasOwn(withNulls, field)) setOwn(withNulls, field, null);
    setOwn(out, name, withNulls);
  }
  return out;
}

/** encoding/json escapes these inside strings (HTML safety and JavaScript line terminators). */
const GO_JSON_ESCAPES: Record<string, string> = { '<': '\\u003c', '>': '\\u003e', '&': '\\u0026', '\u2028': '\\u2028', '\u2029': '\\u2029' };
const goJson = (v: unknown): string => JSON.stringify(v, null, 2).replace(/[<>&\u2028\u2029]/g, (c) => GO_JSON_ESCAPES[c]) + '\n';

/** go-yaml's isOldBool and isBase60Float: strings a YAML 1.1 reader would not read as strings. */
const OLD_BOOL = new Set(['y', 'Y', 'yes', 'Yes', 'YES', 'on', 'On', 'ON', 'n', 'N', 'no', 'No', 'NO', 'off', 'Off', 'OFF']);
const BASE60_FLOAT = /^[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+(?:\.[0-9_]*)?$/;

/** YAML as go-yaml writes it where it matters to a reader: YAML 1.1 booleans and base-60 numbers quoted. */
export function toGoYaml(doc: TreeObject): string {
  const d = new Document(doc, { aliasDuplicateObjects: false });
  // go-yaml double-quotes them (keys too) so that YAML 1.1 readers keep them strings
  visit(d, {
    Scalar(_, node) {
      if (typeof node.value === 'string' && (OLD_BOOL.has(node.value) || BASE60_FLOAT.test(node.value))) node.type = Scalar.QUOTE_DOUBLE;
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
  const doc = configDocument(model);
  const text = format === 'json' ? goJson(jsonTopLevel(doc)) : toGoYaml(doc);
  return options.noInterpolate ? text : text.replaceAll('$', () => '$$');
}
