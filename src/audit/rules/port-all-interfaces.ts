import type { Rule } from '../types.js';
import { services, ports, allInterfaces, portEntries, portSpan, rangeHas, str } from '../model.js';

/** Datastores and admin APIs that should never listen on every interface. */
export const DATASTORE_PORTS: Record<number, string> = {
  5432: 'PostgreSQL',
  3306: 'MySQL/MariaDB',
  1433: 'SQL Server',
  6379: 'Redis',
  27017: 'MongoDB',
  9200: 'Elasticsearch',
  11211: 'Memcached',
  5672: 'RabbitMQ',
  15672: 'RabbitMQ management',
  2375: 'Docker API',
  2376: 'Docker API (TLS)',
  8500: 'Consul',
  2379: 'etcd',
};

const DATASTORE_NUMBERS = Object.keys(DATASTORE_PORTS).map(Number);

const rule: Rule = {
  meta: {
    id: 'port-all-interfaces',
    title: 'Port published on all interfaces',
    severity: 'warning',
    category: 'network',
    environments: 'all',
    references: {
      cis: '5.13',
      kics: ['container_traffic_not_bound_to_host_interface'],
      dclint: 'no-unbound-port-interfaces',
      cwe: 'CWE-668',
    },
    description:
      "A published port with no host IP (or 0.0.0.0 / ::) is reachable from every network the host is on, and Docker's iptables rules bypass host firewalls like ufw. Error for well-known datastore and admin ports.",
    fix: 'bind to an interface (`"127.0.0.1:5432:5432"`), or drop `ports` and reach the service over the Compose network',
  },
  check({ model }, report) {
    for (const [name, svc] of services(model)) {
      if (str(svc.network_mode)?.trim() === 'host') continue; // ports are ignored with the host network
      // one finding an entry as written: a range of 65,535 ports is one line to fix, not 65,535
      for (const run of portEntries(
        svc,
        ports(svc).filter((p) => allInterfaces(p.hostIp)),
      )) {
        const p = run[0];
        let known: number | undefined;
        for (const q of run) {
          known = DATASTORE_NUMBERS.find((n) => rangeHas(q.target, n) || rangeHas(q.published, n));
          if (known) break;
        }
        const target = run.length > 1 ? portSpan(run.map((q) => q.target)) : p.target;
        const published = run.length > 1 ? portSpan(run.map((q) => q.published)) : p.published;
        const many = run.length > 1 ? `s ${target} (${run.length.toLocaleString('en-US')} ports)` : ` ${target}`;
        const where = published ? `host port${run.length > 1 ? 's' : ''} ${published}` : 'a random host port';
        const local = `127.0.0.1:${published ?? target}:${target}${p.protocol === 'tcp' ? '' : `/${p.protocol}`}`;
        report({
          path: ['services', name, 'ports', p.index],
          severity: known ? 'error' : 'warning',
          message: `service "${name}" publishes container port${many}${known ? ` (${DATASTORE_PORTS[known]})` : ''} on ${where} of every interface`,
          fix: {
            description: 'bind the port to localhost (or a private interface), or drop it and use the Compose network',
            yaml: `services:\n  ${name}:\n    ports: !override\n      - "${local}"\n`,
          },
        });
      }
    }
  },
};
export default rule;
