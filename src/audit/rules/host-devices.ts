import type { Rule } from '../types.js';
import { services, list, str, obj } from '../model.js';

const rule: Rule = {
  meta: {
    id: 'host-devices',
    title: 'Host device mapped',
    severity: 'warning',
    category: 'privileges',
    environments: 'all',
    references: { cis: '5.17', cwe: 'CWE-250' },
    description:
      '`devices:` gives the container direct access to a host device node. GPU reservations under `deploy.resources.reservations.devices` and CDI names are not flagged.',
    fix: 'map only what is needed, with `r` permissions where possible',
  },
  check({ model }, report) {
    for (const [name, svc] of services(model))
      list(svc.devices).forEach((d, i) => {
        const o = obj(d);
        const spec = o
          ? `${str(o.source) ?? ''}:${str(o.target) ?? ''}:${str(o.permissions) ?? 'rwm'}`
          : (str(d) ?? '');
        const [source = '', , perms = 'rwm'] = spec.split(':');
        if (!source.startsWith('/')) return; // CDI device names (vendor.com/class=name) are requests, not host paths
        report({
          path: ['services', name, 'devices', i],
          message: `service "${name}" maps the host device ${source}${/w/.test(perms) ? ' with write access' : ''}`,
          fix: { description: 'map only the device needed, read-only (`:r`) where possible' },
        });
      });
  },
};
export default rule;
