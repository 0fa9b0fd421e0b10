import { serviceRule } from '../rule.js';
import { str, parseImage, runsLocalImage } from '../model.js';

export default serviceRule(
  {
    id: 'image-no-digest',
    title: 'Image not pinned by digest',
    severity: 'info',
    category: 'images',
    environments: 'production',
    scope: 'project',
    summary: 'pin their image by digest',
    defaultOff: true,
    note: 'off by default: a versioned tag is what most teams pin; turn it on to require digests',
    references: { cwe: 'CWE-1357' },
    description:
      'A tag can be re-pushed; only `@sha256:` makes a production deploy reproducible. Services that build their image, and images the project builds, are skipped.',
    fix: 'pin by digest: `image: nginx:1.27@sha256:…`',
    messages: { noDigest: 'image "{{image}}" of service "{{service}}" is not pinned by digest' },
  },
  (svc, _name, report, ctx) => {
    const image = str(svc.image)?.trim();
    if (!image || svc.build !== undefined || image.includes('${') || parseImage(image).digest) return;
    if (runsLocalImage(ctx.model, svc)) return;
    report({ path: ['image'], messageId: 'noDigest', data: { image } });
  },
);
