import { serviceRule } from '../rule.js';
import { str } from '../model.js';
import { yamlKey } from '../../yaml/emit.js';
import { bundleText, ownText } from '../vocabulary.js';

export default serviceRule(
  {
    id: 'userns-host',
    title: 'Host user namespace',
    severity: 'error',
    category: 'privileges',
    environments: 'all',
    references: { cis: '5.30', kics: ['shared_host_user_namespace', 'userns_set_to_host'], cwe: 'CWE-250' },
    description:
      "`userns_mode: host` disables user-namespace remapping for the container: its root is the host's root.",
    fix: 'remove `userns_mode`',
    messages: { hostUserns: 'service "{{service}}" shares the host user namespace' },
  },
  (svc, name, report) => {
    if (str(svc.userns_mode)?.trim() === 'host')
      report({
        path: ['userns_mode'],
        messageId: 'hostUserns',
        fix: {
          description: ownText('remove userns_mode (in an override: `userns_mode: !reset null`)'),
          yaml: `services:\n  ${yamlKey(bundleText(name))}:\n    userns_mode: !reset null\n`,
        },
      });
  },
);
