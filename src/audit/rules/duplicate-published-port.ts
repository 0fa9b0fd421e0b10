import { defineRule } from '../rule.js';
import { services } from '../model.js';
import { ports, portRange, allInterfaces } from '../ports.js';

/** Ranges longer than this are not expanded (engine-picked ranges). */
const MAX_RANGE = 1024;

interface Entry {
  service: string;
  /** position among the mappings of the same host port */
  order: number;
}

/** The first mappings of one host port: overall, on every interface, and on each IP. */
interface Published {
  first: Entry;
  all?: Entry;
  byIp?: Map<string, Entry>;
  count: number;
}

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
    // the first clashing mapping is found from these, without scanning (and copying) every earlier one
    const seen = new Map<string, Map<number, Published>>(); // protocol -> host port -> its first mappings
    for (const [name, svc] of services(model))
      for (const p of ports(svc)) {
        const r = portRange(p.published);
        const t = portRange(p.target);
        if (!r || r[1] - r[0] >= MAX_RANGE) continue;
        if (r[0] !== r[1] && (!t || t[1] - t[0] !== r[1] - r[0])) continue; // the engine picks one port of the range
        let clash: { service: string; port: number } | undefined;
        // undefined: every interface
        const ip = allInterfaces(p.hostIp) ? undefined : p.hostIp;
        let byPort = seen.get(p.protocol);
        if (!byPort) seen.set(p.protocol, (byPort = new Map<number, Published>()));
        for (let port = r[0]; port <= r[1]; port++) {
          let known = byPort.get(port);
          if (known && !clash) {
            // the first earlier mapping on every interface or on this one's IP (any, if this one is on every interface)
            const candidates = ip === undefined ? [known.first] : [known.all, known.byIp?.get(ip)];
            let hit: Entry | undefined;
            for (const c of candidates) if (c && (!hit || c.order < hit.order)) hit = c;
            if (hit) clash = { service: hit.service, port };
          }
          const entry: Entry = { service: name, order: known ? known.count : 0 };
          if (!known) byPort.set(port, (known = { first: entry, count: 0 }));
          known.count++;
          if (ip === undefined) known.all ??= entry;
          else {
            known.byIp ??= new Map();
            if (!known.byIp.has(ip)) known.byIp.set(ip, entry);
          }
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
