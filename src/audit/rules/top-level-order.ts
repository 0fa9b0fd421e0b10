import { defineRule } from '../rule.js';
import { keysBySource, outOfOrder } from '../order.js';

const ORDER = ['version', 'name', 'include', 'services', 'networks', 'volumes', 'secrets', 'configs'];

const rank = (k: string): string => (k.startsWith('x-') ? ` ${k}` : String(ORDER.indexOf(k)).padStart(3, '0'));

export default defineRule(
  {
    id: 'top-level-order',
    title: 'Top-level keys out of order',
    severity: 'info',
    category: 'style',
    environments: 'all',
    defaultOff: true,
    references: { dclint: 'top-level-properties-order' },
    description: `Top-level keys do not follow dclint's order: x-* extensions, ${ORDER.join(', ')}.`,
    fix: 'reorder the top-level keys',
    messages: { order: 'top-level "{{key}}" should come before "{{after}}"' },
  },
  ({ model }, report) => {
    const known = Object.keys(model).filter((k) => k.startsWith('x-') || ORDER.includes(k));
    for (const group of keysBySource(model, known))
      for (const { item, after } of outOfOrder(group, rank))
        report({ path: [item.key], messageId: 'order', data: { key: item.key, after: after.key } });
  },
);
