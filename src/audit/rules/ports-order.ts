import type { Rule } from '../types.js';
import { services, ports, portRange } from '../model.js';
import { itemsBySource, outOfOrder } from '../order.js';

const rule: Rule = {
  meta: {
    id: 'ports-order',
    title: 'Ports not in order',
    severity: 'info',
    category: 'style',
    environments: 'all',
    defaultOff: true,
    references: { dclint: 'service-ports-alphabetical-order' },
    description: 'The `ports` of a service are not sorted by host port (container port when none is published).',
    fix: 'sort `ports`',
  },
  check({ model }, report) {
    for (const [name, svc] of services(model)) {
      const specs = new Map(ports(svc).map((s) => [s.index, s]));
      const num = (i: number): number => {
        const p = specs.get(i);
        return portRange(p?.published ?? p?.target)?.[0] ?? 0;
      };
      for (const group of itemsBySource(svc.ports, Array.isArray(svc.ports) ? svc.ports.length : 0))
        for (const { item, after } of outOfOrder(group, num))
          report({
            path: ['services', name, 'ports', item.key],
            message: `port ${num(item.key)} of service "${name}" should come before ${num(after.key)}`,
          });
    }
  },
};
export default rule;
