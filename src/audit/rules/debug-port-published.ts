import { serviceRule } from '../rule.js';
import { ports, rangeHas } from '../ports.js';

export const DEBUG_PORTS: Record<number, string> = {
  9229: 'Node.js inspector',
  9230: 'Node.js inspector',
  5005: 'Java debugger (JDWP)',
  5678: 'Python debugpy',
  2345: 'Go Delve debugger',
  4000: 'development server',
  4200: 'Angular dev server',
  35729: 'LiveReload',
  24678: 'Vite HMR',
};

const DEBUG_NUMBERS = Object.keys(DEBUG_PORTS).map(Number);

export default serviceRule(
  {
    id: 'debug-port-published',
    title: 'Debugger port published in production',
    severity: 'warning',
    category: 'environments',
    environments: 'production',
    references: { cwe: 'CWE-489' },
    description:
      'A published container port that belongs to a debugger or dev server: 9229 (Node inspector), 5005 (JDWP), 5678 (debugpy), 2345 (Delve), 4000/4200 (dev servers), 35729 (LiveReload). A debugger port is remote code execution.',
    fix: 'remove the port (and the debug flag) from the production configuration',
    messages: { debugPort: 'service "{{service}}" publishes port {{port}} ({{what}})' },
  },
  (svc, _name, report) => {
    for (const p of ports(svc)) {
      const port = DEBUG_NUMBERS.find((x) => rangeHas(p.target, x));
      if (port) report({ path: ['ports', p.index], messageId: 'debugPort', data: { port, what: DEBUG_PORTS[port] } });
    }
  },
);
