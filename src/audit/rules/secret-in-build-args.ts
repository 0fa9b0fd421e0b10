import { serviceRule } from '../rule.js';
import { entries, get } from '../model.js';
import { isSecretName, isNonSecretValue } from '../secrets.js';
import { yamlKey, yamlValue } from '../../yaml/emit.js';
import { bundleText, ownText } from '../vocabulary.js';

export default serviceRule(
  {
    id: 'secret-in-build-args',
    title: 'Secret in build args',
    severity: 'warning',
    category: 'secrets',
    environments: 'all',
    references: { cwe: 'CWE-538' },
    description:
      'A `build.args` entry named like a secret: build arguments are recorded in the image history (`docker history`), whatever their value.',
    fix: 'use `build.secrets` and `RUN --mount=type=secret`',
    messages: {
      secretArg:
        'build argument {{argument}} of service "{{service}}" looks like a secret and ends up in the image history',
    },
  },
  (svc, name, report) => {
    for (const e of entries(get(svc, 'build', 'args'))) {
      if (!isSecretName(e.name) || (e.value !== null && isNonSecretValue(e.value) && e.value.trim() !== '')) continue;
      report({
        path: ['build', 'args', e.key],
        messageId: 'secretArg',
        data: { argument: e.name },
        fix: {
          description: ownText('pass it as a build secret'),
          yaml: `services:\n  ${yamlKey(bundleText(name))}:\n    build:\n      secrets: [${yamlKey(bundleText(e.name.toLowerCase()))}]\nsecrets:\n  ${yamlKey(bundleText(e.name.toLowerCase()))}:\n    environment: ${yamlValue(bundleText(e.name))}\n`,
        },
      });
    }
  },
);
