import { serviceRule } from '../rule.js';
import { strings, entries } from '../model.js';
import { cutAtBlank } from '../../escape.js';

const DEV_COMMANDS: [RegExp, string][] = [
  [
    /\b(npm|pnpm|bun)\s+run\s+(dev|watch|start:dev|serve)\b|\b(yarn|pnpm)\s+(dev|watch|start:dev)\b/,
    'a package-manager dev script',
  ],
  [/\bnodemon\b|\bts-node-dev\b|\btsx\s+watch\b|\bnode\s+.*--watch\b/, 'a file-watching Node runner'],
  [/(^|\s)--reload\b|(^|\s)--watch\b|(^|\s)--hot\b/, 'auto-reload'],
  [/\bflask\s+(--debug\s+)?run\b.*--debug|\bflask\s+--debug\b/, 'the Flask debug server'],
  [/\bmanage\.py\s+runserver\b/, 'the Django development server'],
  [/\b(next|nuxt|vite|astro)\s+dev\b|\bng\s+serve\b|\bwebpack(-dev-server|\s+serve)\b/, 'a frontend dev server'],
  [/\bdotnet\s+watch\b|\bair\b\s*(-c|$)|\bmix\s+phx\.server\b.*dev/, 'a watching dev runner'],
];

export default serviceRule(
  {
    id: 'dev-command-in-production',
    title: 'Development server in production',
    severity: 'warning',
    category: 'environments',
    environments: 'production',
    references: { cwe: 'CWE-489' },
    description:
      '`command`/`entrypoint` runs a development server: `npm run dev`, `yarn dev`, `nodemon`, `--reload`, `--watch`, `flask run --debug`, `manage.py runserver`, `rails s` in the development environment, `ng serve`, `vite dev`…',
    fix: 'run the production server (`node dist/server.js`, `gunicorn`, `puma`…) built into the image',
    messages: { devServer: '{{key}} of service "{{service}}" runs {{what}}: {{command}}' },
  },
  (svc, _name, report) => {
    const railsEnv = entries(svc.environment).find((e) => e.name === 'RAILS_ENV')?.value ?? '';
    for (const key of ['command', 'entrypoint']) {
      const line = strings(svc[key]).join(' ');
      if (!line) continue;
      let what = DEV_COMMANDS.find(([re]) => re.test(line))?.[1];
      // `rails s` serves the development environment unless RAILS_ENV or -e says otherwise
      if (
        !what &&
        /\brails\s+(s|server)\b/.test(line) &&
        !/(-e|--environment)[=\s]+production/.test(line) &&
        !/^production$/i.test(railsEnv.trim())
      )
        what = 'rails server in the development environment';
      if (what)
        report({
          path: [key],
          messageId: 'devServer',
          data: { key, what, command: cutAtBlank(line, 80) },
        });
    }
  },
);
