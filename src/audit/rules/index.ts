/** Every audit rule, in the order of the rules table (RULES.md's sections). Adding a rule: one file, one line here. */
import type { Rule, RuleMeta } from '../types.js';
import privileged from './privileged.js';
import capAddDangerous from './cap-add-dangerous.js';
import capDropMissing from './cap-drop-missing.js';
import noNewPrivilegesMissing from './no-new-privileges-missing.js';
import runsAsRoot from './runs-as-root.js';
import usernsHost from './userns-host.js';
import seccompUnconfined from './seccomp-unconfined.js';
import apparmorUnconfined from './apparmor-unconfined.js';
import selinuxDisabled from './selinux-disabled.js';
import hostDevices from './host-devices.js';
import cgroupParentSet from './cgroup-parent-set.js';
import hostNetwork from './host-network.js';
import hostPid from './host-pid.js';
import hostIpc from './host-ipc.js';
import hostUts from './host-uts.js';
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
import secretInEnvironment from './secret-in-environment.js';
import credentialsInUrl from './credentials-in-url.js';
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

export const rules: readonly Rule[] = [
  privileged,
  capAddDangerous,
  capDropMissing,
  noNewPrivilegesMissing,
  runsAsRoot,
  usernsHost,
  seccompUnconfined,
  apparmorUnconfined,
  selinuxDisabled,
  hostDevices,
  cgroupParentSet,
  hostNetwork,
  hostPid,
  hostIpc,
  hostUts,
  defaultNetworkOnly,
  sharedVolume,
  dockerSocketMount,
  sensitiveHostMount,
  readOnlyRootMissing,
  mountPropagationShared,
  memoryLimitMissing,
  cpuLimitMissing,
  pidsLimitMissing,
  ulimitsOverride,
  portAllInterfaces,
  privilegedPort,
  dockerApiPort,
  sshPort,
  duplicatePublishedPort,
  secretInEnvironment,
  credentialsInUrl,
  weakDefaultPassword,
  secretInBuildArgs,
  secretInLabels,
  imageUnpinned,
  imageNoDigest,
  buildWithoutImage,
  buildAndImage,
  healthcheckMissing,
  restartPolicyMissing,
  restartUnbounded,
  dependsOnNotHealthy,
  containerNameWithReplicas,
  hostPortWithReplicas,
  logRotationMissing,
  obsoleteVersion,
  projectNameMissing,
  containerNameInvalid,
  portsUnquoted,
  volumesQuoted,
  servicesOrder,
  serviceKeysOrder,
  topLevelOrder,
  dependsOnOrder,
  portsOrder,
  debugInProduction,
  devCommandInProduction,
  sourceBindMountInProduction,
  debugPortPublished,
  developSectionInProduction,
  overrideDropsSafety,
  imageDiffersBetweenEnvironments,
  devOnlyService,
];

export function ruleById(id: string): Rule | undefined {
  return rules.find((r) => r.meta.id === id);
}

/** Rule metadata as data: the body of `GET /v1/rules`. */
export function ruleCatalog(): RuleMeta[] {
  return rules.map((r) => ({ ...r.meta, references: { ...r.meta.references } }));
}

const cell = (s: string): string => s.replace(/\|/g, '\\|').replace(/\n/g, ' ');

/** The README's rules table (markdown). */
export function rulesTable(list: readonly Rule[] = rules): string {
  const head = '| id | title | severity | applies to | category | references | fix |\n|---|---|---|---|---|---|---|';
  const rows = list.map(({ meta: m }) => {
    const refs = [
      m.references.cis && `CIS ${m.references.cis}`,
      ...(m.references.kics ?? []).map((k) => `KICS ${k}`),
      m.references.semgrep && `Semgrep ${m.references.semgrep}`,
      m.references.dclint && `dclint ${m.references.dclint}`,
      m.references.cwe,
    ].filter(Boolean);
    const sev = m.defaultOff ? `${m.severity} (off by default)` : m.severity;
    return `| \`${m.id}\` | ${cell(m.title)} | ${sev} | ${m.environments === 'all' ? 'all' : 'production'} | ${m.category} | ${cell(refs.join(', '))} | ${cell(m.fix)} |`;
  });
  return [head, ...rows].join('\n') + '\n';
}
