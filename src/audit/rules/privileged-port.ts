import type { Rule } from '../types.js';
import { services, ports, portEntries, portRange, portSpan } from '../model.js';

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
    for (const [name, svc] of services(model)) {
      const privileged = ports(svc).filter((p) => {
        const r = portRange(p.published);
        return r && r[0] > 0 && r[0] < 1024;
      });
      // one finding an entry as written (a range is one line to fix)
      for (const run of portEntries(svc, privileged))
        report({
          path: ['services', name, 'ports', run[0].index],
          message:
            run.length > 1
              ? `service "${name}" publishes privileged host ports ${portSpan(run.map((p) => p.published))}`
              : `service "${name}" publishes privileged host port ${run[0].published}`,
        });
    }
  },
};
export default rule;
