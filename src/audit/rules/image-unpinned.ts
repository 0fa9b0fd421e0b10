import { serviceRule } from '../rule.js';
import { str, parseImage, runsLocalImage } from '../model.js';
import { yamlKey, yamlValue } from '../../yaml/emit.js';
import { bundleText, ownText } from '../vocabulary.js';

/**
 * Tags that move: the same name names different images over time. A tag without a version number
 * names a channel or a variant, not a release (`alpine`, `apache`, `release`, `stable`, `edge`,
 * `bookworm`: whatever is newest on it); `latest-gpu` and `3-latest` say so in words.
 */
export function floatingTag(tag: string): boolean {
  return !/\d/.test(tag) || /^latest[-_.]|[-_.]latest$/i.test(tag);
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
      'An image with no tag (which means `latest`) or a floating tag: one without a version number (`latest`, `alpine`, `apache`, `stable`, `edge`, `nightly`, `release`, `main`…) or saying latest (`latest-gpu`): a redeploy can silently run different software. A digest pins it. Images the project builds itself (`build:` with `pull_policy: build|never`, or a bare name a service of the project builds) are skipped: no registry serves them.',
    fix: 'pin a version tag (`postgres:16.4`), or a digest',
    messages: {
      noTag: 'image "{{image}}" of service "{{service}}" has no tag (means latest)',
      floatingTag: 'image "{{image}}" of service "{{service}}" uses the floating tag "{{tag}}"',
    },
  },
  (svc, name, report, ctx) => {
    const image = str(svc.image)?.trim();
    if (!image || image.includes('${') || runsLocalImage(ctx.model, svc)) return;
    const { name: repo, tag, digest } = parseImage(image);
    if (digest) return;
    if (tag !== undefined && !floatingTag(tag)) return;
    const fix = {
      description: ownText('pin a version tag'),
      yaml: `services:\n  ${yamlKey(bundleText(name))}:\n    image: ${yamlValue(`${bundleText(repo)}:<version>`)}\n`,
    };
    if (tag === undefined) report({ path: ['image'], messageId: 'noTag', data: { image }, fix });
    else report({ path: ['image'], messageId: 'floatingTag', data: { image, tag }, fix });
  },
);
