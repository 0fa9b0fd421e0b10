import type { Rule } from '../types.js';
import { services, entries, get, isSecretName, isNonSecretValue } from '../model.js';

const rule: Rule = {
  meta: {
    id: 'secret-in-build-args',
    title: 'Secret in build args',
    severity: 'warning',
    category: 'secrets',
    environments: 'all',
    references: { cwe: 'CWE-538' },
    description:
      'A `build.args` entry named like a secret: build arguments are recorded in the image history (`docker history`), whatever their value.',
    fix: 'use `build.secrets` and `RUN --mount=type=secret`',
  },
  check({ model }, report) {
    for (const [name, svc] of services(model)) {
      const args = get(svc, 'build', 'args');
      for (const e of entries(args)) {
        if (!isSecretName(e.name) || (e.value !== null && isNonSecretValue(e.value) && e.value.trim() !== '')) continue;
        report({
          path: ['services', name, 'build', 'args', e.key],
          message: `build argument ${e.name} of service "${name}" looks like a secret and ends up in the image history`,
          fix: {
            description: 'pass it as a build secret',
            yaml: `services:\n  ${name}:\n    build:\n      secrets: [${e.name.toLowerCase()}]\nsecrets:\n  ${e.name.toLowerCase()}:\n    environment: ${e.name}\n`,
          },
        });
      }
    }
  },
};
export default rule;
