import { hostNamespaceRule } from '../families.js';

export default hostNamespaceRule(
  {
    id: 'host-cgroup',
    title: 'Host cgroup namespace',
    severity: 'warning',
    category: 'isolation',
    environments: 'all',
    references: { cwe: 'CWE-668' },
    description:
      "`cgroup: host` runs the container in the host's cgroup namespace: it sees the whole host's cgroup hierarchy (every container and system service, their limits and usage), and a container that can write to cgroupfs can change them.",
    fix: 'remove `cgroup` (or `cgroup: private`)',
  },
  'cgroup',
  'cgroup namespace',
);
