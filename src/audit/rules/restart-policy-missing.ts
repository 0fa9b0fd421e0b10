import { serviceRule } from '../rule.js';
import { str, get, serviceFix } from '../model.js';
import { ownFragment, ownText } from '../vocabulary.js';

/** shared by every finding: serviceFix copies it when a patch is read */
const FRAGMENT = ownFragment({ restart: 'unless-stopped' });

export default serviceRule(
  {
    id: 'restart-policy-missing',
    title: 'No restart policy',
    severity: 'warning',
    category: 'availability',
    environments: 'production',
    wholeProject: true,
    scope: 'project',
    summary: 'have a restart policy',
    references: {},
    description: 'Neither `restart` nor `deploy.restart_policy`: a crashed service or a host reboot leaves it down.',
    fix: '`restart: unless-stopped`',
    messages: { noRestart: 'service "{{service}}" has no restart policy' },
  },
  (svc, name, report) => {
    if (!str(svc.restart)?.trim() && get(svc, 'deploy', 'restart_policy') == null)
      report({
        path: ['restart'],
        messageId: 'noRestart',
        fix: serviceFix(name, ownText('restart the service when it stops'), FRAGMENT),
      });
  },
);
