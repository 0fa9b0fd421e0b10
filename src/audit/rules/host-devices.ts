import { serviceRule } from '../rule.js';
import { list, str, obj } from '../model.js';
import { ownText } from '../vocabulary.js';

export default serviceRule(
  {
    id: 'host-devices',
    title: 'Host device mapped',
    severity: 'warning',
    category: 'privileges',
    environments: 'all',
    references: { cis: '5.17', cwe: 'CWE-250' },
    description:
      '`devices:` gives the container direct access to a host device node. GPU reservations under `deploy.resources.reservations.devices` and CDI names are not flagged.',
    fix: 'map only what is needed, with `r` permissions where possible',
    messages: {
      device: 'service "{{service}}" maps the host device {{device}}',
      writable: 'service "{{service}}" maps the host device {{device}} with write access',
    },
  },
  (svc, _name, report) =>
    list(svc.devices).forEach((d, i) => {
      const o = obj(d);
      const spec = o ? `${str(o.source) ?? ''}:${str(o.target) ?? ''}:${str(o.permissions) ?? 'rwm'}` : (str(d) ?? '');
      const [device = '', , perms = 'rwm'] = spec.split(':');
      if (!device.startsWith('/')) return; // CDI device names (vendor.com/class=name) are requests, not host paths
      report({
        path: ['devices', i],
        messageId: /w/.test(perms) ? 'writable' : 'device',
        data: { device },
        fix: { description: ownText('map only the device needed, read-only (`:r`) where possible') },
      });
    }),
);
