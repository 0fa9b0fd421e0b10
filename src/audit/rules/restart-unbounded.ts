import { serviceRule } from '../rule.js';
import { str, obj, get, serviceFix } from '../model.js';
import { ownFragment, ownText } from '../vocabulary.js';

/** shared by every finding: serviceFix copies them when a patch is read */
const ON_FAILURE = ownFragment({ restart: 'on-failure:5' });
const MAX_ATTEMPTS = ownFragment({ deploy: { restart_policy: { max_attempts: 5 } } });

export default serviceRule(
  {
    id: 'restart-unbounded',
    title: 'Unbounded restarts',
    severity: 'info',
    category: 'availability',
    environments: 'production',
    scope: 'project',
    summary: 'cap their restarts',
    defaultOff: true,
    note: 'off by default: `restart: always` / `unless-stopped` is the policy a long-running server wants',
    references: { cis: '5.14', kics: ['restart_policy_on_failure_not_set_to_5'] },
    description:
      '`restart: always` (or `deploy.restart_policy` with condition `any` and no `max_attempts`) restarts a crash-looping container forever; CIS prefers `on-failure` with a retry cap.',
    fix: '`restart: on-failure:5`, or `deploy.restart_policy.max_attempts`',
    messages: {
      always: 'service "{{service}}" restarts always, without a retry cap',
      anyCondition: 'service "{{service}}" restarts on any condition, without max_attempts',
    },
  },
  (svc, name, report) => {
    if (str(svc.restart)?.trim() === 'always')
      report({
        path: ['restart'],
        messageId: 'always',
        fix: serviceFix(name, ownText('restart on failure, at most 5 times'), ON_FAILURE),
      });
    const rp = obj(get(svc, 'deploy', 'restart_policy'));
    if (rp && (str(rp.condition) ?? 'any') === 'any' && rp.max_attempts == null)
      report({
        path: ['deploy', 'restart_policy'],
        messageId: 'anyCondition',
        fix: serviceFix(name, ownText('cap the restart attempts'), MAX_ATTEMPTS),
      });
  },
);
