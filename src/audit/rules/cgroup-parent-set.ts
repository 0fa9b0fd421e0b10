import type { Rule } from '../types.js';
import { services, str } from '../model.js';

const rule: Rule = {
  meta: {
    id: 'cgroup-parent-set',
    title: 'Custom cgroup parent',
    severity: 'info',
    category: 'privileges',
    environments: 'all',
    references: { cis: '5.24', kics: ['cgroup_not_default'] },
    description:
      "`cgroup_parent` places the container outside Docker's cgroup, where the daemon's limits may not apply.",
    fix: 'remove `cgroup_parent` unless required',
  },
  check({ model }, report) {
    for (const [name, svc] of services(model)) {
      const p = str(svc.cgroup_parent);
      if (p && p.trim())
        report({ path: ['services', name, 'cgroup_parent'], message: `service "${name}" sets cgroup_parent "${p}"` });
    }
  },
};
export default rule;
