import { securityOptRule } from '../families.js';

export default securityOptRule(
  {
    id: 'seccomp-unconfined',
    title: 'Seccomp disabled',
    severity: 'error',
    category: 'privileges',
    environments: 'all',
    references: {
      cis: '5.21',
      kics: ['default_seccomp_profile_disabled', 'seccomp_disabled'],
      semgrep: 'seccomp-confinement-disabled',
      cwe: 'CWE-693',
    },
    description: '`seccomp:unconfined` removes the default syscall filter that blocks ~44 dangerous syscalls.',
    fix: 'remove it; use the default profile or a custom one',
  },
  /^seccomp[:=]unconfined$/i,
  'runs without a seccomp profile',
);
