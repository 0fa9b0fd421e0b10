import type { Rule } from '../types.js';
import { services, strings, serviceFix } from '../model.js';
import { capName } from './cap-add-dangerous.js';

const rule: Rule = {
  meta: {
    id: 'cap-drop-missing',
    title: 'Capabilities not dropped',
    severity: 'warning',
    category: 'privileges',
    environments: 'production',
    references: { cis: '5.3', kics: ['container_capabilities_unrestricted', 'check_cap_add_cap_drop'], cwe: 'CWE-250' },
    description:
      "Without `cap_drop: [ALL]` the container keeps Docker's default capability set (CHOWN, SETUID, NET_RAW, …), most of which a service never needs.",
    fix: '`cap_drop: [ALL]`, then `cap_add` only what is needed',
  },
  check({ model }, report) {
    for (const [name, svc] of services(model)) {
      if (strings(svc.cap_drop).some((c) => capName(c) === 'ALL')) continue;
      report({
        path: ['services', name, 'cap_drop'],
        message:
          svc.cap_drop === undefined
            ? `service "${name}" keeps the default capabilities: no cap_drop`
            : `service "${name}" drops some capabilities but not ALL`,
        fix: serviceFix(name, 'drop every capability (add back the few the image needs with cap_add)', {
          cap_drop: ['ALL'],
        }),
      });
    }
  },
};
export default rule;
