import { serviceRule } from '../rule.js';
import { keysBySource, outOfOrder } from '../order.js';
import { obj } from '../model.js';

/** dclint's groups: core, dependencies, data, environment, networking, runtime, metadata, security. */
const ORDER = [
  'image',
  'build',
  'container_name',
  'depends_on',
  'volumes',
  'volumes_from',
  'configs',
  'secrets',
  'environment',
  'env_file',
  'ports',
  'networks',
  'network_mode',
  'extra_hosts',
  'command',
  'entrypoint',
  'working_dir',
  'restart',
  'healthcheck',
  'logging',
  'labels',
  'user',
  'isolation',
];

const rank = (k: string): string => (ORDER.includes(k) ? String(ORDER.indexOf(k)).padStart(3, '0') : `~${k}`);

export default serviceRule(
  {
    id: 'service-keys-order',
    title: 'Service keys out of order',
    severity: 'info',
    category: 'style',
    environments: 'all',
    defaultOff: true,
    references: { dclint: 'service-keys-order' },
    description: `Keys of a service do not follow dclint's order: ${ORDER.join(', ')}, then the rest alphabetically.`,
    fix: 'reorder the keys',
    messages: { order: 'key "{{key}}" of service "{{service}}" should come before "{{after}}"' },
  },
  (svc, name, report, ctx) => {
    for (const group of keysBySource(svc, Object.keys(svc))) {
      // only the keys the file writes: the canonical model adds some (the default `networks`) at the
      // service's own place, which would be "out of order" in every service
      const raw = group.length ? obj(obj(obj(ctx.parsed?.(group[0].loc.file))?.services)?.[name]) : undefined;
      const written = raw ? group.filter((k) => Object.hasOwn(raw, k.key)) : group;
      for (const { item, after } of outOfOrder(written, rank))
        report({ path: [item.key], messageId: 'order', data: { key: item.key, after: after.key } });
    }
  },
);
