import { defineRule } from '../rule.js';
import { obj } from '../model.js';
import { keysBySource, outOfOrder } from '../order.js';

export default defineRule(
  {
    id: 'services-order',
    title: 'Services not in alphabetical order',
    severity: 'info',
    category: 'style',
    environments: 'all',
    defaultOff: true,
    references: { dclint: 'services-alphabetical-order' },
    description: 'Services of each file are not in alphabetical order.',
    fix: 'sort the services by name',
    messages: { order: 'service "{{service}}" should come before "{{after}}"' },
  },
  ({ model }, report) => {
    const s = obj(model.services);
    if (!s) return;
    for (const group of keysBySource(s, Object.keys(s)))
      for (const { item, after } of outOfOrder(group, (k) => k))
        report({ path: ['services', item.key], messageId: 'order', data: { service: item.key, after: after.key } });
  },
);
