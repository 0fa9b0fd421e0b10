import type { Rule } from '../types.js';
import { services, str } from '../model.js';

const rule: Rule = {
  meta: {
    id: 'build-without-image',
    title: 'Built in production, not referenced',
    severity: 'warning',
    category: 'images',
    environments: 'production',
    references: {},
    description:
      'A production service with `build:` and no `image:` is built on the deploy host: what runs is unnamed and untested.',
    fix: 'build in CI, push, and reference the pushed image by `image:`',
  },
  check({ model }, report) {
    for (const [name, svc] of services(model))
      if (svc.build !== undefined && svc.build !== null && !str(svc.image)?.trim())
        report({
          path: ['services', name, 'build'],
          message: `service "${name}" is built on deploy and has no image name`,
        });
  },
};
export default rule;
