import { securityOptRule } from '../families.js';

export default securityOptRule(
  {
    id: 'systempaths-unconfined',
    title: 'System paths unmasked',
    severity: 'error',
    category: 'privileges',
    environments: 'all',
    references: { cwe: 'CWE-693' },
    description:
      "`systempaths=unconfined` turns off the engine's masked and read-only paths: `/proc/kcore`, `/proc/keys`, `/sys/firmware` become readable and `/proc/sys`, `/proc/sysrq-trigger` writable, which containers otherwise never see.",
    fix: 'remove it',
  },
  /^systempaths[:=]unconfined$/i,
  'unmasks the kernel paths of /proc and /sys',
);
