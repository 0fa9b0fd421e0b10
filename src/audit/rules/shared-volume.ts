import type { Rule } from '../types.js';
import { services, mounts } from '../model.js';

const rule: Rule = {
  meta: {
    id: 'shared-volume',
    title: 'Named volume shared read-write',
    severity: 'info',
    category: 'isolation',
    environments: 'all',
    references: { kics: ['shared_volumes_between_containers', 'volume_mounted_in_multiple_containers'] },
    description:
      'The same named volume is mounted read-write by several services: a compromise of one can tamper with the data of the other. One writer with read-only readers is fine.',
    fix: 'separate volumes, or mount read-only where the service only reads',
  },
  check({ model }, report) {
    // a message names at most NAMES services: one volume shared by thousands would make one huge finding
    const NAMES = 20;
    const writers = new Map<string, { service: string; index: number }[]>();
    for (const [name, svc] of services(model))
      for (const m of mounts(svc))
        if (m.type === 'volume' && m.source && !m.readOnly) {
          const users = writers.get(m.source);
          if (users) users.push({ service: name, index: m.index });
          else writers.set(m.source, [{ service: name, index: m.index }]);
        }
    for (const [volume, users] of writers) {
      const names = [...new Set(users.map((u) => u.service))];
      if (names.length < 2) continue;
      // one finding a volume, at the first writer that makes it shared
      const second = users.find((u) => u.service !== users[0].service) ?? users[0];
      report({
        path: ['services', second.service, 'volumes', second.index],
        message: `volume "${volume}" is mounted read-write by ${names.length} services (${names.length > NAMES ? `${names.slice(0, NAMES).join(', ')} and ${names.length - NAMES} more` : names.join(', ')})`,
        fix: { description: 'mount it read-only (`read_only: true`) in the services that only read it' },
      });
    }
  },
};
export default rule;
