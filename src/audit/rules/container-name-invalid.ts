import { serviceRule } from '../rule.js';
import { str } from '../model.js';

export default serviceRule(
  {
    id: 'container-name-invalid',
    title: 'Invalid container name',
    severity: 'error',
    category: 'style',
    environments: 'all',
    references: { dclint: 'service-container-name-regex' },
    description: 'The engine accepts only container names matching `[a-zA-Z0-9][a-zA-Z0-9_.-]+`.',
    fix: 'rename it: letters, digits, `_`, `.`, `-`, starting with a letter or digit',
    messages: { invalid: 'container_name {{name}} of service "{{service}}" is not a valid container name' },
  },
  (svc, _name, report) => {
    const cn = svc.container_name;
    if (cn === undefined || cn === null) return;
    if (!/^[a-zA-Z0-9][a-zA-Z0-9_.-]+$/.test(str(cn) ?? ''))
      report({ path: ['container_name'], messageId: 'invalid', data: { name: JSON.stringify(cn) } });
  },
);
