import { securityOptRule } from '../families.js';

export default securityOptRule(
  {
    id: 'selinux-disabled',
    title: 'SELinux separation disabled',
    severity: 'warning',
    category: 'privileges',
    environments: 'all',
    references: { cis: '5.2', semgrep: 'selinux-separation-disabled', cwe: 'CWE-693' },
    description: '`label:disable` turns off SELinux labelling for the container.',
    fix: 'remove it',
  },
  /^label[:=]disable$/i,
  'disables SELinux separation',
);
