import type { Rule } from '../types.js';
import { services, get, isLimitSet, serviceFix } from '../model.js';

const rule: Rule = {
  meta: {
    id: 'cpu-limit-missing',
    title: 'No CPU limit',
    severity: 'warning',
    category: 'resources',
    environments: 'production',
    references: { cis: '5.11', kics: ['cpus_not_limited'], cwe: 'CWE-770' },
    description: 'Neither `deploy.resources.limits.cpus` nor `cpus`: one busy service can starve the others.',
    fix: '`deploy.resources.limits.cpus: "0.5"`',
  },
  check({ model }, report) {
    for (const [name, svc] of services(model))
      if (!isLimitSet(get(svc, 'deploy', 'resources', 'limits', 'cpus')) && !isLimitSet(svc.cpus))
        report({
          path: ['services', name, 'deploy', 'resources', 'limits', 'cpus'],
          message: `service "${name}" has no CPU limit`,
          fix: serviceFix(name, 'limit CPU', { deploy: { resources: { limits: { cpus: '0.5' } } } }),
        });
  },
};
export default rule;
