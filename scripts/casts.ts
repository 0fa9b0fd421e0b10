// Counts the type assertions of src/ (`x as T`, `<T>x`; `as const` is not one) and the non-null
// assertions (`x!`), read from TypeScript's own syntax tree, per folder and in all.
// Run: npm run casts [-- --files] (--files lists every file that has some)
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import ts from 'typescript';

const ROOT = join(import.meta.dirname, '..');

/**
 * The count when this script was written, on main before the rework of issue 13 (commit 210eec1):
 * 258 `as` casts and 28 non-null assertions. The goal is at most a third of the casts (86).
 */
const BEFORE: CastCount = { as: 258, nonNull: 28 };

export interface CastCount {
  as: number;
  nonNull: number;
}

/** The assertions of one file's text. */
export function countCasts(text: string, name = 'file.ts'): CastCount {
  const source = ts.createSourceFile(name, text, ts.ScriptTarget.Latest, false);
  const n: CastCount = { as: 0, nonNull: 0 };
  const visit = (node: ts.Node): void => {
    if (ts.isAsExpression(node) || ts.isTypeAssertionExpression(node)) {
      const t = node.type;
      const isConst = ts.isTypeReferenceNode(t) && ts.isIdentifier(t.typeName) && t.typeName.text === 'const';
      if (!isConst) n.as++;
    } else if (ts.isNonNullExpression(node)) n.nonNull++;
    ts.forEachChild(node, visit);
  };
  visit(source);
  return n;
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) return sourceFiles(p);
    return /\.tsx?$/.test(name) && !name.endsWith('.d.ts') ? [p] : [];
  });
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const byFolder = new Map<string, CastCount>();
  const byFile: [string, CastCount][] = [];
  const total: CastCount = { as: 0, nonNull: 0 };
  for (const file of sourceFiles(join(ROOT, 'src')).sort()) {
    const rel = relative(ROOT, file).split('\\').join('/');
    const c = countCasts(readFileSync(file, 'utf8'), file);
    const parts = rel.split('/');
    const folder = parts.length > 2 ? `src/${parts[1]}` : 'src';
    const f = byFolder.get(folder) ?? { as: 0, nonNull: 0 };
    f.as += c.as;
    f.nonNull += c.nonNull;
    byFolder.set(folder, f);
    total.as += c.as;
    total.nonNull += c.nonNull;
    if (c.as || c.nonNull) byFile.push([rel, c]);
  }
  const row = (name: string, c: CastCount) =>
    `${name.padEnd(44)} ${String(c.as).padStart(5)} ${String(c.nonNull).padStart(9)}`;
  console.log(`${'folder'.padEnd(44)} ${'as'.padStart(5)} ${'non-null'.padStart(9)}`);
  for (const [folder, c] of [...byFolder].sort()) console.log(row(folder, c));
  if (process.argv.includes('--files')) for (const [file, c] of byFile) console.log(row(`  ${file}`, c));
  console.log(row('all of src/', total));
  console.log(row('before issue 13 (210eec1)', BEFORE));
  console.log(`goal: at most ${Math.floor(BEFORE.as / 3)} \`as\` casts`);
}
