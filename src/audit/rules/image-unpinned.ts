import { serviceRule } from '../rule.js';
import { str, parseImage } from '../model.js';

/** Tags that move: the same name names different images over time. */
export function floatingTag(tag: string): boolean {
  return (
    /^(latest|stable|edge|nightly|main|master|dev|develop|canary|rolling|current|lts)$/i.test(tag) ||
    /^latest[-_.]|[-_.]latest$/i.test(tag)
  );
}

export default serviceRule(
  {
    id: 'image-unpinned',
    title: 'Unpinned image',
    severity: 'warning',
    category: 'images',
    environments: 'all',
    references: { cis: '5.27', dclint: 'service-image-require-explicit-tag', cwe: 'CWE-1357' },
    description:
      'An image with no tag (which means `latest`) or a floating tag (`latest`, `latest-gpu`, `stable`, `edge`, `nightly`…): a redeploy can silently run different software. A digest pins it.',
    fix: 'pin a version tag (`postgres:16.4`), or a digest',
    messages: {
      noTag: 'image "{{image}}" of service "{{service}}" has no tag (means latest)',
      floatingTag: 'image "{{image}}" of service "{{service}}" uses the floating tag "{{tag}}"',
    },
  },
  (svc, name, report) => {
    const image = str(svc.image)?.trim();
    if (!image || image.includes('${')) return;
    const { name: repo, tag, digest } = parseImage(image);
    if (digest) return;
    if (tag !== undefined && !floatingTag(tag)) return;
    const fix = { description: 'pin a version tag', yaml: `services:\n  ${name}:\n    image: ${repo}:<version>\n` };
    if (tag === undefined) report({ path: ['image'], messageId: 'noTag', data: { image }, fix });
    else report({ path: ['image'], messageId: 'floatingTag', data: { image, tag }, fix });
  },
);
