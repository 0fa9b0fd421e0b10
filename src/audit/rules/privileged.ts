import { serviceRule } from '../rule.js';
import { truthy, serviceFix } from '../model.js';
import { ownFragment, ownText } from '../vocabulary.js';

/** shared by every finding: serviceFix copies it when a patch is read */
const FRAGMENT = ownFragment({ privileged: false });

export default serviceRule(
  {
    id: 'privileged',
    title: 'Privileged container',
    severity: 'error',
    category: 'privileges',
    environments: 'all',
    references: { cis: '5.4', kics: ['privileged_containers_enabled'], semgrep: 'privileged-service', cwe: 'CWE-250' },
    description:
      '`privileged: true` gives the container every capability and every host device: root in the container is root on the host.',
    fix: 'remove `privileged`; add only the capabilities needed with `cap_add`',
    messages: { privileged: 'service "{{service}}" runs privileged: it has full access to the host' },
  },
  (svc, name, report) => {
    if (truthy(svc.privileged))
      report({
        path: ['privileged'],
        messageId: 'privileged',
        fix: serviceFix(name, ownText('turn privileged mode off'), FRAGMENT),
      });
  },
);
