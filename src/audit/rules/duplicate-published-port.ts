import { defineRule } from '../rule.js';
import { services, ports, portRange, allInterfaces } from '../model.js';

/** Ranges longer than this are not expanded (engine-picked ranges). */
const MAX_RANGE = 1024;

export default defineRule(
  {
    id: 'duplicate-published-port',
    title: 'Host port published twice',
    severity: 'error',
    category: 'network',
    environments: 'all',
    references: { dclint: 'no-duplicate-exported-ports' },
    description:
      'Two port mappings publish the same host IP, port and protocol (all interfaces conflicts with any IP): the second container fails to start.',
    fix: 'change one of the host ports',
    messages: {
      sameService: 'host port {{port}} of service "{{service}}" is already published by the same service',
      otherService: 'host port {{port}} of service "{{service}}" is already published by service "{{other}}"',
    },
  },
  ({ model }, report) => {
    const seen = new Map<string, { service: string; ip?: string }[]>();
    for (const [name, svc] of services(model))
      for (const p of ports(svc)) {
        const r = portRange(p.published);
        const t = portRange(p.target);
        if (!r || r[1] - r[0] >= MAX_RANGE) continue;
        if (r[0] !== r[1] && (!t || t[1] - t[0] !== r[1] - r[0])) continue; // the engine picks one port of the range
        let clash: { service: string; port: number } | undefined;
        for (let port = r[0]; port <= r[1]; port++) {
          const key = `${port}/${p.protocol}`;
          const others = seen.get(key) ?? [];
          const hit = others.find((o) => allInterfaces(o.ip) || allInterfaces(p.hostIp) || o.ip === p.hostIp);
          if (hit && !clash) clash = { service: hit.service, port };
          seen.set(key, [...others, { service: name, ip: p.hostIp }]);
        }
        if (!clash) continue;
        const common = { path: ['services', name, 'ports', p.index], data: { port: `${clash.port}/${p.protocol}` } };
        if (clash.service === name)
          report({ ...common, messageId: 'sameService', data: { ...common.data, service: name } });
        else
          report({
            ...common,
            messageId: 'otherService',
            data: { ...common.data, service: name, other: clash.service },
          });
      }
  },
);
