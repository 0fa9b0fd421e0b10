/**
 * Every audit rule, by id, in the order of the rules table (README's). Adding a rule: its file, its id
 * in `RuleId`, one line in `registry`. The registry's type makes a missing entry, an extra one, or an
 * entry whose rule has another id a compile error; test/audit/rules.ts checks that every file of this
 * folder is registered.
 */
import type { Rule, RuleMeta } from '../types.js';
import { addOwnIds, addOwnPhrases } from '../vocabulary.js';
import { templateParts } from '../rule.js';
import privileged from './privileged.js';
import capAddDangerous from './cap-add-dangerous.js';
import capDropMissing from './cap-drop-missing.js';
import noNewPrivilegesMissing from './no-new-privileges-missing.js';
import runsAsRoot from './runs-as-root.js';
import usernsHost from './userns-host.js';
import seccompUnconfined from './seccomp-unconfined.js';
import apparmorUnconfined from './apparmor-unconfined.js';
import selinuxDisabled from './selinux-disabled.js';
import systempathsUnconfined from './systempaths-unconfined.js';
import hostDevices from './host-devices.js';
import cgroupParentSet from './cgroup-parent-set.js';
import hostNetwork from './host-network.js';
import hostPid from './host-pid.js';
import hostIpc from './host-ipc.js';
import hostUts from './host-uts.js';
import hostCgroup from './host-cgroup.js';
import defaultNetworkOnly from './default-network-only.js';
import sharedVolume from './shared-volume.js';
import dockerSocketMount from './docker-socket-mount.js';
import sensitiveHostMount from './sensitive-host-mount.js';
import readOnlyRootMissing from './read-only-root-missing.js';
import mountPropagationShared from './mount-propagation-shared.js';
import memoryLimitMissing from './memory-limit-missing.js';
import cpuLimitMissing from './cpu-limit-missing.js';
import pidsLimitMissing from './pids-limit-missing.js';
import ulimitsOverride from './ulimits-override.js';
import portAllInterfaces from './port-all-interfaces.js';
import privilegedPort from './privileged-port.js';
import dockerApiPort from './docker-api-port.js';
import sshPort from './ssh-port.js';
import duplicatePublishedPort from './duplicate-published-port.js';
import publishedPortInvalid from './published-port-invalid.js';
import containerPortInvalid from './container-port-invalid.js';
import secretInEnvironment from './secret-in-environment.js';
import credentialsInUrl from './credentials-in-url.js';
import secretInCommand from './secret-in-command.js';
import weakDefaultPassword from './weak-default-password.js';
import secretInBuildArgs from './secret-in-build-args.js';
import secretInLabels from './secret-in-labels.js';
import imageUnpinned from './image-unpinned.js';
import imageNoDigest from './image-no-digest.js';
import buildWithoutImage from './build-without-image.js';
import buildAndImage from './build-and-image.js';
import healthcheckMissing from './healthcheck-missing.js';
import restartPolicyMissing from './restart-policy-missing.js';
import restartUnbounded from './restart-unbounded.js';
import dependsOnNotHealthy from './depends-on-not-healthy.js';
import containerNameWithReplicas from './container-name-with-replicas.js';
import hostPortWithReplicas from './host-port-with-replicas.js';
import logRotationMissing from './log-rotation-missing.js';
import obsoleteVersion from './obsolete-version.js';
import projectNameMissing from './project-name-missing.js';
import containerNameInvalid from './container-name-invalid.js';
import portsUnquoted from './ports-unquoted.js';
import volumesQuoted from './volumes-quoted.js';
import servicesOrder from './services-order.js';
import serviceKeysOrder from './service-keys-order.js';
import topLevelOrder from './top-level-order.js';
import dependsOnOrder from './depends-on-order.js';
import portsOrder from './ports-order.js';
import debugInProduction from './debug-in-production.js';
import devCommandInProduction from './dev-command-in-production.js';
import sourceBindMountInProduction from './source-bind-mount-in-production.js';
import debugPortPublished from './debug-port-published.js';
import developSectionInProduction from './develop-section-in-production.js';
import overrideDropsSafety from './override-drops-safety.js';
import imageDiffersBetweenEnvironments from './image-differs-between-environments.js';
import devOnlyService from './dev-only-service.js';

export type RuleId =
  | 'privileged'
  | 'cap-add-dangerous'
  | 'cap-drop-missing'
  | 'no-new-privileges-missing'
  | 'runs-as-root'
  | 'userns-host'
  | 'seccomp-unconfined'
  | 'apparmor-unconfined'
  | 'selinux-disabled'
  | 'systempaths-unconfined'
  | 'host-devices'
  | 'cgroup-parent-set'
  | 'host-network'
  | 'host-pid'
  | 'host-ipc'
  | 'host-uts'
  | 'host-cgroup'
  | 'default-network-only'
  | 'shared-volume'
  | 'docker-socket-mount'
  | 'sensitive-host-mount'
  | 'read-only-root-missing'
  | 'mount-propagation-shared'
  | 'memory-limit-missing'
  | 'cpu-limit-missing'
  | 'pids-limit-missing'
  | 'ulimits-override'
  | 'port-all-interfaces'
  | 'privileged-port'
  | 'docker-api-port'
  | 'ssh-port'
  | 'duplicate-published-port'
  | 'published-port-invalid'
  | 'container-port-invalid'
  | 'secret-in-environment'
  | 'credentials-in-url'
  | 'secret-in-command'
  | 'weak-default-password'
  | 'secret-in-build-args'
  | 'secret-in-labels'
  | 'image-unpinned'
  | 'image-no-digest'
  | 'build-without-image'
  | 'build-and-image'
  | 'healthcheck-missing'
  | 'restart-policy-missing'
  | 'restart-unbounded'
  | 'depends-on-not-healthy'
  | 'container-name-with-replicas'
  | 'host-port-with-replicas'
  | 'log-rotation-missing'
  | 'obsolete-version'
  | 'project-name-missing'
  | 'container-name-invalid'
  | 'ports-unquoted'
  | 'volumes-quoted'
  | 'services-order'
  | 'service-keys-order'
  | 'top-level-order'
  | 'depends-on-order'
  | 'ports-order'
  | 'debug-in-production'
  | 'dev-command-in-production'
  | 'source-bind-mount-in-production'
  | 'debug-port-published'
  | 'develop-section-in-production'
  | 'override-drops-safety'
  | 'image-differs-between-environments'
  | 'dev-only-service';

