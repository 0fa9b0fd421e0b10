import { defineRule } from '../rule.js';
import { services, obj, list, str, entries } from '../model.js';
import type { TreeObject } from '../../yaml/located.js';

function dependencies(svc: TreeObject | undefined): string[] {
  if (!svc) return [];
  const m = obj(svc.depends_on);
  if (m) return Object.keys(m);
  const out: string[] = [];
  for (const d of list(svc.depends_on)) {
    const s = str(d);
    if (s) out.push(s);
  }
  return out;
}

/**
 * Which of `names` (ranked) `value` names as a host, as `(^|[/@:=,\s])NAME($|[:/,\s])` would find
 * for each name in turn: a service name holds none of those characters, so a name can only be the
 * text from a start (the value's, or after a left delimiter) to the next right delimiter. One pass
 * over the value, where a regex a name was one pass each.
 */
function firstNamed(value: string, rank: ReadonlyMap<string, number>, names: readonly string[]): string | undefined {
  const left = /[/@:=,\s]/;
  const right = /[:/,\s]/;
  let best = -1;
  let end = value.length;
  for (let start = value.length; start >= 0; start--) {
    if (start < value.length && right.test(value[start])) end = start;
    if (start > 0 && !left.test(value[start - 1])) continue;
    const r = rank.get(value.slice(start, end));
    if (r !== undefined && (best < 0 || r < best)) best = r;
  }
  return best < 0 ? undefined : names[best];
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
    // by name, and each name's rank: the first of them (in development's order) a value names is reported
    const rank = new Map(devOnly.map((d, i) => [d, i]));
    for (const [name, svc] of prod) {
      for (const d of dependencies(dev.get(name)).filter((d) => rank.has(d)))
        report({
          path: ['services', name],
          messageId: 'dependsOn',
          data: { development: development.environment, service: name, dependency: d },
        });
      for (const e of entries(svc.environment)) {
        const host = e.value === null ? undefined : firstNamed(e.value, rank, devOnly);
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
