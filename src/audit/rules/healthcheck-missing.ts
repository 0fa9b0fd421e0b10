import { serviceRule } from '../rule.js';
import type { TreeObject } from '../../yaml/located.js';
import { obj, list, nameList, services, str, truthy } from '../model.js';
import { hasHealthcheck } from '../settings.js';
import { yamlKey } from '../../yaml/emit.js';
import { bundleText, ownText } from '../vocabulary.js';
import { suggestedHealthTest } from '../health-tests.js';

export default serviceRule(
  {
    id: 'healthcheck-missing',
    title: 'No healthcheck',
    severity: 'warning',
    category: 'availability',
    environments: 'all',
    wholeProject: true,
    references: { cis: '5.26', kics: ['healthcheck_not_set'] },
    description:
      'A service that others depend on (`depends_on`) has no `healthcheck`, or one disabled (`disable: true`, `test: [NONE]`): `depends_on: service_healthy` cannot wait for it, so its dependants start against a service that is not ready. The image may define a HEALTHCHECK; the model cannot see it.',
    note: 'only services others depend on: a healthcheck nothing waits for changes nothing at start-up',
    fix: 'add a `healthcheck` with `test`, `interval`, `timeout`, `retries`, `start_period`; the snippet\'s `test` is the image\'s own tool where an official image has one (`pg_isready`, `redis-cli ping`, `mysqladmin ping`, mariadb\'s `healthcheck.sh`, `mongosh`, `rabbitmq-diagnostics`), else an HTTP probe of the container port the service publishes or exposes',
    messages: {
      missing: 'service "{{service}}" has no healthcheck (unless its image defines one) for {{dependants}} to wait on',
      disabled: 'service "{{service}}" disables its healthcheck',
    },
  },
  (svc, name, report, ctx) => {
    if (hasHealthcheck(svc) || !dependedOn(ctx.model).has(name)) return;
    const hc = obj(svc.healthcheck);
    report({
      path: hc ? ['healthcheck', truthy(hc.disable) ? 'disable' : 'test'] : ['healthcheck'],
      ...(hc
        ? { messageId: 'disabled' as const }
        : { messageId: 'missing' as const, data: { dependants: nameList(dependedOn(ctx.model).get(name) ?? []) } }),
      fix: {
        description: ownText('add a healthcheck that exercises the service'),
        yaml: `services:\n  ${yamlKey(bundleText(name))}:\n    healthcheck:\n      test: ${suggestedHealthTest(svc)}\n      interval: 30s\n      timeout: 5s\n      retries: 3\n      start_period: 30s\n`,
      },
    });
  },
);

const dependants = new WeakMap<TreeObject, Map<string, string[]>>();

/** The services each service is a dependency of (`depends_on`, short or long syntax). */
function dependedOn(model: TreeObject): Map<string, string[]> {
  let m = dependants.get(model);
  if (m) return m;
  m = new Map();
  for (const [name, svc] of services(model)) {
    const deps = obj(svc.depends_on)
      ? Object.keys(obj(svc.depends_on) ?? {})
      : list(svc.depends_on).map((d) => str(d) ?? '');
    for (const d of deps) m.set(d, [...(m.get(d) ?? []), name]);
  }
  dependants.set(model, m);
  return m;
}