export const registry: { readonly [K in RuleId]: Rule<K> } = {
  privileged,
  'cap-add-dangerous': capAddDangerous,
  'cap-drop-missing': capDropMissing,
  'no-new-privileges-missing': noNewPrivilegesMissing,
  'runs-as-root': runsAsRoot,
  'userns-host': usernsHost,
  'seccomp-unconfined': seccompUnconfined,
  'apparmor-unconfined': apparmorUnconfined,
  'selinux-disabled': selinuxDisabled,
  'systempaths-unconfined': systempathsUnconfined,
  'host-devices': hostDevices,
  'cgroup-parent-set': cgroupParentSet,
  'host-network': hostNetwork,
  'host-pid': hostPid,
  'host-ipc': hostIpc,
  'host-uts': hostUts,
  'host-cgroup': hostCgroup,
  'default-network-only': defaultNetworkOnly,
  'shared-volume': sharedVolume,
  'docker-socket-mount': dockerSocketMount,
  'sensitive-host-mount': sensitiveHostMount,
  'read-only-root-missing': readOnlyRootMissing,
  'mount-propagation-shared': mountPropagationShared,
  'memory-limit-missing': memoryLimitMissing,
  'cpu-limit-missing': cpuLimitMissing,
  'pids-limit-missing': pidsLimitMissing,
  'ulimits-override': ulimitsOverride,
  'port-all-interfaces': portAllInterfaces,
  'privileged-port': privilegedPort,
  'docker-api-port': dockerApiPort,
  'ssh-port': sshPort,
  'duplicate-published-port': duplicatePublishedPort,
  'published-port-invalid': publishedPortInvalid,
  'container-port-invalid': containerPortInvalid,
  'secret-in-environment': secretInEnvironment,
  'credentials-in-url': credentialsInUrl,
  'secret-in-command': secretInCommand,
  'weak-default-password': weakDefaultPassword,
  'secret-in-build-args': secretInBuildArgs,
  'secret-in-labels': secretInLabels,
  'image-unpinned': imageUnpinned,
  'image-no-digest': imageNoDigest,
  'build-without-image': buildWithoutImage,
  'build-and-image': buildAndImage,
  'healthcheck-missing': healthcheckMissing,
  'restart-policy-missing': restartPolicyMissing,
  'restart-unbounded': restartUnbounded,
  'depends-on-not-healthy': dependsOnNotHealthy,
  'container-name-with-replicas': containerNameWithReplicas,
  'host-port-with-replicas': hostPortWithReplicas,
  'log-rotation-missing': logRotationMissing,
  'obsolete-version': obsoleteVersion,
  'project-name-missing': projectNameMissing,
  'container-name-invalid': containerNameInvalid,
  'ports-unquoted': portsUnquoted,
  'volumes-quoted': volumesQuoted,
  'services-order': servicesOrder,
  'service-keys-order': serviceKeysOrder,
  'top-level-order': topLevelOrder,
  'depends-on-order': dependsOnOrder,
  'ports-order': portsOrder,
  'debug-in-production': debugInProduction,
  'dev-command-in-production': devCommandInProduction,
  'source-bind-mount-in-production': sourceBindMountInProduction,
  'debug-port-published': debugPortPublished,
  'develop-section-in-production': developSectionInProduction,
  'override-drops-safety': overrideDropsSafety,
  'image-differs-between-environments': imageDiffersBetweenEnvironments,
  'dev-only-service': devOnlyService,
};

/** The rules in table order. */
export const rules: readonly Rule<RuleId>[] = Object.values(registry);

// what the answers say of a rule is ours, not the bundle's: a secret equal to one of its words is
// not masked in it (src/audit/vocabulary.ts)
addOwnIds(rules.flatMap(({ meta }) => [meta.id, ...Object.keys(meta.messages)]));
for (const { meta } of rules)
  addOwnPhrases([
    meta.id,
    meta.id.replace(/-/g, ' '),
    meta.title,
    meta.description,
    meta.fix,
    meta.summary ?? '',
    ...Object.values(meta.references).flat(),
    ...Object.values(meta.messages).flatMap((m) => templateParts(m).filter((_, i) => i % 2 === 0)),
  ]);

export const isRuleId = (id: string): id is RuleId => Object.hasOwn(registry, id);

export function ruleById(id: string): Rule | undefined {
  return isRuleId(id) ? registry[id] : undefined;
}

/** What `GET /v1/rules` says of a rule: its metadata without the message templates. */
export type RuleInfo = Omit<RuleMeta, 'messages'>;

/** Rule metadata as data: the body of `GET /v1/rules`. */
export function ruleCatalog(): RuleInfo[] {
  return rules.map(({ meta: { messages: _, ...info } }) => ({ ...info, references: { ...info.references } }));
}
