import { serviceRule } from '../rule.js';
import { mounts } from '../volumes.js';
import { ownText } from '../vocabulary.js';

export default serviceRule(
  {
    id: 'mount-propagation-shared',
    title: 'Shared mount propagation',
    severity: 'warning',
    category: 'filesystem',
    environments: 'all',
    references: { cis: '5.19' },
    description: 'A bind with `shared`/`rshared` propagation lets mounts made inside the container appear on the host.',
    fix: 'use the default propagation (`rprivate`)',
    messages: { shared: 'service "{{service}}" mounts {{path}} with {{propagation}} propagation' },
  },
  (svc, _name, report) => {
    for (const m of mounts(svc))
      if (m.propagation && /^r?shared$/.test(m.propagation.trim()))
        report({
          path: m.short ? ['volumes', m.index] : ['volumes', m.index, 'bind', 'propagation'],
          messageId: 'shared',
          data: { path: m.source ?? m.target ?? 'a path', propagation: m.propagation },
          fix: { description: ownText('remove the propagation option') },
        });
  },
);
