import type { Rule } from '../types.js';
import { services, list, str, yamlFix } from '../model.js';

const DANGEROUS = new Set([
  'ALL',
  'SYS_ADMIN',
  'NET_ADMIN',
  'SYS_PTRACE',
  'SYS_MODULE',
  'DAC_READ_SEARCH',
  'SYS_RAWIO',
  'SYS_BOOT',
  'BPF',
  'PERFMON',
]);

export function capName(c: string): string {
  return c.trim().toUpperCase().replace(/^CAP_/, '');
}

const rule: Rule = {
  meta: {
    id: 'cap-add-dangerous',
    title: 'Dangerous capability added',
    severity: 'error',
    category: 'privileges',
    environments: 'all',
    references: { cis: '5.3', kics: ['container_capabilities_unrestricted', 'check_cap_add_cap_drop'], cwe: 'CWE-250' },
    description: `\`cap_add\` grants a capability that allows escaping the container or controlling the host: ${[...DANGEROUS].join(', ')}.`,
    fix: 'drop it; use `cap_drop: [ALL]` plus the minimal `cap_add`',
  },
  check({ model }, report) {
    for (const [name, svc] of services(model))
      list(svc.cap_add).forEach((c, i) => {
        const cap = capName(str(c) ?? '');
        if (!DANGEROUS.has(cap)) return;
        report({
          path: ['services', name, 'cap_add', i],
          message: `service "${name}" adds the capability ${cap}${cap === 'ALL' ? ' (every capability)' : ''}`,
          fix: yamlFix(`remove ${cap}; start from no capabilities and add back only what the process needs`, {
            services: { [name]: { cap_drop: ['ALL'], cap_add: ['NET_BIND_SERVICE'] } },
          }),
        });
      });
  },
};
export default rule;
