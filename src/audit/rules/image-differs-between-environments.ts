import type { Rule } from '../types.js';
import { services, str, parseImage } from '../model.js';

const rule: Rule = {
  meta: {
    id: 'image-differs-between-environments',
    title: 'Different image in development and production',
    severity: 'info',
    category: 'environments',
    environments: 'production',
    references: {},
    description:
      'The same service runs a different image repository or tag in development and production, so what was tried is not what is deployed. Needs the development model beside the production one.',
    fix: 'use the same image in both, varying only configuration',
  },
  check({ model, development }, report) {
    if (!development) return;
    const dev = new Map(services(development.model));
    for (const [name, svc] of services(model)) {
      const prodImage = str(svc.image)?.trim();
      const devImage = str(dev.get(name)?.image)?.trim();
      if (!prodImage || !devImage || prodImage === devImage) continue;
      const a = parseImage(prodImage);
      const b = parseImage(devImage);
      const what = a.name !== b.name ? 'repository' : a.tag !== b.tag ? 'tag' : 'digest';
      report({
        path: ['services', name, 'image'],
        message: `service "${name}" runs ${prodImage} here but ${devImage} in ${development.environment} (different ${what})`,
      });
    }
  },
};
export default rule;
