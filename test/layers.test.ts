// The shape of src/ (README, "The house"): no import cycle between folders, and no source file over
// about 400 lines. The imports are read by dependency-cruiser (TypeScript's own resolution, type-only
// imports included); each module counts for its folder under src/, a file directly under src/ for
// itself (index.ts, the library's face; diagnostics.ts, limits.ts and escape.ts, shared by all).
import t from 'tap';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { cruise, type IModule } from 'dependency-cruiser';

const ROOT = join(import.meta.dirname, '..');

/** Files allowed over the line limit, printed while they are. */
const KNOWN_LONG = new Map<string, string>([]);
const MAX_LINES = 400;

const folderOf = (path: string): string | undefined => {
  const parts = path.split('/');
  if (parts[0] !== 'src') return undefined;
  return parts.length > 2 ? parts[1] : parts[1].replace(/\.ts$/, '');
};

async function folderEdges(): Promise<Map<string, Map<string, string>>> {
  const result = await cruise(
    ['src'],
    { tsPreCompilationDeps: true, doNotFollow: { path: 'node_modules' }, exclude: { path: '\\.d\\.ts$' } },
    undefined,
    { tsConfig: { fileName: join(ROOT, 'tsconfig.json') } },
  );
  if (typeof result.output === 'string') throw new Error('dependency-cruiser answered text, not modules');
  const edges = new Map<string, Map<string, string>>();
  const modules: IModule[] = result.output.modules;
  for (const m of modules) {
    const from = folderOf(m.source);
    if (!from) continue;
    for (const d of m.dependencies) {
      const to = folderOf(d.resolved);
      if (!to || to === from) continue;
      let out = edges.get(from);
      if (!out) edges.set(from, (out = new Map()));
      // one example import per folder edge, for the message
      if (!out.has(to)) out.set(to, `${m.source} imports ${d.resolved}`);
    }
  }
  return edges;
}

/** The strongly connected components with more than one folder (Tarjan): each is a cycle. */
function cycles(edges: Map<string, Map<string, string>>): string[][] {
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const out: string[][] = [];
  const visit = (v: string): void => {
    index.set(v, index.size);
    low.set(v, index.get(v)!);
    stack.push(v);
    for (const w of edges.get(v)?.keys() ?? []) {
      if (!index.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (stack.includes(w)) low.set(v, Math.min(low.get(v)!, index.get(w)!));
    }
    if (low.get(v) === index.get(v)) {
      const comp: string[] = [];
      let w: string;
      do {
        w = stack.pop()!;
        comp.push(w);
      } while (w !== v);
      if (comp.length > 1) out.push(comp.sort());
    }
  };
  for (const v of [...edges.keys()].sort()) if (!index.has(v)) visit(v);
  return out;
}

t.test('no import cycle between the folders of src/', async (t) => {
  const edges = await folderEdges();
  t.ok(edges.size > 10, 'the folders and their imports were read');
  for (const comp of cycles(edges)) {
    const inComp = new Set(comp);
    const where = comp.flatMap((f) =>
      [...(edges.get(f) ?? [])].filter(([to]) => inComp.has(to)).map(([to, example]) => `${f} -> ${to} (${example})`),
    );
    t.fail(`folders ${comp.join(', ')} import each other:\n  ${where.join('\n  ')}`);
  }
  // the one direction the pipeline allows between two neighbours, checked both ways
  t.notOk(edges.get('merge')?.has('normalize'), 'merge does not import normalize');
  t.notOk(edges.get('review')?.has('report'), 'review does not import report');
  t.notOk(edges.get('redact')?.has('report'), 'redact does not import report');
  // `serve` imports the service's bundle by URL (src/cli/server-entry.ts): the CLI holds none of it
  t.notOk(edges.get('cli')?.has('api'), 'cli does not import api');
});

t.test(`no file under src/ over ${MAX_LINES} lines`, async (t) => {
  const files: string[] = [];
  const walk = (dir: string): void => {
    for (const name of readdirSync(dir)) {
      const p = join(dir, name);
      if (statSync(p).isDirectory()) walk(p);
      else if (/\.(ts|tsx)$/.test(name)) files.push(relative(ROOT, p).split('\\').join('/'));
    }
  };
  walk(join(ROOT, 'src'));
  t.ok(files.length > 50, 'the source files were found');
  for (const f of files.sort()) {
    const lines = readFileSync(join(ROOT, f), 'utf8').split('\n').length - 1;
    if (lines <= MAX_LINES) continue;
    if (KNOWN_LONG.has(f)) t.comment(`${f}: ${lines} lines, known: ${KNOWN_LONG.get(f)}`);
    else t.fail(`${f} has ${lines} lines: split it along its concerns (at most ${MAX_LINES})`);
  }
});
