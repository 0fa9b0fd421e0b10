import { serviceRule } from '../rule.js';
import { str } from '../model.js';

export default serviceRule(
  {
    id: 'cgroup-parent-set',
    title: 'Custom cgroup parent',
    severity: 'info',
    category: 'privileges',
    environments: 'all',
    references: { cis: '5.24', kics: ['cgroup_not_default'] },
    description:
      "`cgroup_parent` places the container outside Docker's cgroup, where the daemon's limits may not apply.",
    fix: 'remove `cgroup_parent` unless required',
    messages: { cgroupParent: 'service "{{service}}" sets cgroup_parent "{{parent}}"' },
  },
  (svc, _name, report) => {
    const parent = str(svc.cgroup_parent);
    if (parent && parent.trim()) report({ path: ['cgroup_parent'], messageId: 'cgroupParent', data: { parent } });
  },
);
