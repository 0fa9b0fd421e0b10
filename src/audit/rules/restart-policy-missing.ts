import type { Rule } from '../types.js';
import { services, str, get, serviceFix } from '../model.js';

const rule: Rule = {
  meta: {
    id: 'restart-policy-missing',
    title: 'No restart policy',
    severity: 'warning',
    category: 'availability',
    environments: 'production',
    references: {},
    description: 'Neither `restart` nor `deploy.restart_policy`: a crashed service or a host reboot leaves it down.',
    fix: '`restart: unless-stopped`',
  },
  check({ model }, report) {
    for (const [name, svc] of services(model))
      if (!str(svc.restart)?.trim() && get(svc, 'deploy', 'restart_policy') == null)
        report({
          path: ['services', name, 'restart'],
          message: `service "${name}" has no restart policy`,
          fix: serviceFix(name, 'restart the service when it stops', { restart: 'unless-stopped' }),
        });
  },
};
export default rule;
