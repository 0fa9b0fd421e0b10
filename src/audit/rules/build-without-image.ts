import { serviceRule } from '../rule.js';
import { str } from '../model.js';

export default serviceRule(
  {
    id: 'build-without-image',
    title: 'Built in production, not referenced',
    severity: 'warning',
    category: 'images',
    environments: 'production',
    wholeProject: true,
    references: {},
    description:
      'A production service with `build:` and no `image:` is built on the deploy host: what runs is unnamed and untested.',
    fix: 'build in CI, push, and reference the pushed image by `image:`',
    messages: { noImage: 'service "{{service}}" is built on deploy and has no image name' },
  },
  (svc, _name, report) => {
    if (svc.build !== undefined && svc.build !== null && !str(svc.image)?.trim())
      report({ path: ['build'], messageId: 'noImage' });
  },
);
