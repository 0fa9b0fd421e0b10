import { serviceRule } from '../rule.js';
import { ports, portRange } from '../ports.js';
import { itemsBySource, outOfOrder } from '../order.js';

export default serviceRule(
  {
    id: 'ports-order',
    title: 'Ports not in order',
    severity: 'info',
    category: 'style',
    environments: 'all',
    defaultOff: true,
    references: { dclint: 'service-ports-alphabetical-order' },
    description: 'The `ports` of a service are not sorted by host port (container port when none is published).',
    fix: 'sort `ports`',
    messages: { order: 'port {{port}} of service "{{service}}" should come before {{after}}' },
  },
  (svc, _name, report) => {
    const specs = new Map(ports(svc).map((s) => [s.index, s]));
    const num = (i: number): number => {
      const p = specs.get(i);
      return portRange(p?.published ?? p?.target)?.[0] ?? 0;
    };
    for (const group of itemsBySource(svc.ports, Array.isArray(svc.ports) ? svc.ports.length : 0))
      for (const { item, after } of outOfOrder(group, num))
        report({ path: ['ports', item.key], messageId: 'order', data: { port: num(item.key), after: num(after.key) } });
  },
);
