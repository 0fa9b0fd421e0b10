import { limitRule } from '../families.js';
import { LIMITS } from '../settings.js';

export default limitRule(
  {
    id: 'memory-limit-missing',
    title: 'No memory limit',
    severity: 'warning',
    category: 'resources',
    environments: 'production',
    wholeProject: true,
    scope: 'project',
    summary: 'have a memory limit',
    references: { cis: '5.10', kics: ['memory_not_limited'], cwe: 'CWE-770' },
    description:
      "Neither `deploy.resources.limits.memory` nor `mem_limit`: one leaking service can take the host's memory from all others.",
    fix: '`deploy.resources.limits.memory: 512M`',
  },
  LIMITS.memory,
  'memory',
  {
    description: "limit memory (size it from the service's real use)",
    fragment: { deploy: { resources: { limits: { memory: '512M' } } } },
  },
);
