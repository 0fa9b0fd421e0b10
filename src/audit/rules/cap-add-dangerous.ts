import { serviceRule } from '../rule.js';
import { list, str, yamlFix } from '../model.js';
import { capName } from '../settings.js';
import { own } from '../vocabulary.js';

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

export default serviceRule(
  {
    id: 'cap-add-dangerous',
    title: 'Dangerous capability added',
    severity: 'error',
    category: 'privileges',
    environments: 'all',
    references: { cis: '5.3', kics: ['container_capabilities_unrestricted', 'check_cap_add_cap_drop'], cwe: 'CWE-250' },
    description: `\`cap_add\` grants a capability that allows escaping the container or controlling the host: ${[...DANGEROUS].join(', ')}.`,
    fix: 'drop it; use `cap_drop: [ALL]` plus the minimal `cap_add`',
    messages: {
      dangerous: 'service "{{service}}" adds the capability {{capability}}',
      all: 'service "{{service}}" adds the capability ALL (every capability)',
    },
  },
  (svc, name, report) =>
    list(svc.cap_add).forEach((c, i) => {
      const cap = capName(str(c) ?? '');
      if (!DANGEROUS.has(cap)) return;
      const fix = yamlFix(own`remove ${cap}; start from no capabilities and add back only what the process needs`, {
        services: { [name]: { cap_drop: ['ALL'], cap_add: ['NET_BIND_SERVICE'] } },
      });
      if (cap === 'ALL') report({ path: ['cap_add', i], messageId: 'all', fix });
      else report({ path: ['cap_add', i], messageId: 'dangerous', data: { capability: cap }, fix });
    }),
);
