import type { Rule } from '../types.js';
import { services, str, replicas } from '../model.js';

const rule: Rule = {
  meta: {
    id: 'container-name-with-replicas',
    title: 'container_name with replicas',
    severity: 'error',
    category: 'availability',
    environments: 'all',
    references: { dclint: 'no-duplicate-container-names' },
    description:
      '`container_name` is set and `deploy.replicas` (or `scale`) is above 1: container names are unique, so Compose refuses to scale the service.',
    fix: 'drop `container_name`',
  },
  check({ model }, report) {
    for (const [name, svc] of services(model)) {
      const n = replicas(svc);
      if (str(svc.container_name)?.trim() && n > 1)
        report({
          path: ['services', name, 'container_name'],
          message: `service "${name}" sets container_name "${str(svc.container_name)}" but asks for ${n} replicas`,
        });
    }
  },
};
export default rule;
