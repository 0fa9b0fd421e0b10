import type { TreeObject } from '../../yaml/located.js';
import { serviceRule } from '../rule.js';
import { get, str, parseImage } from '../model.js';
import { mounts, isUnder, cleanPath, type MountSpec } from '../volumes.js';

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
  '/usr/share/nginx/html',
  '/usr/local/apache2/htdocs',
];

/**
 * Images that run whatever code they are given (language runtimes, web servers serving files): a
 * project directory mounted into one of them is the application's code. Other third-party images
 * (databases, brokers, Logstash, Prometheus...) get configuration and data from the project's folders.
 */
const RUNTIMES = new Set([
  'node',
  'python',
  'pypy',
  'php',
  'ruby',
  'golang',
  'rust',
  'openjdk',
  'eclipse-temurin',
  'amazoncorretto',
  'gradle',
  'maven',
  'perl',
  'elixir',
  'erlang',
  'denoland/deno',
  'oven/bun',
  'mcr.microsoft.com/dotnet/sdk',
  'mcr.microsoft.com/dotnet/aspnet',
  'nginx',
  'httpd',
  'caddy',
  'tomcat',
]);

function runtimeImage(image: string | undefined): boolean {
  if (!image) return false;
  const name = parseImage(image.trim()).name.replace(/^(docker\.io\/)?(library\/)?/, '');
  return RUNTIMES.has(name) || RUNTIMES.has(name.split('/').pop() ?? '');
}

/** A relative source as a clean path below the project directory (`./api/` → `api`, `.` → `.`). */
const relative = (source: string): string => cleanPath(source.replace(/^\.\//, ''));

/** `.`, `..`, `../..`: the project's checkout itself, or a folder holding it. */
const isCheckout = (rel: string): boolean => rel === '.' || /^\.\.(\/\.\.)*$/.test(rel);

/** Folder names that hold code when they sit inside a build context (`./api/src`). */
const CODE_FOLDERS = new Set(['src', 'app', 'lib', 'source', 'sources', 'www', 'html', 'public', 'static']);

/** How the source relates to the service's build context: it is the context (or holds it), or a folder inside it. */
function contextRelation(rel: string, svc: TreeObject): 'context' | 'inside' | undefined {
  const context = str(get(svc, 'build', 'context')) ?? str(svc.build);
  if (context === undefined || /^[a-z][a-z0-9+.-]*:\/\//i.test(context)) return undefined; // a git URL
  const c = relative(context);
  if (rel === c || c.startsWith(`${rel}/`)) return 'context';
  return c === '.' || rel.startsWith(`${c}/`) ? 'inside' : undefined;
}

/** Why the mount (of `source`) puts the project's code into the container, or undefined. */
function sourceCode(source: string, m: MountSpec, svc: TreeObject, workingDir: string | undefined): string | undefined {
  const target = m.target === undefined ? undefined : cleanPath(m.target);
  if (target !== undefined && isUnder(target, '/etc')) return undefined; // configuration, not code
  const overCode = target !== undefined && APP_DIRS.includes(target);
  const underCode = target !== undefined && APP_DIRS.some((d) => isUnder(target, d));
  const built = svc.build !== undefined && svc.build !== null;
  const project = source.startsWith('.') || (workingDir !== undefined && isUnder(source, workingDir));
  if (!project) return overCode && (built || runtimeImage(str(svc.image))) ? 'over the code directory' : undefined;
  const rel = source.startsWith('.')
    ? relative(source)
    : workingDir !== undefined
      ? relative(cleanPath(source).slice(cleanPath(workingDir).length + 1) || '.')
      : undefined;
  if (rel !== undefined && isCheckout(rel)) return 'the checkout';
  if (built) {
    const relation = rel === undefined ? undefined : contextRelation(rel, svc);
    if (relation === 'context') return 'the build context';
    // a folder of the context: code when it lands in the code directory or is named like code
    if (relation === 'inside' && (underCode || CODE_FOLDERS.has(rel?.split('/').pop() ?? '')))
      return 'a code folder of the build context';
    return overCode ? 'over the code directory' : undefined;
  }
  return runtimeImage(str(svc.image)) ? 'code for a runtime image' : undefined;
}

export default serviceRule(
  {
    id: 'source-bind-mount-in-production',
    title: 'Source directory bind-mounted in production',
    severity: 'warning',
    category: 'environments',
    environments: 'production',
    references: {},
    description:
      "A bind mount that puts the project's code into a container, judged by what is mounted where: the checkout itself (`.`, `..`), a service's build context (`./api` with `build: ./api`), a code folder of it (`./api/src`, or any folder landing in the code directory: `/app`, `/code`, `/var/www/html`...), a project directory mounted into a runtime image (node, python, php, nginx serving files...). Production then runs whatever is checked out on the host, not the tested image. Configuration and data directories are not flagged: single files, targets under `/etc`, and project directories given to third-party images (a pipeline folder for Logstash, data files for a broker, a database's data directory).",
    fix: 'copy the code into the image at build time; keep source mounts in the development override',
    messages: { sourceMount: 'service "{{service}}" bind-mounts source directory {{source}} over {{target}}' },
  },
  (svc, _name, report, ctx) => {
    for (const m of mounts(svc)) {
      if (m.type !== 'bind' || !m.source) continue;
      const base = cleanPath(m.source).split('/').pop() ?? '';
      if (/\.[A-Za-z0-9]{1,8}$/.test(base) && !base.startsWith('.')) continue; // a file, e.g. ./nginx.conf
      if (!sourceCode(m.source, m, svc, ctx.workingDir)) continue;
      report({
        path: ['volumes', m.index],
        messageId: 'sourceMount',
        data: { source: m.source, target: m.target ?? '?' },
      });
    }
  },
);
