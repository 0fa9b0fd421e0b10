import { serviceRule } from '../rule.js';
import { str } from '../model.js';

export default serviceRule(
  {
    id: 'build-and-image',
    title: 'Both build and image',
    severity: 'info',
    category: 'images',
    environments: 'all',
    references: { dclint: 'no-build-and-image' },
    description:
      'A service with both `build` and `image` and no `pull_policy`: whether it runs the pulled or the locally built image depends on what is in the cache.',
    fix: 'choose one, or set `pull_policy: build` (always build) or `pull_policy: always` (always pull)',
    messages: { buildAndImage: 'service "{{service}}" has both build and image "{{image}}" and no pull_policy' },
  },
  (svc, _name, report) => {
    const image = str(svc.image);
    if (svc.build !== undefined && svc.build !== null && image?.trim() && !str(svc.pull_policy))
      report({ path: ['build'], messageId: 'buildAndImage', data: { image } });
  },
);
