import { defineRule } from '../rule.js';
import { services, obj, list, str, entries } from '../model.js';
import type { TreeObject } from '../../yaml/located.js';

function dependencies(svc: TreeObject | undefined): string[] {
  if (!svc) return [];
  const m = obj(svc.depends_on);
  return m ? Object.keys(m) : list(svc.depends_on).flatMap((d) => (str(d) ? [str(d) as string] : []));
}

export default defineRule(
  {
    id: 'dev-only-service',
    title: 'Depends on a development-only service',
    severity: 'warning',
    category: 'environments',
    environments: 'production',
    wholeProject: true,
    references: {},
    description:
      'A service depends (in development) on a service that production does not define, or its production environment still points at that service by host name: production lacks something the service was tried with. Needs the development model.',
    fix: 'define the dependency in production too (or a managed equivalent) and point the service at it',
    messages: {
      dependsOn:
        'in {{development}}, service "{{service}}" depends on "{{dependency}}", which this environment does not define',
      pointsAt: '{{variable}} of service "{{service}}" points at "{{host}}", a service only {{development}} defines',
    },
  },
  ({ model, development }, report) => {
    if (!development) return;
    const prod = new Map(services(model));
    const dev = new Map(services(development.model));
    const devOnly = [...dev.keys()].filter((n) => !prod.has(n));
    if (devOnly.length === 0) return;
    for (const [name, svc] of prod) {
      for (const d of dependencies(dev.get(name)).filter((d) => devOnly.includes(d)))
        report({
          path: ['services', name],
          messageId: 'dependsOn',
          data: { development: development.environment, service: name, dependency: d },
        });
      for (const e of entries(svc.environment)) {
        const host = devOnly.find(
          (d) =>
            e.value !== null &&
            new RegExp(`(^|[/@:=,\\s])${d.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}($|[:/,\\s])`).test(e.value),
        );
        if (host)
          report({
            path: ['services', name, 'environment', e.key],
            messageId: 'pointsAt',
            data: { variable: e.name, service: name, host, development: development.environment },
          });
      }
    }
  },
);
