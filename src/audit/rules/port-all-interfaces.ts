import { serviceRule } from '../rule.js';
import { str } from '../model.js';
import { ports, allInterfaces, portEntries, portRange, portSpan, type PortSpec } from '../ports.js';
import { validHostPort } from './published-port-invalid.js';
import { isObject, valueLoc, type TreeObject } from '../../yaml/located.js';
import { yamlKey } from '../../yaml/emit.js';
import { goJsonText } from '../../utf8.js';
import { bundleText, own, ownText } from '../vocabulary.js';

/**
 * Datastores, brokers, cluster transports, collectors and admin APIs: the back end of a stack, never
 * meant for every network the host is on (error). Any other port is usually the stack's entry point
 * (a proxy on 80, a web UI, a DHCP or log input that exists to be reached): info.
 */
export const DATASTORE_PORTS: Record<number, string> = {
  5432: 'PostgreSQL',
  3306: 'MySQL/MariaDB',
  1433: 'SQL Server',
  1521: 'Oracle',
  6379: 'Redis',
  27017: 'MongoDB',
  9200: 'Elasticsearch',
  9300: 'Elasticsearch transport',
  9042: 'Cassandra',
  8086: 'InfluxDB',
  8123: 'ClickHouse HTTP',
  5984: 'CouchDB',
  11211: 'Memcached',
  5672: 'RabbitMQ',
  15672: 'RabbitMQ management',
  9092: 'Kafka',
  2181: 'ZooKeeper',
  4222: 'NATS',
  4317: 'OTLP gRPC',
  4318: 'OTLP HTTP',
  2375: 'Docker API',
  2376: 'Docker API (TLS)',
  8500: 'Consul',
  2379: 'etcd',
};

const DATASTORE_NUMBERS = Object.keys(DATASTORE_PORTS).map(Number);

/**
 * Past this many ports in one service the fix has no snippet: every finding of the service carries
 * it, so a snippet listing n ports on n findings made an answer grow as n².
 */
export const FIX_MAX_PORTS = 16;

/**
 * And past this many characters in its list (about 16 long-syntax ports with short names), or with a
 * long-syntax value past FIX_MAX_VALUE: the snippet copies `name` and `app_protocol` as written, and
 * 16 ports named with 60 KB each made a 0.96 MB file's audit 30.8 MB (found by an attack run).
 */
export const FIX_MAX_CHARS = 2048;
export const FIX_MAX_VALUE = 64;

/** Long-syntax keys short syntax cannot say (`mode: ingress` is the default it says). */
const LONG_ONLY = ['mode', 'name', 'app_protocol'] as const;

/** Localhost in the family of an address that means every interface. */
const localOf = (ip: string | undefined): string => (ip !== undefined && ip.includes(':') ? '::1' : '127.0.0.1');

/**
 * The service's whole `ports` list for an override, each entry published on every interface bound to
 * localhost and the others as they are, or undefined past FIX_MAX_PORTS or FIX_MAX_CHARS. Whole, because an override's
 * `ports` adds to the base's (compose-go merges them by their published port): only `!override`
 * replaces the list, and a snippet with the finding's port alone dropped the service's other ports
 * (saleor's jaeger: three snippets, each keeping one of its three ports).
 */
function overridePorts(svc: TreeObject, specs: readonly PortSpec[]): string | undefined {
  const items = new Set<string>(); // `0.0.0.0:80:80` and `[::]:80:80` are one port each on localhost
  for (const entry of portEntries(svc, specs)) {
    const first = entry[0];
    const wide = allInterfaces(first.hostIp);
    const hostIp = wide ? localOf(first.hostIp) : (first.hostIp ?? '').trim();
    const raw = Array.isArray(svc.ports) ? svc.ports[first.index] : undefined;
    const extra = isObject(raw)
      ? LONG_ONLY.filter((k) => raw[k] !== undefined && !(k === 'mode' && raw[k] === 'ingress'))
      : [];
    if (isObject(raw) && extra.length) {
      for (const p of entry) {
        const item: Record<string, unknown> = { target: /^\d+$/.test(p.target ?? '') ? Number(p.target) : p.target };
        if (p.published !== undefined) item.published = p.published;
        item.host_ip = hostIp;
        if (p.protocol !== 'tcp') item.protocol = p.protocol;
        for (const k of extra) {
          if (String(raw[k]).length > FIX_MAX_VALUE) return undefined;
          item[k] = raw[k];
        }
        // the bundle's values, as the snippet writes them: a secret in one withholds the fix
        for (const v of Object.values(item)) if (typeof v === 'string') bundleText(JSON.stringify(v));
        items.add(JSON.stringify(item));
      }
    } else {
      const ip = hostIp.includes(':') && !hostIp.startsWith('[') ? `[${hostIp}]` : hostIp;
      const published = portSpan(entry.map((p) => p.published)) ?? '';
      const target = portSpan(entry.map((p) => p.target)) ?? '';
      const protocol = first.protocol === 'tcp' ? '' : `/${first.protocol}`;
      items.add(bundleText(JSON.stringify(`${ip}:${published}:${target}${protocol}`)));
    }
    if (items.size > FIX_MAX_PORTS) return undefined;
  }
  // a value Go holds as bytes that are not UTF-8 (a !!binary: src/utf8.ts) has no JSON form to copy
  if ([...items].some((i) => goJsonText(i) !== i)) return undefined;
  const list = [...items].map((i) => `      - ${i}\n`).join('');
  return list.length > FIX_MAX_CHARS ? undefined : list;
}

