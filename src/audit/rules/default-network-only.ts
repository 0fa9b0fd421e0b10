import type { Rule } from '../types.js';
import { services, obj, list, str } from '../model.js';

const rule: Rule = {
  meta: {
    id: 'default-network-only',
    title: 'Only on the default network',
    severity: 'info',
    category: 'isolation',
    environments: 'production',
    references: { cis: '5.29', kics: ['networks_not_set'] },
    description:
      "A service with no `networks` lands on the project's default network, where every other such service can reach it.",
    fix: 'put services on purpose-named networks (frontend, backend) so only the ones that talk can reach each other',
  },
  check({ model }, report) {
    for (const [name, svc] of services(model)) {
      if (svc.network_mode !== undefined && svc.network_mode !== null) continue;
      // `docker compose config` writes `networks: {default: null}` for a service that named none
      const nets = obj(svc.networks)
        ? Object.keys(obj(svc.networks) ?? {})
        : list(svc.networks).map((n) => str(n) ?? '');
      if (nets.some((n) => n !== 'default')) continue;
      report({
        path: ['services', name, 'networks'],
        message: `service "${name}" is only on the default network, shared with every service that names none`,
      });
    }
  },
};
export default rule;
