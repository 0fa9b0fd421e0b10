import { limitRule } from '../families.js';
import { LIMITS } from '../settings.js';

export default limitRule(
  {
    id: 'cpu-limit-missing',
    title: 'No CPU limit',
    severity: 'warning',
    category: 'resources',
    environments: 'production',
    wholeProject: true,
    scope: 'project',
    summary: 'have a CPU limit',
    references: { cis: '5.11', kics: ['cpus_not_limited'], cwe: 'CWE-770' },
    description: 'Neither `deploy.resources.limits.cpus` nor `cpus`: one busy service can starve the others.',
    fix: '`deploy.resources.limits.cpus: "0.5"`',
  },
  LIMITS.cpus,
  'CPU',
  { description: 'limit CPU', fragment: { deploy: { resources: { limits: { cpus: '0.5' } } } } },
);
