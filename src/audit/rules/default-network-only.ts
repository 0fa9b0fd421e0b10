import { serviceRule } from '../rule.js';
import { obj, list, str } from '../model.js';

export default serviceRule(
  {
    id: 'default-network-only',
    title: 'Only on the default network',
    severity: 'info',
    category: 'isolation',
    environments: 'production',
    wholeProject: true,
    scope: 'project',
    summary: 'are on a network named for them',
    defaultOff: true,
    note: "off by default: Compose's default network is already a per-project bridge (CIS 5.29 is about docker0); segmenting one app is rarely worth a line",
    references: { cis: '5.29', kics: ['networks_not_set'] },
    description:
      "A service with no `networks` lands on the project's default network, where every other such service can reach it.",
    fix: 'put services on purpose-named networks (frontend, backend) so only the ones that talk can reach each other',
    messages: {
      defaultOnly: 'service "{{service}}" is only on the default network, shared with every service that names none',
    },
  },
  (svc, _name, report) => {
    if (svc.network_mode !== undefined && svc.network_mode !== null) return;
    // `docker compose config` writes `networks: {default: null}` for a service that named none
    const nets = obj(svc.networks) ? Object.keys(obj(svc.networks) ?? {}) : list(svc.networks).map((n) => str(n) ?? '');
    if (nets.some((n) => n !== 'default')) return;
    report({ path: ['networks'], messageId: 'defaultOnly' });
  },
);
