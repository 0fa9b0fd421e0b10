/**
 * What other tools call each rule, beyond the rule's own metadata: copied from the project's
 * consolidated hardening table (`hardening/RULES.md` of the shared reference material, "revised
 * 2026-12", itself compiled from Checkmarx/kics `assets/queries/dockerCompose/`,
 * semgrep/semgrep-rules `yaml/docker-compose/security/`, zavoloklom/docker-compose-linter v3.1.0,
 * docker/docker-bench-security `tests/` at commit ff26d67 (CIS Docker Benchmark v1.6.0) and
 * tmatens/compose-lint `src/compose_lint/rules/`). Only what the rule pages cite is copied:
 *
 * - `cis16`: the CIS Docker Benchmark v1.6.0 item as docker-bench-security numbers it. The rules'
 *   metadata (`references.cis`, also in SARIF) uses the numbering of older benchmark versions, where
 *   section 5 starts with AppArmor at 5.1 (v1.6.0 inserts "swarm mode" first, so most items are one
 *   higher); the pages give both.
 * - `composeLint`: tmatens/compose-lint rule ids (CL-00xx).
 * - `row`: the table's id for the row when it differs from ours; `fresh`: the table marks the rule
 *   "new" (none of the anchors checks it).
 *
 * Keyed by rule id with the registry's type: a rule added without an entry is a compile error.
 */
import type { RuleId } from '../audit/rules/index.js';

export interface Anchor {
  row?: string;
  cis16?: string;
  composeLint?: readonly string[];
  fresh?: boolean;
}

export const ANCHORS: { readonly [K in RuleId]: Anchor } = {
  privileged: { cis16: '5.5', composeLint: ['CL-0002'] },
  'cap-add-dangerous': {
    row: 'cap-add-all-or-dangerous',
    cis16: '5.4 (and the community checks C.5.3.1 to C.5.3.4)',
    composeLint: ['CL-0011', 'CL-0024', 'CL-0028', 'CL-0029', 'CL-0030'],
  },
  'cap-drop-missing': { row: 'cap-drop-all-missing', cis16: '5.4', composeLint: ['CL-0006'] },
  'no-new-privileges-missing': { cis16: '5.26', composeLint: ['CL-0003'] },
  'runs-as-root': { cis16: '4.1', composeLint: ['CL-0018'] },
  'userns-host': { cis16: '5.31' },
  'seccomp-unconfined': { cis16: '5.22', composeLint: ['CL-0009'] },
  'apparmor-unconfined': { cis16: '5.2', composeLint: ['CL-0009'] },
  'selinux-disabled': { cis16: '5.3', composeLint: ['CL-0009'] },
  'host-devices': { cis16: '5.18', composeLint: ['CL-0016'] },
  'cgroup-parent-set': { cis16: '5.25' },
  'systempaths-unconfined': {},
  'host-cgroup': {},
  'host-network': { cis16: '5.10', composeLint: ['CL-0008'] },
  'host-pid': { cis16: '5.16', composeLint: ['CL-0010'] },
  'host-ipc': { cis16: '5.17', composeLint: ['CL-0010'] },
  'host-uts': { cis16: '5.21' },
  'default-network-only': { row: 'networks-not-set', cis16: '5.30 (related)' },
  'shared-volume': { row: 'shared-writable-volume' },
  'docker-socket-mount': { cis16: '5.32', composeLint: ['CL-0001'] },
  'sensitive-host-mount': { cis16: '5.6', composeLint: ['CL-0013', 'CL-0025'] },
  'read-only-root-missing': { cis16: '5.13', composeLint: ['CL-0007'] },
  'mount-propagation-shared': { cis16: '5.20', composeLint: ['CL-0017'] },
  'memory-limit-missing': { cis16: '5.11', composeLint: ['CL-0026'] },
  'cpu-limit-missing': { cis16: '5.12', composeLint: ['CL-0026'] },
  'pids-limit-missing': { cis16: '5.29', composeLint: ['CL-0012'] },
  'ulimits-override': { row: 'ulimits-review', cis16: '5.19' },
  'port-all-interfaces': { cis16: '5.14', composeLint: ['CL-0005'] },
  'privileged-port': { row: 'privileged-host-port', cis16: '5.8' },
  'docker-api-port': {},
  'ssh-port': { cis16: '5.7' },
  'duplicate-published-port': {},
  'published-port-invalid': {},
  'container-port-invalid': {},
  'secret-in-environment': { cis16: '4.10 (the image side: secrets in Dockerfiles)', composeLint: ['CL-0020'] },
  'credentials-in-url': { composeLint: ['CL-0021'] },
  'secret-in-command': { row: 'secret-in-labels-or-command' },
  'weak-default-password': {},
  'secret-in-build-args': { cis16: '4.10' },
  'secret-in-labels': { row: 'secret-in-labels-or-command' },
  'image-unpinned': { cis16: '5.28', composeLint: ['CL-0004'] },
  'image-no-digest': { cis16: '5.28', composeLint: ['CL-0019'] },
  'build-without-image': { row: 'build-without-image-in-prod', fresh: true },
  'build-and-image': {},
  'healthcheck-missing': { cis16: '5.27 (and 4.6 on the image side)', composeLint: ['CL-0015'] },
  'restart-policy-missing': { cis16: '5.15 (related)' },
  'restart-unbounded': { row: 'restart-retries-unbounded', cis16: '5.15' },
  'depends-on-not-healthy': {},
  'container-name-with-replicas': {},
  'host-port-with-replicas': {},
  'log-rotation-missing': {},
  'obsolete-version': {},
  'project-name-missing': {},
  'container-name-invalid': {},
  'ports-unquoted': {},
  'volumes-quoted': {},
  'services-order': { row: 'key-order' },
  'service-keys-order': { row: 'key-order' },
  'top-level-order': { row: 'key-order' },
  'depends-on-order': { row: 'key-order' },
  'ports-order': { row: 'key-order' },
  'debug-in-production': { row: 'debug-flag-in-prod', fresh: true },
  'dev-command-in-production': { row: 'dev-command-in-prod', fresh: true },
  'source-bind-mount-in-production': { row: 'source-bind-mount-in-prod', fresh: true },
  'debug-port-published': { fresh: true },
  'develop-section-in-production': { row: 'develop-watch-in-prod', fresh: true },
  'override-drops-safety': { row: 'override-weakens-hardening', fresh: true },
  'image-differs-between-environments': { row: 'image-drift', fresh: true },
  'dev-only-service': { row: 'dev-only-dependency', fresh: true },
};
