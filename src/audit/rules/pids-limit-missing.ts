import { limitRule } from '../families.js';
import { LIMITS } from '../settings.js';

export default limitRule(
  {
    id: 'pids-limit-missing',
    title: 'No PIDs limit',
    severity: 'warning',
    category: 'resources',
    environments: 'production',
    wholeProject: true,
    scope: 'project',
    summary: 'have a PIDs limit',
    references: { cis: '5.28', kics: ['pids_limit_not_set'], cwe: 'CWE-770' },
    description:
      "Neither `pids_limit` nor `deploy.resources.limits.pids`: a fork bomb in one container exhausts the host's process table.",
    fix: '`pids_limit: 200`',
  },
  LIMITS.pids,
  'PIDs',
  { description: 'limit the number of processes', fragment: { pids_limit: 200 } },
);
