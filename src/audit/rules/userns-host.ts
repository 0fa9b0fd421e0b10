import type { Rule } from '../types.js';
import { services, str } from '../model.js';

const rule: Rule = {
  meta: {
    id: 'userns-host',
    title: 'Host user namespace',
    severity: 'error',
    category: 'privileges',
    environments: 'all',
    references: { cis: '5.30', kics: ['shared_host_user_namespace', 'userns_set_to_host'], cwe: 'CWE-250' },
    description:
      "`userns_mode: host` disables user-namespace remapping for the container: its root is the host's root.",
    fix: 'remove `userns_mode`',
  },
  check({ model }, report) {
    for (const [name, svc] of services(model))
      if (str(svc.userns_mode)?.trim() === 'host')
        report({
          path: ['services', name, 'userns_mode'],
          message: `service "${name}" shares the host user namespace`,
          fix: {
            description: 'remove userns_mode (in an override: `userns_mode: !reset null`)',
            yaml: `services:\n  ${name}:\n    userns_mode: !reset null\n`,
          },
        });
  },
};
export default rule;
