import type { Rule } from '../types.js';
import { services, obj, list, str } from '../model.js';
import { keysBySource, itemsBySource, outOfOrder } from '../order.js';

const rule: Rule = {
  meta: {
    id: 'depends-on-order',
    title: 'depends_on not in alphabetical order',
    severity: 'info',
    category: 'style',
    environments: 'all',
    defaultOff: true,
    references: { dclint: 'service-dependencies-alphabetical-order' },
    description: 'The services under `depends_on` are not in alphabetical order.',
    fix: 'sort `depends_on`',
  },
  check({ model }, report) {
    for (const [name, svc] of services(model)) {
      const map = obj(svc.depends_on);
      const seq = list(svc.depends_on);
      const groups = map
        ? keysBySource(map, Object.keys(map))
        : itemsBySource(svc.depends_on, seq.length).map((g) => g.map((p) => ({ key: String(p.key), loc: p.loc })));
      const label = (k: string): string => (map ? k : (str(seq[Number(k)]) ?? ''));
      for (const group of groups)
        for (const { item, after } of outOfOrder(group, label))
          report({
            path: ['services', name, 'depends_on', map ? item.key : Number(item.key)],
            message: `dependency "${label(item.key)}" of service "${name}" should come before "${label(after.key)}"`,
          });
    }
  },
};
export default rule;
