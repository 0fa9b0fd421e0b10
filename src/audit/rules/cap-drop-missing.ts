import { serviceRule } from '../rule.js';
import { serviceFix } from '../model.js';
import { dropsAllCapabilities } from '../settings.js';
import { ownFragment, ownText } from '../vocabulary.js';

/** shared by every finding: serviceFix copies it when a patch is read */
const FRAGMENT = ownFragment({ cap_drop: ['ALL'] });

export default serviceRule(
  {
    id: 'cap-drop-missing',
    title: 'Capabilities not dropped',
    severity: 'warning',
    category: 'privileges',
    environments: 'production',
    wholeProject: true,
    scope: 'project',
    summary: 'drop every capability (cap_drop: [ALL])',
    references: { cis: '5.3', kics: ['container_capabilities_unrestricted', 'check_cap_add_cap_drop'], cwe: 'CWE-250' },
    description:
      "Without `cap_drop: [ALL]` the container keeps Docker's default capability set (CHOWN, SETUID, NET_RAW, …), most of which a service never needs.",
    fix: '`cap_drop: [ALL]`, then `cap_add` only what is needed',
    messages: {
      noCapDrop: 'service "{{service}}" keeps the default capabilities: no cap_drop',
      notAll: 'service "{{service}}" drops some capabilities but not ALL',
    },
  },
  (svc, name, report) => {
    if (dropsAllCapabilities(svc)) return;
    report({
      path: ['cap_drop'],
      messageId: svc.cap_drop === undefined ? 'noCapDrop' : 'notAll',
      fix: serviceFix(name, ownText('drop every capability (add back the few the image needs with cap_add)'), FRAGMENT),
    });
  },
);
