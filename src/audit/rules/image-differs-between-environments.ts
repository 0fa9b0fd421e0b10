import { defineRule } from '../rule.js';
import { services, str, parseImage } from '../model.js';

export default defineRule(
  {
    id: 'image-differs-between-environments',
    title: 'Different image in development and production',
    severity: 'info',
    category: 'environments',
    environments: 'production',
    wholeProject: true,
    references: {},
    description:
      'The same service runs a different image repository or tag in development and production, so what was tried is not what is deployed. Needs the development model beside the production one.',
    fix: 'use the same image in both, varying only configuration',
    messages: {
      imageDiffers:
        'service "{{service}}" runs {{image}} here but {{developmentImage}} in {{development}} (different {{what}})',
    },
  },
  ({ model, development }, report) => {
    if (!development) return;
    const dev = new Map(services(development.model));
    for (const [name, svc] of services(model)) {
      const image = str(svc.image)?.trim();
      const developmentImage = str(dev.get(name)?.image)?.trim();
      if (!image || !developmentImage || image === developmentImage) continue;
      const a = parseImage(image);
      const b = parseImage(developmentImage);
      const what = a.name !== b.name ? 'repository' : a.tag !== b.tag ? 'tag' : 'digest';
      report({
        path: ['services', name, 'image'],
        messageId: 'imageDiffers',
        data: { service: name, image, developmentImage, development: development.environment, what },
      });
    }
  },
);
