import { serviceRule } from '../rule.js';
import { ports } from '../ports.js';

/** The largest port number: the engine reads a host port as 16 bits (ParsePortRange, strconv.ParseUint(s, 10, 16)). */
const MAX_PORT = 65_535;

/**
 * A host port the engine takes (moby daemon/container.go validatePortBindings): empty (an ephemeral
 * port), or `N` or `N-M` with N ≤ M, decimal digits only, each at most 65,535.
 */
export function validHostPort(published: string): boolean {
  const m = /^(\d+)(?:-(\d+))?$/.exec(published);
  if (!m) return false;
  const lo = Number(m[1]);
  const hi = m[2] === undefined ? lo : Number(m[2]);
  return lo <= MAX_PORT && hi <= MAX_PORT && lo <= hi;
}

export default serviceRule(
  {
    id: 'published-port-invalid',
    title: 'Host port the engine refuses',
    severity: 'error',
    category: 'network',
    environments: 'all',
    references: {},
    description:
      'The long syntax takes any string as `published`, and Compose loads it as it is; the engine then refuses to create the container ("invalid port specification") unless it is a port (0 to 65,535) or a range of them, low to high.',
    note: "the long syntax's `published` only: the short syntax's host port is checked when the file loads",
    fix: 'publish a port number between 1 and 65535, or a range such as `"8000-8010"`',
    messages: {
      invalid:
        'host port {{published}} of service "{{service}}" is not a port or a range of ports (0 to 65535): the engine refuses to create the container',
    },
  },
  (svc, _name, report) => {
    for (const p of ports(svc)) {
      // the short syntax's host port is checked when the file loads (compose-go's nat.ParsePortSpec)
      if (p.short || p.published === undefined || validHostPort(p.published)) continue;
      report({
        path: ['ports', p.index, 'published'],
        messageId: 'invalid',
        data: { published: JSON.stringify(p.published) },
      });
    }
  },
);
