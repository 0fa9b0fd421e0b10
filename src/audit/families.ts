/**
 * Rule families: one definition behind several rules, each keeping its own id, metadata and tests
 * (the host namespaces, the `security_opt` switches that turn a protection off, the resource limits).
 */
import type { TreeObject } from '../yaml/located.js';
import type { Rule, RuleMeta } from './types.js';
import { list, serviceFix, str } from './model.js';
import { serviceRule } from './rule.js';
import { hasLimit, type Limit } from './settings.js';
import { yamlKey } from '../yaml/emit.js';
import { bundleText, own, ownFragment, ownText } from './vocabulary.js';

/** A family member's metadata: the family writes the message. */
export type MemberMeta<Id extends string> = Omit<RuleMeta<Id>, 'messages'>;

/** `<key>: host`: network_mode, pid, ipc, uts. */
export function hostNamespaceRule<const Id extends string>(meta: MemberMeta<Id>, key: string, what: string): Rule<Id> {
  return serviceRule(
    { ...meta, messages: { hostNamespace: `service "{{service}}" shares the host's ${what} (${key}: host)` } },
    (svc, name, report) => {
      if (str(svc[key])?.trim() === 'host')
        report({
          path: [key],
          messageId: 'hostNamespace',
          fix: { description: meta.fix, yaml: `services:\n  ${yamlKey(bundleText(name))}:\n    ${key}: !reset null\n` },
        });
    },
  );
}

/** A `security_opt` entry that turns a protection off (`seccomp:unconfined`, `label:disable`…). */
export function securityOptRule<const Id extends string>(
  meta: MemberMeta<Id>,
  pattern: RegExp,
  what: string,
): Rule<Id> {
  return serviceRule(
    { ...meta, messages: { protectionOff: `service "{{service}}" ${what} (security_opt "{{option}}")` } },
    (svc, _name, report) =>
      list(svc.security_opt).forEach((o, i) => {
        const option = str(o)?.trim() ?? '';
        if (pattern.test(option))
          report({
            path: ['security_opt', i],
            messageId: 'protectionOff',
            data: { option },
            fix: {
              description: own`remove "${option}" from security_opt (in an override: \`security_opt: !override [...]\` without it)`,
            },
          });
      }),
  );
}

/** A resource limit set by neither of its keys; the finding points at the first, the fix sets `fragment`. */
export function limitRule<const Id extends string>(
  meta: MemberMeta<Id>,
  limit: Limit,
  what: string,
  fix: { description: string; fragment: TreeObject },
): Rule<Id> {
  // the fix is ours whole (src/audit/vocabulary.ts)
  ownText(fix.description);
  ownFragment(fix.fragment);
  return serviceRule(
    { ...meta, messages: { noLimit: `service "{{service}}" has no ${what} limit` } },
    (svc, name, report) => {
      if (!hasLimit(svc, limit))
        report({
          path: [...limit.keys[0]],
          messageId: 'noLimit',
          fix: serviceFix(name, fix.description, fix.fragment),
        });
    },
  );
}
