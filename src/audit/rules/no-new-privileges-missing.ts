import type { Rule } from '../types.js';
import { services, strings, serviceFix } from '../model.js';

const rule: Rule = {
  meta: {
    id: 'no-new-privileges-missing',
    title: 'no-new-privileges not set',
    severity: 'warning',
    category: 'privileges',
    environments: 'production',
    references: {
      cis: '5.25',
      kics: ['no_new_privileges_not_set', 'security_opt_not_set'],
      semgrep: 'no-new-privileges',
      cwe: 'CWE-269',
    },
    description: "Without `no-new-privileges`, setuid binaries in the image can raise a process's privileges.",
    fix: '`security_opt: ["no-new-privileges:true"]`',
  },
  check({ model }, report) {
    for (const [name, svc] of services(model)) {
      if (strings(svc.security_opt).some((o) => /^no-new-privileges(?:[:=]true)?$/i.test(o.trim()))) continue;
      report({
        path: ['services', name, 'security_opt'],
        message: `service "${name}" does not set no-new-privileges${svc.security_opt === undefined ? ' (no security_opt)' : ''}`,
        fix: serviceFix(name, 'forbid privilege escalation through setuid binaries', {
          security_opt: ['no-new-privileges:true'],
        }),
      });
    }
  },
};
export default rule;
