import { serviceRule } from '../rule.js';
import { ports, portRange } from '../ports.js';

export default serviceRule(
  {
    id: 'privileged-port',
    title: 'Privileged host port',
    severity: 'info',
    category: 'network',
    environments: 'all',
    defaultOff: true,
    note: 'off by default: a host port under 1024 only matters to a rootless engine; publishing 80 is normal',
    references: { cis: '5.7', kics: ['privileged_ports_mapped_in_container'] },
    description: 'A published host port below 1024; usually a reverse proxy should own these.',
    fix: 'publish a port ≥ 1024, or put the service behind a proxy',
    messages: { privilegedPort: 'service "{{service}}" publishes privileged host port {{port}}' },
  },
  (svc, _name, report) => {
    for (const p of ports(svc)) {
      const r = portRange(p.published);
      if (r && r[0] > 0 && r[0] < 1024)
        report({ path: ['ports', p.index], messageId: 'privilegedPort', data: { port: String(p.published) } });
    }
  },
);
