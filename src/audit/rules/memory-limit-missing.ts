import type { Rule } from '../types.js';
import { services, get, isLimitSet, serviceFix } from '../model.js';

const rule: Rule = {
  meta: {
    id: 'memory-limit-missing',
    title: 'No memory limit',
    severity: 'warning',
    category: 'resources',
    environments: 'production',
    references: { cis: '5.10', kics: ['memory_not_limited'], cwe: 'CWE-770' },
    description:
      "Neither `deploy.resources.limits.memory` nor `mem_limit`: one leaking service can take the host's memory from all others.",
    fix: '`deploy.resources.limits.memory: 512M`',
  },
  check({ model }, report) {
    for (const [name, svc] of services(model))
      if (!isLimitSet(get(svc, 'deploy', 'resources', 'limits', 'memory')) && !isLimitSet(svc.mem_limit))
        report({
          path: ['services', name, 'deploy', 'resources', 'limits', 'memory'],
          message: `service "${name}" has no memory limit`,
          fix: serviceFix(name, "limit memory (size it from the service's real use)", {
            deploy: { resources: { limits: { memory: '512M' } } },
          }),
        });
  },
};
export default rule;
