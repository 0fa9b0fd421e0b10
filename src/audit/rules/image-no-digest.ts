import { serviceRule } from '../rule.js';
import { str, parseImage } from '../model.js';

export default serviceRule(
  {
    id: 'image-no-digest',
    title: 'Image not pinned by digest',
    severity: 'info',
    category: 'images',
    environments: 'production',
    references: { cwe: 'CWE-1357' },
    description:
      'A tag can be re-pushed; only `@sha256:` makes a production deploy reproducible. Services that build their image are skipped.',
    fix: 'pin by digest: `image: nginx:1.27@sha256:…`',
    messages: { noDigest: 'image "{{image}}" of service "{{service}}" is not pinned by digest' },
  },
  (svc, _name, report) => {
    const image = str(svc.image)?.trim();
    if (!image || svc.build !== undefined || image.includes('${') || parseImage(image).digest) return;
    report({ path: ['image'], messageId: 'noDigest', data: { image } });
  },
);
