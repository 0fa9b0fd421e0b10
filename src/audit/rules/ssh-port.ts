import type { Rule } from '../types.js';
import { services, ports, rangeHas } from '../model.js';

const rule: Rule = {
  meta: {
    id: 'ssh-port',
    title: 'SSH inside a container',
    severity: 'info',
    category: 'network',
    environments: 'all',
    references: { cis: '5.6' },
    description:
      'Container port 22 is published: an sshd in a container is an extra service to patch and a way around `docker exec` auditing.',
    fix: 'use `docker exec` instead',
  },
  check({ model }, report) {
    for (const [name, svc] of services(model))
      for (const p of ports(svc))
        if (rangeHas(p.target, 22))
          report({
            path: ['services', name, 'ports', p.index],
            message: `service "${name}" publishes SSH (container port 22)`,
          });
  },
};
export default rule;
