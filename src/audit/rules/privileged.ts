import type { Rule } from '../types.js';
import { services, truthy, serviceFix } from '../model.js';

const rule: Rule = {
  meta: {
    id: 'privileged',
    title: 'Privileged container',
    severity: 'error',
    category: 'privileges',
    environments: 'all',
    references: { cis: '5.4', kics: ['privileged_containers_enabled'], semgrep: 'privileged-service', cwe: 'CWE-250' },
    description:
      '`privileged: true` gives the container every capability and every host device: root in the container is root on the host.',
    fix: 'remove `privileged`; add only the capabilities needed with `cap_add`',
  },
  check({ model }, report) {
    for (const [name, svc] of services(model))
      if (truthy(svc.privileged))
        report({
          path: ['services', name, 'privileged'],
          message: `service "${name}" runs privileged: it has full access to the host`,
          fix: serviceFix(name, 'turn privileged mode off', { privileged: false }),
        });
  },
};
export default rule;
