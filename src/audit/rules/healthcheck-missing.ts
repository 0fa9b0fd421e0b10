import { serviceRule } from '../rule.js';
import { obj, truthy } from '../model.js';
import { hasHealthcheck } from '../settings.js';

export default serviceRule(
  {
    id: 'healthcheck-missing',
    title: 'No healthcheck',
    severity: 'warning',
    category: 'availability',
    environments: 'all',
    references: { cis: '5.26', kics: ['healthcheck_not_set'] },
    description:
      'No `healthcheck`, or one disabled (`disable: true`, `test: [NONE]`): the engine cannot tell a hung service from a healthy one, and `depends_on: service_healthy` cannot wait for it. The image may define a HEALTHCHECK; the model cannot see it.',
    fix: 'add a `healthcheck` with `test`, `interval`, `timeout`, `retries`, `start_period`',
    messages: {
      missing: 'service "{{service}}" has no healthcheck (unless its image defines one)',
      disabled: 'service "{{service}}" disables its healthcheck',
    },
  },
  (svc, name, report) => {
    if (hasHealthcheck(svc)) return;
    const hc = obj(svc.healthcheck);
    report({
      path: hc ? ['healthcheck', truthy(hc.disable) ? 'disable' : 'test'] : ['healthcheck'],
      messageId: hc ? 'disabled' : 'missing',
      fix: {
        description: 'add a healthcheck that exercises the service',
        yaml: `services:\n  ${name}:\n    healthcheck:\n      test: ["CMD", "wget", "-q", "--spider", "http://localhost:8080/health"]\n      interval: 30s\n      timeout: 5s\n      retries: 3\n      start_period: 30s\n`,
      },
    });
  },
);
