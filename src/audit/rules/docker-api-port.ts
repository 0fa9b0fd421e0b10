import type { Rule } from '../types.js';
import { services, ports, rangeHas } from '../model.js';

const rule: Rule = {
  meta: {
    id: 'docker-api-port',
    title: 'Docker API published',
    severity: 'error',
    category: 'network',
    environments: 'all',
    references: { cwe: 'CWE-306' },
    description: 'Port 2375/2376 is the Docker daemon API: whoever reaches it is root on the host.',
    fix: 'never publish the daemon API; use the Compose network or an SSH context',
  },
  check({ model }, report) {
    for (const [name, svc] of services(model))
      for (const p of ports(svc)) {
        const n = [2375, 2376].find((x) => rangeHas(p.target, x) || rangeHas(p.published, x));
        if (n)
          report({
            path: ['services', name, 'ports', p.index],
            message: `service "${name}" publishes the Docker API port ${n}${n === 2375 ? ' (unencrypted, unauthenticated)' : ''}`,
          });
      }
  },
};
export default rule;
