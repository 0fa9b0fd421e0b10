/** Shared shape of the `<key>: host` namespace rules (network_mode, pid, ipc, uts). */
import type { Rule, RuleMeta } from './types.js';
import { services, str } from './model.js';

export function hostNamespaceRule(meta: RuleMeta, key: string, what: string): Rule {
  return {
    meta,
    check({ model }, report) {
      for (const [name, svc] of services(model))
        if (str(svc[key])?.trim() === 'host')
          report({
            path: ['services', name, key],
            message: `service "${name}" shares the host's ${what} (${key}: host)`,
            fix: { description: meta.fix, yaml: `services:\n  ${name}:\n    ${key}: !reset null\n` },
          });
    },
  };
}