export default serviceRule(
  {
    id: 'port-all-interfaces',
    title: 'Port published on all interfaces',
    severity: 'info',
    category: 'network',
    environments: 'all',
    references: {
      cis: '5.13',
      kics: ['container_traffic_not_bound_to_host_interface'],
      dclint: 'no-unbound-port-interfaces',
      cwe: 'CWE-668',
    },
    description:
      "A published port with no host IP (or 0.0.0.0 / ::) is reachable from every network the host is on, and Docker's iptables rules bypass host firewalls like ufw. Error for the well-known ports of a stack's back end (databases, caches, brokers, cluster transports, telemetry collectors, admin APIs); info for any other port, which is usually the stack's entry point.",
    note: 'info unless the port is a known back-end port: a proxy or web UI on every interface is most often what was meant',
    fix: 'bind to an interface (`"127.0.0.1:5432:5432"`), or drop `ports` and reach the service over the Compose network; in an override file, `ports: !override` with every port of the service (an override\'s `ports` are added to the base\'s)',
    messages: {
      allInterfaces: 'service "{{service}}" publishes container port {{target}} on {{hostPort}} of every interface',
      datastore:
        'service "{{service}}" publishes container port {{target}} ({{datastore}}) on {{hostPort}} of every interface',
    },
  },
  (svc, name, report) => {
    if (str(svc.network_mode)?.trim() === 'host') return; // ports are ignored with the host network
    const specs = ports(svc);
    const datastoreOf = (p: PortSpec): number | undefined => {
      const t = portRange(p.target);
      const h = portRange(p.published);
      return DATASTORE_NUMBERS.find((n) => (t && t[0] <= n && n <= t[1]) || (h && h[0] <= n && n <= h[1]));
    };
    let fix: { description: string; yaml?: string } | undefined; // one for the service's findings
    const fixOf = (): { description: string; yaml?: string } => {
      if (fix) return fix;
      const list = overridePorts(svc, specs);
      return (fix = list
        ? {
            description: ownText(
              'bind the port to localhost (or a private interface), or drop it and use the Compose network',
            ),
            yaml: `services:\n  ${yamlKey(bundleText(name))}:\n    ports: !override # every port of the service: an override's list adds to the base's\n${list}`,
          }
        : {
            description: own`bind the port to localhost (or a private interface), or drop it and use the Compose network; in an override, \`ports: !override\` with every port of the service (a \`ports\` list is added to the base's)`,
          });
    };
    const reportOne = (p: PortSpec, known: number | undefined, count: number): void => {
      const path = ['ports', p.index];
      const target = String(p.target);
      const hostPort = p.published ? `host port ${p.published}` : 'a random host port';
      // each report one literal (a spread of the fields they share made each one field by field)
      if (known !== undefined)
        report({
          path,
          count,
          fix: fixOf(),
          severity: 'error',
          messageId: 'datastore',
          data: { target, datastore: DATASTORE_PORTS[known], hostPort },
        });
      else
        report({ path, count, fix: fixOf(), severity: 'info', messageId: 'allInterfaces', data: { target, hostPort } });
    };
    // The ports of one entry as written (a range is one mapping per port, each where the range is
    // written) make one finding: the runner keeps the first port's report and replaces it with the
    // first more severe one. So each run of ports from one entry is reported as its first port and,
    // when a later one is a back-end port and the first is not, that one for the rest of the run:
    // the finding a report per port made, with two reports instead of 65,535 for `1-65535:1-65535`.
    for (let i = 0; i < specs.length;) {
      const at = valueLoc(svc.ports, specs[i].index);
      let end = i + 1;
      while (end < specs.length && at !== undefined && valueLoc(svc.ports, specs[end].index) === at) end++;
      let first: PortSpec | undefined;
      let firstKnown: number | undefined;
      let upgrade: PortSpec | undefined;
      let upgradeKnown: number | undefined;
      let count = 0;
      for (let j = i; j < end; j++) {
        const p = specs[j];
        // a host port the engine refuses is published-port-invalid's, not a port on every interface
        if (!allInterfaces(p.hostIp) || (p.published !== undefined && !p.short && !validHostPort(p.published)))
          continue;
        count++;
        if (!first) {
          first = p;
          firstKnown = datastoreOf(p);
        } else if (firstKnown === undefined && !upgrade) {
          upgradeKnown = datastoreOf(p);
          if (upgradeKnown !== undefined) upgrade = p;
        }
      }
      i = end;
      if (!first) continue;
      if (!upgrade) reportOne(first, firstKnown, count);
      else {
        reportOne(first, firstKnown, 1);
        reportOne(upgrade, upgradeKnown, count - 1);
      }
    }
  },
);
