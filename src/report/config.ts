/**
 * `docker compose config`-like rendering of a canonical model (YAML or JSON). Compose marshals Go
 * structs, so struct fields come in their declaration order (compose-go types/*.go) and map keys
 * sorted; the tables below give the struct orders.
 */
import { stringify } from 'yaml';
import { isObject, setOwn, type Tree, type TreeObject } from '../yaml/located.js';
import { nextPath, ruleTable } from '../yaml/treepath.js';

const SERVICE = 'profiles annotations attach build develop blkio_config cap_add cap_drop cgroup_parent cgroup cpu_count cpu_percent cpu_period cpu_quota cpu_rt_period cpu_rt_runtime cpus cpuset cpu_shares command configs container_name credential_spec depends_on deploy device_cgroup_rules devices dns dns_opt dns_search dockerfile domainname entrypoint provider environment env_file expose extends external_links extra_hosts group_add gpus hostname healthcheck image init ipc isolation labels label_file links logging log_driver log_opt mem_limit mem_reservation memswap_limit mem_swappiness mac_address models net network_mode networks oom_kill_disable oom_score_adj pid pids_limit platform ports privileged pull_policy read_only restart runtime scale secrets security_opt shm_size stdin_open stop_grace_period stop_signal storage_opt sysctls tmpfs tty ulimits use_api_socket user userns_mode uts volume_driver volumes volumes_from working_dir pre_start post_start pre_stop';
const FILE_REF = 'source target uid gid mode';
const RESOURCE = 'cpus memory pids devices generic_resources';

/** Struct field orders by model path (compose-go types): everything else is a map, sorted. */
const structOrder = ruleTable<string[]>(
  (
    [
      ['', 'name services networks volumes secrets configs models'],
      ['services.*', SERVICE],
      ['services.*.ports.*', 'name mode host_ip target published protocol app_protocol'],
      ['services.*.volumes.*', 'type source target read_only consistency bind volume tmpfs image'],
      ['services.*.volumes.*.bind', 'selinux propagation create_host_path recursive'],
      ['services.*.healthcheck', 'test timeout interval retries start_period start_interval disable'],
      ['services.*.build', 'context dockerfile dockerfile_inline entitlements args provenance sbom ssh labels cache_from cache_to no_cache no_cache_filter additional_contexts pull extra_hosts isolation network target secrets shm_size tags ulimits platforms privileged'],
      ['services.*.depends_on.*', 'condition restart required'],
      ['services.*.deploy', 'mode replicas labels update_config rollback_config resources restart_policy placement endpoint_mode'],
      ['services.*.deploy.resources', 'limits reservations'],
      ['services.*.deploy.resources.limits', RESOURCE],
      ['services.*.deploy.resources.reservations', RESOURCE],
      ['services.*.deploy.restart_policy', 'condition delay max_attempts window'],
      ['services.*.logging', 'driver options'],
      ['services.*.secrets.*', FILE_REF],
      ['services.*.configs.*', FILE_REF],
      ['services.*.networks.*', 'aliases driver_opts gw_priority interface_name ipv4_address ipv6_address link_local_ips mac_address priority'],
      ['networks.*', 'name driver driver_opts ipam external internal attachable labels enable_ipv4 enable_ipv6'],
      ['volumes.*', 'name driver driver_opts external labels'],
    ] as const
  ).map(([p, order]) => [p, order.split(' ')] as [string, string[]]),
);

/** Plain copy with Compose's key order. */
export function orderedModel(model: TreeObject): TreeObject {
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
    return out;
  };
  return order(model, '') as TreeObject;
}

export function renderConfig(model: TreeObject, format: 'yaml' | 'json' = 'yaml'): string {
  const m = orderedModel(model);
  return format === 'json' ? JSON.stringify(m, null, 2) + '\n' : stringify(m, { lineWidth: 0, aliasDuplicateObjects: false });
}
