import { serviceRule } from '../rule.js';
import { truthy, strings, serviceFix } from '../model.js';
import type { TreeObject } from '../../yaml/located.js';
import { ownFragment, ownText } from '../vocabulary.js';

/** shared by every finding (serviceFix copies them when a patch is read): one finding of each service of a large project keeps its fix until an answer shows it */
const READ_ONLY: TreeObject = ownFragment({ read_only: true });
const READ_ONLY_TMPFS: TreeObject = ownFragment({ read_only: true, tmpfs: ['/tmp'] });

export default serviceRule(
  {
    id: 'read-only-root-missing',
    title: 'Writable root filesystem',
    severity: 'warning',
    category: 'filesystem',
    environments: 'production',
    wholeProject: true,
    scope: 'project',
    summary: 'have a read-only root filesystem',
    references: { cis: '5.12', semgrep: 'writable-filesystem-service', cwe: 'CWE-732' },
    description: "Without `read_only: true` an attacker can modify the container's binaries and drop tools into it.",
    fix: '`read_only: true` plus `tmpfs: [/tmp]` (and volumes) for the paths the service writes',
    messages: { writable: 'service "{{service}}" has a writable root filesystem' },
  },
  (svc, name, report) => {
    if (truthy(svc.read_only)) return;
    const fragment = strings(svc.tmpfs).some((t) => t.split(':')[0] === '/tmp') ? READ_ONLY : READ_ONLY_TMPFS;
    report({
      path: ['read_only'],
      messageId: 'writable',
      fix: serviceFix(
        name,
        ownText('make the root filesystem read-only, with a tmpfs for scratch files (check where the image writes)'),
        fragment,
      ),
    });
  },
);
