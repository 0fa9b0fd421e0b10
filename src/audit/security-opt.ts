/** Shared shape of the three `security_opt` "turn protection off" rules. */
import type { Rule, RuleMeta } from './types.js';
import { services, list, str } from './model.js';

export function securityOptRule(meta: RuleMeta, pattern: RegExp, what: string): Rule {
  return {
    meta,
    check({ model }, report) {
      for (const [name, svc] of services(model))
        list(svc.security_opt).forEach((o, i) => {
          const opt = str(o)?.trim() ?? '';
          if (pattern.test(opt))
            report({
              path: ['services', name, 'security_opt', i],
              message: `service "${name}" ${what} (security_opt "${opt}")`,
              fix: {
                description: `remove "${opt}" from security_opt (in an override: \`security_opt: !override [...]\` without it)`,
              },
            });
        });
    },
  };
}
