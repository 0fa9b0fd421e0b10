import { serviceRule } from '../rule.js';
import { keysBySource, outOfOrder } from '../order.js';

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
  (svc, _name, report) => {
    for (const group of keysBySource(svc, Object.keys(svc)))
      for (const { item, after } of outOfOrder(group, rank))
        report({ path: [item.key], messageId: 'order', data: { key: item.key, after: after.key } });
  },
);
