import { serviceRule } from '../rule.js';
import { serviceFix } from '../model.js';
import { setsNoNewPrivileges } from '../settings.js';
import { ownFragment, ownText } from '../vocabulary.js';

/** shared by every finding: serviceFix copies it when a patch is read */
const FRAGMENT = ownFragment({ security_opt: ['no-new-privileges:true'] });

export default serviceRule(
  {
    id: 'no-new-privileges-missing',
    title: 'no-new-privileges not set',
    severity: 'warning',
    category: 'privileges',
    environments: 'production',
    wholeProject: true,
    scope: 'project',
    summary: 'set no-new-privileges',
    references: {
      cis: '5.25',
      kics: ['no_new_privileges_not_set', 'security_opt_not_set'],
      semgrep: 'no-new-privileges',
      cwe: 'CWE-269',
    },
    description: "Without `no-new-privileges`, setuid binaries in the image can raise a process's privileges.",
    fix: '`security_opt: ["no-new-privileges:true"]`',
    messages: {
      noSecurityOpt: 'service "{{service}}" does not set no-new-privileges (no security_opt)',
      notSet: 'service "{{service}}" does not set no-new-privileges',
    },
  },
  (svc, name, report) => {
    if (setsNoNewPrivileges(svc)) return;
    report({
      path: ['security_opt'],
      messageId: svc.security_opt === undefined ? 'noSecurityOpt' : 'notSet',
      fix: serviceFix(name, ownText('forbid privilege escalation through setuid binaries'), FRAGMENT),
    });
  },
);
