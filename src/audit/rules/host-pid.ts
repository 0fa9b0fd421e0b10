import { hostNamespaceRule } from '../families.js';

export default hostNamespaceRule(
  {
    id: 'host-pid',
    title: 'Host PID namespace',
    severity: 'error',
    category: 'isolation',
    environments: 'all',
    references: { cis: '5.15', kics: ['host_namespace_is_shared'], cwe: 'CWE-668' },
    description:
      '`pid: host` lets the container see (and, with capabilities, signal or ptrace) every process on the host.',
    fix: 'remove `pid`',
  },
  'pid',
  'process namespace',
);
