import { serviceRule } from '../rule.js';
import { ports, rangeHas } from '../ports.js';

export default serviceRule(
  {
    id: 'docker-api-port',
    title: 'Docker API published',
    severity: 'error',
    category: 'network',
    environments: 'all',
    references: { cwe: 'CWE-306' },
    description: 'Port 2375/2376 is the Docker daemon API: whoever reaches it is root on the host.',
    fix: 'never publish the daemon API; use the Compose network or an SSH context',
    messages: {
      plain: 'service "{{service}}" publishes the Docker API port 2375 (unencrypted, unauthenticated)',
      tls: 'service "{{service}}" publishes the Docker API port 2376',
    },
  },
  (svc, _name, report) => {
    for (const p of ports(svc)) {
      const port = [2375, 2376].find((x) => rangeHas(p.target, x) || rangeHas(p.published, x));
      if (port) report({ path: ['ports', p.index], messageId: port === 2375 ? 'plain' : 'tls' });
    }
  },
);
