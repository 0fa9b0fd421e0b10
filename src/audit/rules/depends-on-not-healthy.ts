import { defineRule } from '../rule.js';
import { services, obj, list, str, serviceFix } from '../model.js';
import { hasHealthcheck } from '../settings.js';
import { own } from '../vocabulary.js';

export default defineRule(
  {
    id: 'depends-on-not-healthy',
    title: 'depends_on does not wait for health',
    severity: 'info',
    category: 'availability',
    environments: 'all',
    wholeProject: true,
    defaultOff: true,
    note: 'off by default: a dependant that retries its connection (most clients do) does not care',
    references: {},
    description:
      '`depends_on` a service that has a healthcheck, with `condition: service_started` or the short form: the dependant starts before its dependency is ready.',
    fix: '`depends_on: {db: {condition: service_healthy}}`',
    messages: { notHealthy: 'service "{{service}}" starts once "{{dependency}}" has started, not once it is healthy' },
  },
  ({ model }, report) => {
    const all = new Map(services(model));
    for (const [name, svc] of all) {
      const deps = obj(svc.depends_on)
        ? Object.entries(obj(svc.depends_on) ?? {}).map(([dep, v]) => ({
            dep,
            key: dep,
            condition: str(obj(v)?.condition),
          }))
        : list(svc.depends_on).map((d, i) => ({ dep: str(d) ?? '', key: i, condition: undefined }));
      for (const { dep, key, condition } of deps) {
        const target = all.get(dep);
        if (!target || !hasHealthcheck(target) || (condition !== undefined && condition !== 'service_started'))
          continue;
        report({
          path: ['services', name, 'depends_on', key],
          messageId: 'notHealthy',
          data: { service: name, dependency: dep },
          fix:
            typeof key === 'string'
              ? serviceFix(name, own`wait for "${dep}" to be healthy`, {
                  depends_on: { [dep]: { condition: 'service_healthy' } },
                })
              : { description: own`use the long form with condition: service_healthy for "${dep}"` },
        });
      }
    }
  },
);
