import { serviceRule } from '../rule.js';
import { str, replicas } from '../model.js';

export default serviceRule(
  {
    id: 'container-name-with-replicas',
    title: 'container_name with replicas',
    severity: 'error',
    category: 'availability',
    environments: 'all',
    references: { dclint: 'no-duplicate-container-names' },
    description:
      '`container_name` is set and `deploy.replicas` (or `scale`) is above 1: container names are unique, so Compose refuses to scale the service.',
    fix: 'drop `container_name`',
    messages: {
      replicated: 'service "{{service}}" sets container_name "{{name}}" but asks for {{replicas}} replicas',
    },
  },
  (svc, _name, report) => {
    const n = replicas(svc);
    const name = str(svc.container_name);
    if (name?.trim() && n > 1)
      report({ path: ['container_name'], messageId: 'replicated', data: { name, replicas: n } });
  },
);
