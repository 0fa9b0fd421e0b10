import { serviceRule } from '../rule.js';
import { replicas } from '../model.js';
import { ports, portRange } from '../ports.js';
import { locate } from '../../yaml/located.js';

export default serviceRule(
  {
    id: 'host-port-with-replicas',
    title: 'Fixed host port with replicas',
    severity: 'error',
    category: 'availability',
    environments: 'all',
    references: {},
    description:
      'A service with `deploy.replicas` (or `scale`) above 1 publishes a fixed host port: every replica binds the same host IP and port, so only one container starts ("port is already allocated"). A host port range with one container port is fine when it has a port for each replica: the engine picks a free one per container.',
    fix: 'publish a host port range at least as wide as the replicas (`"8080-8082:8080"`), or no host port and a reverse proxy in front',
    messages: {
      fixedPort:
        'service "{{service}}" asks for {{replicas}} replicas but publishes the fixed host port {{port}}: only one of them can bind it',
      narrowRange:
        'service "{{service}}" asks for {{replicas}} replicas but its host port range {{port}} has {{width}} ports',
    },
  },
  (svc, name, report, { model }) => {
    const n = replicas(svc);
    if (n < 2) return;
    // a short-syntax range ("8080-8081:80-81") is one canonical entry per port, all set at one place: one finding
    const reported = new Set<string>();
    for (const p of ports(svc)) {
      const host = portRange(p.published);
      if (!host) continue; // no host port: the engine picks an ephemeral one per container
      const width = host[1] - host[0] + 1;
      const target = portRange(p.target);
      const picksOne = width > 1 && target !== undefined && target[0] === target[1];
      if (picksOne && width >= n) continue;
      const at = locate(model, ['services', name, 'ports', p.index, 'published']);
      const key = at ? `${at.file}:${at.line}:${at.column}` : String(p.index);
      if (reported.has(key)) continue;
      reported.add(key);
      const path = ['ports', p.index, 'published'];
      if (picksOne) report({ path, messageId: 'narrowRange', data: { replicas: n, port: String(p.published), width } });
      else report({ path, messageId: 'fixedPort', data: { replicas: n, port: `${p.published}/${p.protocol}` } });
    }
  },
);
