import { serviceRule } from '../rule.js';
import { entries } from '../model.js';
import { debugSetting } from '../settings.js';

export default serviceRule(
  {
    id: 'debug-in-production',
    title: 'Debug mode in production',
    severity: 'warning',
    category: 'environments',
    environments: 'production',
    references: { cwe: 'CWE-489' },
    description:
      'An environment variable turns on a development mode: `DEBUG=true`, `*_DEBUG=1`, `NODE_ENV`/`FLASK_ENV`/`RAILS_ENV=development`, `ASPNETCORE_ENVIRONMENT=Development`, `LOG_LEVEL=debug/trace`. Debug modes leak stack traces and secrets and disable protections.',
    fix: 'set the production value (`NODE_ENV=production`, `DEBUG=false`, `LOG_LEVEL=info`)',
    messages: { debugSetting: '{{variable}}={{value}} turns on {{mode}} in service "{{service}}"' },
  },
  (svc, _name, report) => {
    for (const e of entries(svc.environment)) {
      const mode = e.value === null ? undefined : debugSetting(e.name, e.value);
      if (mode)
        report({
          path: ['environment', e.key],
          messageId: 'debugSetting',
          data: { variable: e.name, value: String(e.value), mode },
        });
    }
  },
);
