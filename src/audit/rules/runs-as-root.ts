import type { Rule } from '../types.js';
import { services, str, serviceFix } from '../model.js';

export function isRootUser(user: string): boolean {
  return /^(root|0)(:.*)?$/.test(user.trim());
}

const rule: Rule = {
  meta: {
    id: 'runs-as-root',
    title: 'Runs as root',
    severity: 'warning',
    category: 'privileges',
    environments: 'production',
    references: { cis: '4.1', semgrep: 'service-runs-as-root', cwe: 'CWE-250' },
    description:
      'With no `user` (and no USER in the image) or `user: root`, the process runs as UID 0; a container escape then lands as root.',
    fix: '`user: "10001:10001"` (or the image\'s unprivileged user)',
  },
  check({ model }, report) {
    for (const [name, svc] of services(model)) {
      const user = str(svc.user);
      if (user !== undefined && user.trim() !== '' && !isRootUser(user)) continue;
      report({
        path: ['services', name, 'user'],
        message:
          user === undefined || user.trim() === ''
            ? `service "${name}" sets no user: it runs as root unless the image sets USER`
            : `service "${name}" runs as root (user: ${user})`,
        fix: serviceFix(name, 'run as an unprivileged user (check that the image supports it)', {
          user: '10001:10001',
        }),
      });
    }
  },
};
export default rule;
