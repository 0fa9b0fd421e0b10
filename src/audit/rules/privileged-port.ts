import type { Rule } from '../types.js';
import { services, ports, portRange } from '../model.js';

const rule: Rule = {
  meta: {
    id: 'privileged-port',
    title: 'Privileged host port',
    severity: 'info',
    category: 'network',
    environments: 'all',
    references: { cis: '5.7', kics: ['privileged_ports_mapped_in_container'] },
    description: 'A published host port below 1024; usually a reverse proxy should own these.',
    fix: 'publish a port ≥ 1024, or put the service behind a proxy',
  },
  check({ model }, report) {
    for (const [name, svc] of services(model))
      for (const p of ports(svc)) {
        const r = portRange(p.published);
        if (r && r[0] > 0 && r[0] < 1024)
          report({
            path: ['services', name, 'ports', p.index],
            message: `service "${name}" publishes privileged host port ${p.published}`,
          });
      }
  },
};
export default rule;
