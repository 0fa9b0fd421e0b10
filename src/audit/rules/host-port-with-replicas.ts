import type { Rule } from '../types.js';
import { services, ports, portRange, replicas } from '../model.js';
import { locate } from '../../yaml/located.js';

const rule: Rule = {
  meta: {
    id: 'host-port-with-replicas',
    title: 'Fixed host port with replicas',
    severity: 'error',
    category: 'availability',
    environments: 'all',
    references: {},
    description:
      'A service with `deploy.replicas` (or `scale`) above 1 publishes a fixed host port: every replica binds the same host IP and port, so only one container starts ("port is already allocated"). A host port range with one container port is fine when it has a port for each replica: the engine picks a free one per container.',
    fix: 'publish a host port range at least as wide as the replicas (`"8080-8082:8080"`), or no host port and a reverse proxy in front',
  },
  check({ model }, report) {
    for (const [name, svc] of services(model)) {
      const n = replicas(svc);
      if (n < 2) continue;
      // a short-syntax range ("8080-8081:80-81") is one canonical entry per port, all set at one place: one finding
      const reported = new Set<string>();
      for (const p of ports(svc)) {
        const host = portRange(p.published);
        if (!host) continue; // no host port: the engine picks an ephemeral one per container
        const width = host[1] - host[0] + 1;
        const target = portRange(p.target);
        const picksOne = width > 1 && target !== undefined && target[0] === target[1];
        if (picksOne && width >= n) continue;
        const path = ['services', name, 'ports', p.index, 'published'];
        const at = locate(model, path);
        const key = at ? `${at.file}:${at.line}:${at.column}` : String(p.index);
        if (reported.has(key)) continue;
        reported.add(key);
        report({
          path,
          message: picksOne
            ? `service "${name}" asks for ${n} replicas but its host port range ${p.published} has ${width} ports`
            : `service "${name}" asks for ${n} replicas but publishes the fixed host port ${p.published}/${p.protocol}: only one of them can bind it`,
        });
      }
    }
  },
};
export default rule;
