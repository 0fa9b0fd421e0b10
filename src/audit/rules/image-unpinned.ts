import type { Rule } from '../types.js';
import { services, str, parseImage } from '../model.js';

/** Tags that move: the same name names different images over time. */
export function floatingTag(tag: string): boolean {
  return (
    /^(latest|stable|edge|nightly|main|master|dev|develop|canary|rolling|current|lts)$/i.test(tag) ||
    /^latest[-_.]|[-_.]latest$/i.test(tag)
  );
}

const rule: Rule = {
  meta: {
    id: 'image-unpinned',
    title: 'Unpinned image',
    severity: 'warning',
    category: 'images',
    environments: 'all',
    references: { cis: '5.27', dclint: 'service-image-require-explicit-tag', cwe: 'CWE-1357' },
    description:
      'An image with no tag (which means `latest`) or a floating tag (`latest`, `latest-gpu`, `stable`, `edge`, `nightly`…): a redeploy can silently run different software. A digest pins it.',
    fix: 'pin a version tag (`postgres:16.4`), or a digest',
  },
  check({ model }, report) {
    for (const [name, svc] of services(model)) {
      const image = str(svc.image)?.trim();
      if (!image || image.includes('${')) continue;
      const { name: repo, tag, digest } = parseImage(image);
      if (digest) continue;
      if (tag !== undefined && !floatingTag(tag)) continue;
      report({
        path: ['services', name, 'image'],
        message:
          tag === undefined
            ? `image "${image}" of service "${name}" has no tag (means latest)`
            : `image "${image}" of service "${name}" uses the floating tag "${tag}"`,
        fix: { description: 'pin a version tag', yaml: `services:\n  ${name}:\n    image: ${repo}:<version>\n` },
      });
    }
  },
};
export default rule;
