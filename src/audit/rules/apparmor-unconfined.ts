import { securityOptRule } from '../families.js';

export default securityOptRule(
  {
    id: 'apparmor-unconfined',
    title: 'AppArmor disabled',
    severity: 'error',
    category: 'privileges',
    environments: 'all',
    references: { cis: '5.1', cwe: 'CWE-693' },
    description: '`apparmor:unconfined` removes the AppArmor profile Docker applies by default.',
    fix: 'remove it; use the default profile (`docker-default`) or a custom one',
  },
  /^apparmor[:=]unconfined$/i,
  'runs without an AppArmor profile',
);
