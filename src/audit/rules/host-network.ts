import { hostNamespaceRule } from '../families.js';

export default hostNamespaceRule(
  {
    id: 'host-network',
    title: 'Host network namespace',
    severity: 'error',
    category: 'isolation',
    environments: 'all',
    references: { cis: '5.9', kics: ['shared_host_network_namespace', 'network_mode_host_exists'], cwe: 'CWE-668' },
    description:
      "`network_mode: host` puts the container on the host's network stack: every port it opens is open on the host, and it can reach host-only services.",
    fix: 'use a user-defined network and publish only the ports needed',
  },
  'network_mode',
  'network stack',
);
