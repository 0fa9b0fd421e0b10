import { serviceRule } from '../rule.js';
import { str, serviceFix } from '../model.js';
import { isRootUser } from '../settings.js';

export default serviceRule(
  {
    id: 'runs-as-root',
    title: 'Runs as root',
    severity: 'warning',
    category: 'privileges',
    environments: 'production',
    references: { cis: '4.1', semgrep: 'service-runs-as-root', cwe: 'CWE-250' },
    description:
      'With no `user` (and no USER in the image) or `user: root`, the process runs as UID 0; a container escape then lands as root.',
    fix: '`user: "10001:10001"` (or the image\'s unprivileged user)',
    messages: {
      noUser: 'service "{{service}}" sets no user: it runs as root unless the image sets USER',
      root: 'service "{{service}}" runs as root (user: {{user}})',
    },
  },
  (svc, name, report) => {
    const user = str(svc.user);
    if (user !== undefined && user.trim() !== '' && !isRootUser(user)) return;
    const fix = serviceFix(name, 'run as an unprivileged user (check that the image supports it)', {
      user: '10001:10001',
    });
    if (user === undefined || user.trim() === '') report({ path: ['user'], messageId: 'noUser', fix });
    else report({ path: ['user'], messageId: 'root', data: { user }, fix });
  },
);
