import type { Rule } from '../types.js';
import { services, str } from '../model.js';

const rule: Rule = {
  meta: {
    id: 'build-and-image',
    title: 'Both build and image',
    severity: 'info',
    category: 'images',
    environments: 'all',
    references: { dclint: 'no-build-and-image' },
    description:
      'A service with both `build` and `image` and no `pull_policy`: whether it runs the pulled or the locally built image depends on what is in the cache.',
    fix: 'choose one, or set `pull_policy: build` (always build) or `pull_policy: always` (always pull)',
  },
  check({ model }, report) {
    for (const [name, svc] of services(model))
      if (svc.build !== undefined && svc.build !== null && str(svc.image)?.trim() && !str(svc.pull_policy))
        report({
          path: ['services', name, 'build'],
          message: `service "${name}" has both build and image "${str(svc.image)}" and no pull_policy`,
        });
  },
};
export default rule;
