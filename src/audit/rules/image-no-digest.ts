import type { Rule } from '../types.js';
import { services, str, parseImage } from '../model.js';

const rule: Rule = {
  meta: {
    id: 'image-no-digest',
    title: 'Image not pinned by digest',
    severity: 'info',
    category: 'images',
    environments: 'production',
    references: { cwe: 'CWE-1357' },
    description:
      'A tag can be re-pushed; only `@sha256:` makes a production deploy reproducible. Services that build their image are skipped.',
    fix: 'pin by digest: `image: nginx:1.27@sha256:…`',
  },
  check({ model }, report) {
    for (const [name, svc] of services(model)) {
      const image = str(svc.image)?.trim();
      if (!image || svc.build !== undefined || image.includes('${') || parseImage(image).digest) continue;
      report({
        path: ['services', name, 'image'],
        message: `image "${image}" of service "${name}" is not pinned by digest`,
      });
    }
  },
};
export default rule;
