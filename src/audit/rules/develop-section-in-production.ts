import { serviceRule } from '../rule.js';

export default serviceRule(
  {
    id: 'develop-section-in-production',
    title: 'develop section in production',
    severity: 'info',
    category: 'environments',
    environments: 'production',
    references: {},
    description:
      'A `develop:` (Compose Watch) section in a production configuration: it syncs or rebuilds from local files when `watch` is used.',
    fix: 'move `develop:` to the development override',
    messages: { developSection: 'service "{{service}}" has a develop (watch) section' },
  },
  (svc, _name, report) => {
    if (svc.develop !== undefined && svc.develop !== null) report({ path: ['develop'], messageId: 'developSection' });
  },
);
