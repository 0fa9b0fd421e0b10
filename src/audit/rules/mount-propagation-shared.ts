import type { Rule } from '../types.js';
import { services, mounts } from '../model.js';

const rule: Rule = {
  meta: {
    id: 'mount-propagation-shared',
    title: 'Shared mount propagation',
    severity: 'warning',
    category: 'filesystem',
    environments: 'all',
    references: { cis: '5.19' },
    description: 'A bind with `shared`/`rshared` propagation lets mounts made inside the container appear on the host.',
    fix: 'use the default propagation (`rprivate`)',
  },
  check({ model }, report) {
    for (const [name, svc] of services(model))
      for (const m of mounts(svc))
        if (m.propagation && /^r?shared$/.test(m.propagation.trim()))
          report({
            path: m.short
              ? ['services', name, 'volumes', m.index]
              : ['services', name, 'volumes', m.index, 'bind', 'propagation'],
            message: `service "${name}" mounts ${m.source ?? m.target ?? 'a path'} with ${m.propagation} propagation`,
            fix: { description: 'remove the propagation option' },
          });
  },
};
export default rule;
