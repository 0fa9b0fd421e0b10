import { serviceRule } from '../rule.js';
import { mounts, cleanPath, isUnder } from '../volumes.js';
import { isEngineSocket } from './docker-socket-mount.js';
import { ownText } from '../vocabulary.js';

/**
 * Host paths sensitive with everything below them: kernel interfaces, devices, boot, root's home,
 * binaries and libraries (kernel modules included), kernel sources (DKMS builds modules from
 * /usr/src), the container engines' state, and the security configuration of /etc.
 */
const SUBTREES = [
  '/proc',
  '/sys',
  '/dev',
  '/boot',
  '/root',
  '/bin',
  '/sbin',
  '/lib',
  '/lib32',
  '/lib64',
  '/libx32',
  '/usr/bin',
  '/usr/sbin',
  '/usr/lib',
  '/usr/lib32',
  '/usr/lib64',
  '/usr/libexec',
  '/usr/local/bin',
  '/usr/local/sbin',
  '/usr/local/lib',
  '/usr/src',
  '/var/lib/docker',
  '/var/lib/containerd',
  '/var/lib/containers',
  '/var/lib/kubelet',
  '/etc/apparmor.d',
  '/etc/cron.d',
  '/etc/cron.daily',
  '/etc/cron.hourly',
  '/etc/cron.monthly',
  '/etc/cron.weekly',
  '/etc/docker',
  '/etc/init.d',
  '/etc/kubernetes',
  '/etc/ld.so.conf.d',
  '/etc/modprobe.d',
  '/etc/modules-load.d',
  '/etc/pam.d',
  '/etc/pki',
  '/etc/polkit-1',
  '/etc/profile.d',
  '/etc/security',
  '/etc/selinux',
  '/etc/ssh',
  '/etc/ssl/private',
  '/etc/sudoers.d',
  '/etc/systemd',
  '/etc/udev',
];
/**
 * Sensitive as themselves (and the files named here), not for the folders below them: `/etc/pihole`
 * and `/usr/share/appdata/wireguard` are an application's own directories, not the host's /etc or /usr.
 */
const EXACT = [
  '/etc',
  '/usr',
  '/usr/local',
  '/usr/share',
  '/var',
  '/var/lib',
  '/var/log',
  '/opt',
  '/srv',
  '/etc/bash.bashrc',
  '/etc/crontab',
  '/etc/environment',
  '/etc/fstab',
  '/etc/group',
  '/etc/gshadow',
  '/etc/hosts',
  '/etc/ld.so.conf',
  '/etc/ld.so.preload',
  '/etc/passwd',
  '/etc/profile',
  '/etc/shadow',
  '/etc/sudoers',
];
/** Read-only mounts of these are routine (time zone) and not worth a warning. */
const HARMLESS_RO = ['/etc/localtime', '/etc/timezone', '/usr/share/zoneinfo'];
const CREDENTIAL_DIRS = /\/\.(ssh|aws|docker|kube|gnupg|config\/gcloud)(\/|$)/;

/** Why a bind source is sensitive, or undefined; paths compare by whole segments, after `..` is resolved. */
export function sensitiveReason(source: string): string | undefined {
  const p = cleanPath(source);
  if (p === '/') return 'the host root filesystem';
  if (CREDENTIAL_DIRS.test(p)) return 'a credentials directory';
  // /home and one level below (a whole home); deeper paths are usually a project checkout
  if (p === '/home' || /^\/home\/[^/]+$/.test(p)) return 'a home directory';
  if (EXACT.includes(p)) return `host system path ${p}`;
  const dir = SUBTREES.find((d) => isUnder(p, d));
  return dir ? `host system path ${dir}` : undefined;
}

export default serviceRule(
  {
    id: 'sensitive-host-mount',
    title: 'Sensitive host path mounted',
    severity: 'error',
    category: 'filesystem',
    environments: 'all',
    references: { cis: '5.5', kics: ['volume_has_sensitive_host_directory'], cwe: 'CWE-668' },
    description:
      "A bind mount of `/`, of a system directory itself (`/etc`, `/usr`, `/var`…), of a subtree that is sensitive all the way down (`/proc`, `/sys`, `/dev`, `/boot`, `/root`, `/lib`, `/usr/bin`, `/usr/lib`, `/usr/src`, `/var/lib/docker`, `/etc/ssh`, `/etc/sudoers.d`…) or of a sensitive file (`/etc/shadow`, `/etc/passwd`…), of a home or a credentials directory. Paths compare by whole segments: an application's own folder under /etc or /usr (`/etc/pihole`, `/usr/share/appdata/...`) is not the host's /etc or /usr. Error when writable, warning when read-only.",
    fix: 'mount only the file needed, read-only',
    messages: {
      readOnly: 'service "{{service}}" mounts {{what}} ({{source}}) read-only',
      writable: 'service "{{service}}" mounts {{what}} ({{source}}) writable',
    },
  },
  (svc, _name, report, ctx) => {
    for (const m of mounts(svc)) {
      const source = m.source;
      if (m.type !== 'bind' || !source || isEngineSocket(source)) continue;
      if (ctx.workingDir && isUnder(source, ctx.workingDir)) continue;
      if (m.readOnly && HARMLESS_RO.some((d) => isUnder(source, d))) continue;
      const what = sensitiveReason(source);
      if (!what) continue;
      report({
        path: ['volumes', m.index],
        severity: m.readOnly ? 'warning' : 'error',
        messageId: m.readOnly ? 'readOnly' : 'writable',
        data: { what, source },
        fix: {
          description: m.readOnly
            ? ownText('mount only the files needed')
            : ownText('mount only the files needed, and read-only (`:ro` / `read_only: true`)'),
        },
      });
    }
  },
);
