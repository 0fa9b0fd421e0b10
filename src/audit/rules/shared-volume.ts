import type { TreeObject } from '../../yaml/located.js';
import { defineRule } from '../rule.js';
import { services, str, strings, get, entries } from '../model.js';
import { mounts } from '../volumes.js';
import { ownText } from '../vocabulary.js';

/**
 * What a service runs: its image, and the images its build starts from (a build arg naming another
 * service's image: `BASE_IMAGE: $VROOM_IMAGE`). Services that share one of these run the same
 * application: sharing its data is what they are for.
 */
function origins(name: string, svc: TreeObject): string[] {
  const out: string[] = [];
  const image = str(svc.image)?.trim();
  if (image) out.push(image);
  for (const e of entries(get(svc, 'build', 'args'))) if (e.value?.trim()) out.push(e.value.trim());
  return out;
}

const MAINTENANCE_NAME =
  /(^|[-_.])(cleanup|clean|janitor|prune|purge|gc|housekeeping|retention|rotate|backup)([-_.]|$)/i;

/** A job that deletes or archives what the others write (`find <dir> -mtime +30 -delete`): it needs write access. */
function maintenanceJob(name: string, svc: TreeObject, target: string | undefined): boolean {
  if (MAINTENANCE_NAME.test(name)) return true;
  const command = [...strings(svc.entrypoint), ...strings(svc.command)].join(' ');
  return (
    target !== undefined && command.includes(target) && /\s-delete\b|\brm\s+-|\bfind\b.*-exec\s+rm\b/.test(command)
  );
}

export default defineRule(
  {
    id: 'shared-volume',
    title: 'Named volume shared read-write',
    severity: 'info',
    category: 'isolation',
    environments: 'all',
    wholeProject: true,
    references: { kics: ['shared_volumes_between_containers', 'volume_mounted_in_multiple_containers'] },
    description:
      'The same named volume is mounted read-write by services of different applications: a compromise of one can tamper with the data of the other. One writer with read-only readers is fine, and so are the processes of one application (services running the same image, or built from it: `BASE_IMAGE`) and a maintenance job of the volume (named cleanup, janitor, prune, backup…, or deleting files in it).',
    fix: 'separate volumes, or mount read-only where the service only reads',
    messages: { shared: 'volume "{{volume}}" is mounted read-write by {{count}} services ({{services}})' },
  },
  ({ model }, report) => {
    const writers = new Map<string, { service: string; index: number }[]>();
    const all = services(model);
    for (const [name, svc] of all)
      for (const m of mounts(svc))
        if (m.type === 'volume' && m.source && !m.readOnly && !maintenanceJob(name, svc, m.target)) {
          const users = writers.get(m.source);
          if (users) users.push({ service: name, index: m.index });
          else writers.set(m.source, [{ service: name, index: m.index }]);
        }
    // services that share an image (or build from one) are one application: a union-find over
    // services and the images they name, every node of a walked path pointed at the root (without
    // it, n services of one image form a chain walked once per service: quadratic)
    const parent = new Map<string, string>();
    const find = (k: string): string => {
      let r = k;
      for (let up = parent.get(r); up !== undefined && up !== r; up = parent.get(r)) r = up;
      for (let n = k; n !== r;) {
        const next = parent.get(n);
        parent.set(n, r);
        if (next === undefined) break;
        n = next;
      }
      return r;
    };
    for (const [name, svc] of all)
      for (const o of origins(name, svc)) {
        const a = find(`image:${o}`);
        const b = find(`service:${name}`);
        if (a !== b) parent.set(a, b);
      }
    const domain = new Map(all.map(([name]) => [name, find(`service:${name}`)]));
    for (const [volume, users] of writers) {
      const names = [...new Set(users.map((u) => u.service))];
      if (new Set(names.map((n) => domain.get(n))).size < 2) continue;
      // one finding a volume, at the first writer of another application than the first one
      const first = domain.get(users[0].service);
      const second = users.find((u) => domain.get(u.service) !== first) ?? users[0];
      report({
        path: ['services', second.service, 'volumes', second.index],
        messageId: 'shared',
        data: { volume, count: names.length, services: names.join(', ') },
        fix: { description: ownText('mount it read-only (`read_only: true`) in the services that only read it') },
      });
    }
  },
);
