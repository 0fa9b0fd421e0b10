import type { Rule } from '../types.js';
import { services, get, isLimitSet, serviceFix } from '../model.js';

const rule: Rule = {
  meta: {
    id: 'pids-limit-missing',
    title: 'No PIDs limit',
    severity: 'warning',
    category: 'resources',
    environments: 'production',
    references: { cis: '5.28', kics: ['pids_limit_not_set'], cwe: 'CWE-770' },
    description:
      "Neither `pids_limit` nor `deploy.resources.limits.pids`: a fork bomb in one container exhausts the host's process table.",
    fix: '`pids_limit: 200`',
  },
  check({ model }, report) {
    for (const [name, svc] of services(model))
      if (!isLimitSet(svc.pids_limit) && !isLimitSet(get(svc, 'deploy', 'resources', 'limits', 'pids')))
        report({
          path: ['services', name, 'pids_limit'],
          message: `service "${name}" has no PIDs limit`,
          fix: serviceFix(name, 'limit the number of processes', { pids_limit: 200 }),
        });
  },
};
export default rule;
