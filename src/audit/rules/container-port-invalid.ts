import { serviceRule } from '../rule.js';
import { ports } from '../ports.js';

/** The largest port number: the engine reads a container port as 16 bits (nat.ParsePort, strconv.ParseUint(s, 10, 16)). */
const MAX_PORT = 65_535;

export default serviceRule(
  {
    id: 'container-port-invalid',
    title: 'Container port the engine refuses',
    severity: 'error',
    category: 'network',
    environments: 'all',
    references: {},
    description:
      "The long syntax's `target` is a 32-bit number to Compose (compose-go's `ServicePortConfig.Target`), so it loads 70000 as it is; the engine then refuses to create the container (\"invalid port specification\"): a port is 16 bits, 0 to 65,535.",
    note: "the long syntax's `target` only: the short syntax's container port is checked when the file loads",
    fix: 'write the port the process in the container listens on, between 1 and 65535',
    messages: {
      invalid:
        'container port {{target}} of service "{{service}}" is not a port (0 to 65535): the engine refuses to create the container',
    },
  },
  (svc, _name, report) => {
    for (const p of ports(svc)) {
      // the short syntax's container port is checked when the file loads (compose-go's nat.ParsePortSpec)
      if (p.short || p.target === undefined || !/^\d+$/.test(p.target) || Number(p.target) <= MAX_PORT) continue;
      report({ path: ['ports', p.index, 'target'], messageId: 'invalid', data: { target: p.target } });
    }
  },
);
