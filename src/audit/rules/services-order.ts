import type { Rule } from '../types.js';
import { obj } from '../model.js';
import { keysBySource, outOfOrder } from '../order.js';

const rule: Rule = {
  meta: {
    id: 'services-order',
    title: 'Services not in alphabetical order',
    severity: 'info',
    category: 'style',
    environments: 'all',
    defaultOff: true,
    references: { dclint: 'services-alphabetical-order' },
    description: 'Services of each file are not in alphabetical order.',
    fix: 'sort the services by name',
  },
  check({ model }, report) {
    const s = obj(model.services);
    if (!s) return;
    for (const group of keysBySource(s, Object.keys(s)))
      for (const { item, after } of outOfOrder(group, (k) => k))
        report({ path: ['services', item.key], message: `service "${item.key}" should come before "${after.key}"` });
  },
};
export default rule;
