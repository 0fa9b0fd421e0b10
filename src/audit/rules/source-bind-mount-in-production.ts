import { serviceRule } from '../rule.js';
import { mounts, isUnder, cleanPath } from '../model.js';

/** Where images conventionally keep their code: a bind over them replaces the shipped code. */
const APP_DIRS = [
  '/app',
  '/usr/src/app',
  '/code',
  '/src',
  '/srv/app',
  '/var/www',
  '/var/www/html',
  '/workspace',
  '/home/node/app',
  '/opt/app',
];

export default serviceRule(
  {
    id: 'source-bind-mount-in-production',
    title: 'Source directory bind-mounted in production',
    severity: 'warning',
    category: 'environments',
    environments: 'production',
    references: {},
    description:
      'A bind mount of a project directory (relative source `./api:/app`, a source under the project directory, or any bind over a conventional code directory like `/app`): production then runs whatever is checked out on the host, not the tested image. Single files and directories mounted under `/etc` (configuration) are not flagged.',
    fix: 'copy the code into the image at build time; keep source mounts in the development override',
    messages: { sourceMount: 'service "{{service}}" bind-mounts source directory {{source}} over {{target}}' },
  },
  (svc, _name, report, ctx) => {
    for (const m of mounts(svc)) {
      if (m.type !== 'bind' || !m.source) continue;
      const base = cleanPath(m.source).split('/').pop() ?? '';
      if (/\.[A-Za-z0-9]{1,8}$/.test(base) && !base.startsWith('.')) continue; // a file, e.g. ./nginx.conf
      const project = m.source.startsWith('.') || (ctx.workingDir !== undefined && isUnder(m.source, ctx.workingDir));
      if (m.target !== undefined && isUnder(m.target, '/etc')) continue; // configuration, not code
      const overCode = m.target !== undefined && APP_DIRS.includes(cleanPath(m.target));
      if (!project && !overCode) continue;
      report({
        path: ['volumes', m.index],
        messageId: 'sourceMount',
        data: { source: m.source, target: m.target ?? '?' },
      });
    }
  },
);
