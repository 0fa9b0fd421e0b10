import { hostNamespaceRule } from '../families.js';

export default hostNamespaceRule(
  {
    id: 'host-uts',
    title: 'Host UTS namespace',
    severity: 'warning',
    category: 'isolation',
    environments: 'all',
    references: { cis: '5.20' },
    description: "`uts: host` shares the host's hostname and domain name; the container can change them.",
    fix: 'remove `uts`',
  },
  'uts',
  'UTS namespace (hostname)',
);
