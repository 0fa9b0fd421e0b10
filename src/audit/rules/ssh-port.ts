import { serviceRule } from '../rule.js';
import { ports, rangeHas } from '../ports.js';

export default serviceRule(
  {
    id: 'ssh-port',
    title: 'SSH inside a container',
    severity: 'info',
    category: 'network',
    environments: 'all',
    references: { cis: '5.6' },
    description:
      'Container port 22 is published: an sshd in a container is an extra service to patch and a way around `docker exec` auditing.',
    fix: 'use `docker exec` instead',
    messages: { ssh: 'service "{{service}}" publishes SSH (container port 22)' },
  },
  (svc, _name, report) => {
    for (const p of ports(svc)) if (rangeHas(p.target, 22)) report({ path: ['ports', p.index], messageId: 'ssh' });
  },
);
