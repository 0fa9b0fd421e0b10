import type { Rule } from '../types.js';
import { services, str } from '../model.js';

const rule: Rule = {
  meta: {
    id: 'container-name-invalid',
    title: 'Invalid container name',
    severity: 'error',
    category: 'style',
    environments: 'all',
    references: { dclint: 'service-container-name-regex' },
    description: 'The engine accepts only container names matching `[a-zA-Z0-9][a-zA-Z0-9_.-]+`.',
    fix: 'rename it: letters, digits, `_`, `.`, `-`, starting with a letter or digit',
  },
  check({ model }, report) {
    for (const [name, svc] of services(model)) {
      const cn = svc.container_name;
      if (cn === undefined || cn === null) continue;
      if (!/^[a-zA-Z0-9][a-zA-Z0-9_.-]+$/.test(str(cn) ?? ''))
        report({
          path: ['services', name, 'container_name'],
          message: `container_name ${JSON.stringify(cn)} of service "${name}" is not a valid container name`,
        });
    }
  },
};
export default rule;
