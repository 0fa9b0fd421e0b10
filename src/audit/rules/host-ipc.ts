import { hostNamespaceRule } from '../families.js';

export default hostNamespaceRule(
  {
    id: 'host-ipc',
    title: 'Host IPC namespace',
    severity: 'error',
    category: 'isolation',
    environments: 'all',
    references: { cis: '5.16', kics: ['shared_host_ipc_namespace', 'ipc_set_to_host'], cwe: 'CWE-668' },
    description: "`ipc: host` shares the host's shared memory and semaphores with the container.",
    fix: 'remove `ipc`, or use `ipc: shareable` between named services',
  },
  'ipc',
  'IPC namespace',
);
