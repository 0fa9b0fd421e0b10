/**
 * Questions about a project's services that docker compose asks before it acts (compose-go
 * types/project.go, types/types.go): which services it builds, which wait on others, which reserve
 * GPUs or TPUs, and the order a service's networks are connected in.
 */
import { compareGo } from '../compat/go.js';
import { isObject, type TreeObject } from '../yaml/located.js';
import { dependsOn, servicesOf, sortedKeys, strings, type Project } from './project.js';

/** Project.ServicesWithBuild: the services with a build context (what `docker compose build` builds). */
export function servicesWithBuild(project: Project): string[] {
  const services = servicesOf(project.model);
  return sortedKeys(services).filter((n) => {
    const b = services[n].build;
    return isObject(b) && typeof b.context === 'string' && b.context !== '';
  });
}

/** Project.ServicesWithDependsOn: the services that depend on another. */
export function servicesWithDependsOn(project: Project): string[] {
  const services = servicesOf(project.model);
  return sortedKeys(services).filter((n) => dependsOn(services[n]).size > 0);
}

/**
 * Project.ServicesWithCapabilities: the services that reserve a device with capabilities
 * (`deploy.resources.reservations.devices[].capabilities`), and among them those asking for a `gpu`,
 * and a `tpu`.
 */
export function servicesWithCapabilities(project: Project): { capabilities: string[]; gpu: string[]; tpu: string[] } {
  const out = { capabilities: new Set<string>(), gpu: new Set<string>(), tpu: new Set<string>() };
  const services = servicesOf(project.model);
  for (const name of sortedKeys(services)) {
    const d = services[name].deploy;
    const r = isObject(d) && isObject(d.resources) ? d.resources.reservations : undefined;
    const devices = isObject(r) && Array.isArray(r.devices) ? r.devices : [];
    for (const device of devices) {
      const caps = isObject(device) ? strings(device.capabilities) : [];
      if (caps.length) out.capabilities.add(name);
      if (caps.includes('gpu')) out.gpu.add(name);
      if (caps.includes('tpu')) out.tpu.add(name);
    }
  }
  return { capabilities: [...out.capabilities], gpu: [...out.gpu], tpu: [...out.tpu] };
}

/**
 * ServiceConfig.NetworksByPriority: a service's networks, highest `priority` first (no priority is
 * 0), by name where equal: the order docker compose connects them in.
 */
export function networksByPriority(service: TreeObject): string[] {
  const networks = service.networks;
  const list = isObject(networks)
    ? Object.keys(networks).map((name) => {
        const n = networks[name];
        return { name, priority: isObject(n) && typeof n.priority === 'number' ? n.priority : 0 };
      })
    : strings(networks).map((name) => ({ name, priority: 0 }));
  return list.sort((a, b) => b.priority - a.priority || compareGo(a.name, b.name)).map((n) => n.name);
}
