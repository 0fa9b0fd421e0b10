import type { Rule } from '../types.js';
import { services, entries, nameTokens } from '../model.js';

const OFF = /^(|false|0|no|off|none)$/i;

/** Why `NAME=value` turns on a development mode, or undefined. */
export function debugSetting(name: string, value: string): string | undefined {
  const n = name.toUpperCase();
  const v = value.trim();
  const last = nameTokens(name).at(-1);
  if ((last === 'DEBUG' || n === 'DEBUG') && !OFF.test(v)) return 'debug mode';
  if (
    /^(NODE_ENV|FLASK_ENV|RAILS_ENV|RACK_ENV|APP_ENV|ENVIRONMENT|ENV|MIX_ENV|GO_ENV)$/.test(n) &&
    /^(dev|development|local)$/i.test(v)
  )
    return 'the development environment';
  if (/^(ASPNETCORE|DOTNET)_ENVIRONMENT$/.test(n) && /^development$/i.test(v)) return 'the development environment';
  if (n === 'SPRING_PROFILES_ACTIVE' && /(^|,)\s*(dev|development|local)\s*(,|$)/i.test(v))
    return 'a development profile';
  if (/(^|_)LOG_?LEVEL$/.test(n) && /^(debug|trace|verbose|all)$/i.test(v)) return `${v.toLowerCase()} logging`;
  return undefined;
}

const rule: Rule = {
  meta: {
    id: 'debug-in-production',
    title: 'Debug mode in production',
    severity: 'warning',
    category: 'environments',
    environments: 'production',
    references: { cwe: 'CWE-489' },
    description:
      'An environment variable turns on a development mode: `DEBUG=true`, `*_DEBUG=1`, `NODE_ENV`/`FLASK_ENV`/`RAILS_ENV=development`, `ASPNETCORE_ENVIRONMENT=Development`, `LOG_LEVEL=debug/trace`. Debug modes leak stack traces and secrets and disable protections.',
    fix: 'set the production value (`NODE_ENV=production`, `DEBUG=false`, `LOG_LEVEL=info`)',
  },
  check({ model }, report) {
    for (const [name, svc] of services(model))
      for (const e of entries(svc.environment)) {
        const why = e.value === null ? undefined : debugSetting(e.name, e.value);
        if (why)
          report({
            path: ['services', name, 'environment', e.key],
            message: `${e.name}=${e.value} turns on ${why} in service "${name}"`,
          });
      }
  },
};
export default rule;
