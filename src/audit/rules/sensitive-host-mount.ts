import { serviceRule } from '../rule.js';
import { mounts, cleanPath, isUnder } from '../model.js';
import { isEngineSocket } from './docker-socket-mount.js';

const SYSTEM_DIRS = [
  '/boot',
  '/dev',
  '/etc',
  '/lib',
  '/lib64',
  '/proc',
  '/sys',
  '/usr',
  '/bin',
  '/sbin',
  '/root',
  '/var/lib/docker',
];
/** Read-only mounts of these are routine (time zone) and not worth a warning. */
const HARMLESS_RO = ['/etc/localtime', '/etc/timezone', '/usr/share/zoneinfo'];
const CREDENTIAL_DIRS = /\/\.(ssh|aws|docker|kube|gnupg|config\/gcloud)(\/|$)/;

/** Why a bind source is sensitive, or undefined. */
export function sensitiveReason(source: string): string | undefined {
  const p = cleanPath(source);
  if (p === '/') return 'the host root filesystem';
  if (CREDENTIAL_DIRS.test(p)) return 'a credentials directory';
  // /home and one level below (a whole home); deeper paths are usually a project checkout
  if (p === '/home' || /^\/home\/[^/]+$/.test(p)) return 'a home directory';
  const dir = SYSTEM_DIRS.find((d) => isUnder(p, d));
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
      'A bind mount of `/`, a system directory (`/etc`, `/proc`, `/sys`, `/dev`, `/usr`, `/boot`, `/lib`, `/root`, `/var/lib/docker`…), a home or a credentials directory. Error when writable, warning when read-only.',
    fix: 'mount only the file needed, read-only',
    messages: {
      readOnly: 'service "{{service}}" mounts {{what}} ({{source}}) read-only',
      writable: 'service "{{service}}" mounts {{what}} ({{source}}) writable',
    },
  },
  (svc, _name, report, ctx) => {
    for (const m of mounts(svc)) {
      if (m.type !== 'bind' || !m.source || isEngineSocket(m.source)) continue;
      if (ctx.workingDir && isUnder(m.source, ctx.workingDir)) continue;
      if (m.readOnly && HARMLESS_RO.some((d) => isUnder(m.source as string, d))) continue;
      const what = sensitiveReason(m.source);
      if (!what) continue;
      report({
        path: ['volumes', m.index],
        severity: m.readOnly ? 'warning' : 'error',
        messageId: m.readOnly ? 'readOnly' : 'writable',
        data: { what, source: m.source },
        fix: {
          description: m.readOnly
            ? 'mount only the files needed'
            : 'mount only the files needed, and read-only (`:ro` / `read_only: true`)',
        },
      });
    }
  },
);
