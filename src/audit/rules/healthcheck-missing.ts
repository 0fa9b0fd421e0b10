import type { Rule } from '../types.js';
import { services, obj, strings, truthy } from '../model.js';
import type { TreeObject } from '../../yaml/located.js';

/** An enabled healthcheck: present, not `disable: true`, not `test: [NONE]`. */
export function hasHealthcheck(svc: TreeObject): boolean {
  const hc = obj(svc.healthcheck);
  return !!hc && !truthy(hc.disable) && strings(hc.test)[0]?.toUpperCase() !== 'NONE';
}

const rule: Rule = {
  meta: {
    id: 'healthcheck-missing',
    title: 'No healthcheck',
    severity: 'warning',
    category: 'availability',
    environments: 'all',
    references: { cis: '5.26', kics: ['healthcheck_not_set'] },
    description:
      'No `healthcheck`, or one disabled (`disable: true`, `test: [NONE]`): the engine cannot tell a hung service from a healthy one, and `depends_on: service_healthy` cannot wait for it. The image may define a HEALTHCHECK; the model cannot see it.',
    fix: 'add a `healthcheck` with `test`, `interval`, `timeout`, `retries`, `start_period`',
  },
  check({ model }, report) {
    for (const [name, svc] of services(model)) {
      if (hasHealthcheck(svc)) continue;
      const hc = obj(svc.healthcheck);
      report({
        path: hc
          ? ['services', name, 'healthcheck', truthy(hc.disable) ? 'disable' : 'test']
          : ['services', name, 'healthcheck'],
        message: hc
          ? `service "${name}" disables its healthcheck`
          : `service "${name}" has no healthcheck (unless its image defines one)`,
        fix: {
          description: 'add a healthcheck that exercises the service',
          yaml: `services:\n  ${name}:\n    healthcheck:\n      test: ["CMD", "wget", "-q", "--spider", "http://localhost:8080/health"]\n      interval: 30s\n      timeout: 5s\n      retries: 3\n      start_period: 30s\n`,
        },
      });
    }
  },
};
export default rule;
