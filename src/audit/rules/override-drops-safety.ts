import type { Rule } from '../types.js';
import { services, obj, get, str, strings, truthy, isLimitSet, sourceTrees } from '../model.js';
import { hasHealthcheck } from './healthcheck-missing.js';
import { capName } from './cap-add-dangerous.js';
import { isRootUser } from './runs-as-root.js';
import type { TreeObject } from '../../yaml/located.js';

/** Safety settings: the key a finding points at, what it is, and whether a service has it. */
/** `restart` other than `no`, or a `deploy.restart_policy`. */
export const hasRestartPolicy = (s: TreeObject): boolean =>
  (!!str(s.restart)?.trim() && str(s.restart)?.trim() !== 'no') ||
  obj(get(s, 'deploy', 'restart_policy')) !== undefined;

const SAFETY: [string, string, (s: TreeObject) => boolean][] = [
  ['healthcheck', 'a healthcheck', hasHealthcheck],
  ['read_only', 'read_only: true', (s) => truthy(s.read_only)],
  ['cap_drop', 'cap_drop: [ALL]', (s) => strings(s.cap_drop).some((c) => capName(c) === 'ALL')],
  ['restart', 'a restart policy', hasRestartPolicy],
  [
    'mem_limit',
    'a memory limit',
    (s) => isLimitSet(s.mem_limit) || isLimitSet(get(s, 'deploy', 'resources', 'limits', 'memory')),
  ],
  ['cpus', 'a CPU limit', (s) => isLimitSet(s.cpus) || isLimitSet(get(s, 'deploy', 'resources', 'limits', 'cpus'))],
  [
    'pids_limit',
    'a PIDs limit',
    (s) => isLimitSet(s.pids_limit) || isLimitSet(get(s, 'deploy', 'resources', 'limits', 'pids')),
  ],
  [
    'security_opt',
    'no-new-privileges',
    (s) => strings(s.security_opt).some((o) => /^no-new-privileges(?:[:=]true)?$/i.test(o.trim())),
  ],
  ['user', 'a non-root user', (s) => !!str(s.user)?.trim() && !isRootUser(str(s.user) as string)],
];

const rule: Rule = {
  meta: {
    id: 'override-drops-safety',
    title: 'Override drops a safety setting',
    severity: 'warning',
    category: 'environments',
    environments: 'all',
    references: {},
    description:
      'A file merged into this environment sets a healthcheck, `read_only`, a limit, `cap_drop: [ALL]`, `no-new-privileges`, a non-root `user` or a restart policy, and the merged model no longer has it: a later file removed it (`!reset`) or weakened it. Reads the raw files of the environment.',
    fix: 'keep the setting in the override, or document why it is dropped (`# compose-review-ignore override-drops-safety <reason>`)',
  },
  check(ctx, report) {
    const final = new Map(services(ctx.model));
    const done = new Set<string>();
    for (const [file, tree] of sourceTrees(ctx)) {
      for (const [name, raw] of services(obj(tree) ?? {})) {
        const merged = final.get(name);
        if (!merged) continue;
        for (const [key, what, has] of SAFETY)
          if (has(raw) && !has(merged) && !done.has(`${name}\0${key}`) && done.add(`${name}\0${key}`))
            report({
              path: ['services', name, key],
              message: `${what} that ${file} sets for service "${name}" is gone from the merged model (removed with !reset or overridden by a later file)`,
            });
      }
    }
  },
};
export default rule;
