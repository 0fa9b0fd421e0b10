import { serviceRule } from '../rule.js';
import { obj, list, str } from '../model.js';
import { keysBySource, itemsBySource, outOfOrder } from '../order.js';

export default serviceRule(
  {
    id: 'depends-on-order',
    title: 'depends_on not in alphabetical order',
    severity: 'info',
    category: 'style',
    environments: 'all',
    defaultOff: true,
    references: { dclint: 'service-dependencies-alphabetical-order' },
    description: 'The services under `depends_on` are not in alphabetical order.',
    fix: 'sort `depends_on`',
    messages: { order: 'dependency "{{dependency}}" of service "{{service}}" should come before "{{after}}"' },
  },
  (svc, _name, report) => {
    const map = obj(svc.depends_on);
    const seq = list(svc.depends_on);
    const groups = map
      ? keysBySource(map, Object.keys(map))
      : itemsBySource(svc.depends_on, seq.length).map((g) => g.map((p) => ({ key: String(p.key), loc: p.loc })));
    const label = (k: string): string => (map ? k : (str(seq[Number(k)]) ?? ''));
    for (const group of groups)
      for (const { item, after } of outOfOrder(group, label))
        report({
          path: ['depends_on', map ? item.key : Number(item.key)],
          messageId: 'order',
          data: { dependency: label(item.key), after: label(after.key) },
        });
  },
);
