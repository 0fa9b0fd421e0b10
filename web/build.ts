/**
 * Builds the web page (web/src) into dist/web: index.html at the root and content-hashed assets
 * under ui/ (the script, the stylesheet, the icon, one JSON bundle per example), so the service can
 * let browsers cache them for good. esbuild bundles and minifies; Preact is the only library in the
 * page. `npm run build` runs this after tsc; tests and the bench call `buildWeb` into a directory
 * of their own.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, relative } from 'node:path';
import { pathToFileURL } from 'node:url';
import { build } from 'esbuild';

const ROOT = join(import.meta.dirname, '..');

/** The bundled examples: a directory of the repository each, every file in it (and below) goes in. */
export const EXAMPLES = [
  {
    id: 'seed',
    title: 'Shop: base, override and production files',
    description: 'fixtures/seed: three services, a development override, a production file and a .env',
    dir: 'fixtures/seed',
  },
  {
    id: 'drift',
    title: 'Drift: staging, profiles, secrets',
    description: 'three environments, a debug profile, secrets that differ, settings that leak into production',
    dir: 'web/examples/drift',
  },
  {
    id: 'replicas',
    title: 'This service, three replicas',
    description: 'examples/replicas: one hardened production file (proxy, replicas, Redis)',
    dir: 'examples/replicas',
  },
] as const;

export interface WebBuild {
  dir: string;
  /** path under `dir` -> size in bytes */
  files: Record<string, number>;
}

const hash = (data: string | Buffer) => createHash('sha256').update(data).digest('hex').slice(0, 10);

function filesUnder(dir: string, prefix = ''): Record<string, string> {
  const out: Record<string, string> = {};
  for (const name of readdirSync(dir).sort()) {
    const full = join(dir, name);
    if (statSync(full).isDirectory()) Object.assign(out, filesUnder(full, `${prefix}${name}/`));
    else out[`${prefix}${name}`] = readFileSync(full, 'utf8');
  }
  return out;
}

export async function buildWeb(outDir = join(ROOT, 'dist', 'web')): Promise<WebBuild> {
  rmSync(outDir, { recursive: true, force: true });
  const ui = join(outDir, 'ui');
  mkdirSync(join(ui, 'examples'), { recursive: true });
  const written: Record<string, number> = {};
  const write = (path: string, data: string | Buffer) => {
    writeFileSync(join(outDir, path), data);
    written[path] = Buffer.byteLength(data);
  };

  const examples = EXAMPLES.map(({ id, title, description, dir }) => {
    const full = join(ROOT, dir);
    if (!existsSync(full)) throw new Error(`example ${id}: ${dir} is missing`);
    const json = JSON.stringify({ files: filesUnder(full) });
    const path = `ui/examples/${id}-${hash(json)}.json`;
    write(path, json);
    return { id, title, description, url: path };
  });

  const icon = readFileSync(join(ROOT, 'web', 'icon.svg'));
  const iconPath = `ui/icon-${hash(icon)}.svg`;
  write(iconPath, icon);

  const result = await build({
    entryPoints: { app: join(ROOT, 'web', 'src', 'main.tsx') },
    bundle: true,
    minify: true,
    format: 'esm',
    target: ['es2022', 'chrome115', 'firefox115', 'safari16'],
    platform: 'browser',
    jsx: 'automatic',
    jsxImportSource: 'preact',
    entryNames: '[name]-[hash]',
    outdir: ui,
    metafile: true,
    write: false,
    legalComments: 'none',
    define: { __EXAMPLES__: JSON.stringify(examples) },
    logLevel: 'silent',
  });
  const assets: Record<string, string> = {};
  for (const file of result.outputFiles) {
    const path = relative(outDir, file.path).split('\\').join('/');
    write(path, Buffer.from(file.contents));
    assets[basename(path).endsWith('.css') ? 'css' : 'js'] = path;
  }
  if (!assets.js || !assets.css) throw new Error('esbuild wrote no script or no stylesheet');
  write(
    'ui/THIRD-PARTY-LICENSES.txt',
    `The page bundles Preact (https://preactjs.com):\n\n${readFileSync(join(ROOT, 'node_modules', 'preact', 'LICENSE'), 'utf8')}`,
  );
  const html = readFileSync(join(ROOT, 'web', 'index.html'), 'utf8')
    .replace('%CSS%', assets.css)
    .replace('%JS%', assets.js)
    .replace('%ICON%', iconPath);
  write('index.html', html);
  return { dir: outDir, files: written };
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const out = process.argv[2] ?? join(ROOT, 'dist', 'web');
  mkdirSync(dirname(out), { recursive: true });
  const { files } = await buildWeb(out);
  const size = (ext: string) =>
    Object.entries(files)
      .filter(([p]) => p.endsWith(ext))
      .reduce((n, [, s]) => n + s, 0);
  console.log(`web page built into ${relative(process.cwd(), out) || '.'}: JS ${size('.js')} B, CSS ${size('.css')} B`);
}
