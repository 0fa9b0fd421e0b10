import { defineRule } from '../rule.js';
import { services, obj, str, truthy, sourceTrees } from '../model.js';
import {
  LIMITS,
  dropsAllCapabilities,
  hasHealthcheck,
  hasLimit,
  hasRestartPolicy,
  isRootUser,
  setsNoNewPrivileges,
} from '../settings.js';
import type { TreeObject } from '../../yaml/located.js';
import { ownText } from '../vocabulary.js';

/** Safety settings: the key a finding points at, what it is, and whether a service has it. */
const hasNonRootUser = (user: string | undefined): boolean => !!user?.trim() && !isRootUser(user);

const SAFETY: [string, string, (s: TreeObject) => boolean][] = [
  ['healthcheck', 'a healthcheck', hasHealthcheck],
  ['read_only', 'read_only: true', (s) => truthy(s.read_only)],
  ['cap_drop', 'cap_drop: [ALL]', dropsAllCapabilities],
  ['restart', 'a restart policy', hasRestartPolicy],
  ['mem_limit', 'a memory limit', (s) => hasLimit(s, LIMITS.memory)],
  ['cpus', 'a CPU limit', (s) => hasLimit(s, LIMITS.cpus)],
  ['pids_limit', 'a PIDs limit', (s) => hasLimit(s, LIMITS.pids)],
  ['security_opt', 'no-new-privileges', setsNoNewPrivileges],
  ['user', 'a non-root user', (s) => hasNonRootUser(str(s.user))],
];

export default defineRule(
  {
    id: 'override-drops-safety',
    title: 'Override drops a safety setting',
    severity: 'warning',
    category: 'environments',
    environments: 'all',
    wholeProject: true,
    references: {},
    description:
      'A file merged into this environment sets a healthcheck, `read_only`, a limit, `cap_drop: [ALL]`, `no-new-privileges`, a non-root `user` or a restart policy, and the merged model no longer has it: a later file removed it (`!reset`) or weakened it. Reads the raw files of the environment.',
    fix: 'keep the setting in the override, or document why it is dropped (`# compose-review-ignore override-drops-safety <reason>`)',
    messages: {
      dropped:
        '{{setting}} that {{file}} sets for service "{{service}}" is gone from the merged model (removed with !reset or overridden by a later file)',
    },
  },
  (ctx, report) => {
    const final = new Map(services(ctx.model));
    const done = new Set<string>();
    for (const [file, tree] of sourceTrees(ctx)) {
      for (const [name, raw] of services(obj(tree) ?? {})) {
        const merged = final.get(name);
        if (!merged) continue;
        for (const [key, setting, has] of SAFETY)
          if (has(raw) && !has(merged) && !done.has(`${name}\0${key}`) && done.add(`${name}\0${key}`))
            report({
              path: ['services', name, key],
              messageId: 'dropped',
              data: { setting: ownText(setting), file, service: name },
            });
      }
    }
  },
);
