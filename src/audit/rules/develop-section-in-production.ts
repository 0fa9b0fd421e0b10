import type { Rule } from '../types.js';
import { services } from '../model.js';

const rule: Rule = {
  meta: {
    id: 'develop-section-in-production',
    title: 'develop section in production',
    severity: 'info',
    category: 'environments',
    environments: 'production',
    references: {},
    description:
      'A `develop:` (Compose Watch) section in a production configuration: it syncs or rebuilds from local files when `watch` is used.',
    fix: 'move `develop:` to the development override',
  },
  check({ model }, report) {
    for (const [name, svc] of services(model))
      if (svc.develop !== undefined && svc.develop !== null)
        report({ path: ['services', name, 'develop'], message: `service "${name}" has a develop (watch) section` });
  },
};
export default rule;
