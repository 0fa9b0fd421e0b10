import { serviceRule } from '../rule.js';
import { str, serviceFix } from '../model.js';
import { isRootUser } from '../settings.js';
import { ownFragment, ownText } from '../vocabulary.js';

/** shared by every finding: serviceFix copies it when a patch is read */
const UNPRIVILEGED = ownFragment({ user: '10001:10001' });

export default serviceRule(
  {
    id: 'runs-as-root',
    title: 'Runs as root',
    severity: 'warning',
    category: 'privileges',
    environments: 'production',
    references: { cis: '4.1', semgrep: 'service-runs-as-root', cwe: 'CWE-250' },
    description:
      '`user: root` (or `0`, `0:0`): the process runs as UID 0; a container escape then lands as root. ' +
      'Without `user:` the image decides, and the Compose file cannot tell: many images run unprivileged ' +
      '(grafana as 472, gotenberg as 1001, the Elastic Beats as 1000) or step down from root in their ' +
      'entrypoint (postgres, mariadb, redis, valkey), so nothing is claimed then.',
    fix: '`user: "10001:10001"` (or the image\'s unprivileged user)',
    messages: { root: 'service "{{service}}" runs as root (user: {{user}})' },
  },
  (svc, name, report) => {
    const user = str(svc.user);
    if (user === undefined || user.trim() === '' || !isRootUser(user)) return;
    report({
      path: ['user'],
      messageId: 'root',
      data: { user },
      fix: serviceFix(name, ownText('run as an unprivileged user (check that the image supports it)'), UNPRIVILEGED),
    });
  },
);
