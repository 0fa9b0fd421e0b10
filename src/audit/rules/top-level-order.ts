import type { Rule } from '../types.js';
import { keysBySource, outOfOrder } from '../order.js';

const ORDER = ['version', 'name', 'include', 'services', 'networks', 'volumes', 'secrets', 'configs'];

const rule: Rule = {
  meta: {
    id: 'top-level-order',
    title: 'Top-level keys out of order',
    severity: 'info',
    category: 'style',
    environments: 'all',
    defaultOff: true,
    references: { dclint: 'top-level-properties-order' },
    description: `Top-level keys do not follow dclint's order: x-* extensions, ${ORDER.join(', ')}.`,
    fix: 'reorder the top-level keys',
  },
  check({ model }, report) {
    const rank = (k: string): string => (k.startsWith('x-') ? ` ${k}` : String(ORDER.indexOf(k)).padStart(3, '0'));
    const known = Object.keys(model).filter((k) => k.startsWith('x-') || ORDER.includes(k));
    for (const group of keysBySource(model, known))
      for (const { item, after } of outOfOrder(group, rank))
        report({ path: [item.key], message: `top-level "${item.key}" should come before "${after.key}"` });
  },
};
export default rule;
