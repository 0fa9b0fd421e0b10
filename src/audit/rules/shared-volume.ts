import { defineRule } from '../rule.js';
import { services, mounts } from '../model.js';

export default defineRule(
  {
    id: 'shared-volume',
    title: 'Named volume shared read-write',
    severity: 'info',
    category: 'isolation',
    environments: 'all',
    references: { kics: ['shared_volumes_between_containers', 'volume_mounted_in_multiple_containers'] },
    description:
      'The same named volume is mounted read-write by several services: a compromise of one can tamper with the data of the other. One writer with read-only readers is fine.',
    fix: 'separate volumes, or mount read-only where the service only reads',
    messages: { shared: 'volume "{{volume}}" is mounted read-write by {{count}} services ({{services}})' },
  },
  ({ model }, report) => {
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
        messageId: 'shared',
        data: { volume, count: names.length, services: names.join(', ') },
        fix: { description: 'mount it read-only (`read_only: true`) in the services that only read it' },
      });
    }
  },
);
