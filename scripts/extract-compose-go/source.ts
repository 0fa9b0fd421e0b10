// Reading a compose-go checkout (a work tree or a bare git directory) at its HEAD, and parsing its Go
// files with tree-sitter-go (web-tree-sitter + the grammar's wasm build): a real Go parser, so raw
// strings, escapes, composite literals and closures are read exactly rather than with regexes.
import { execFileSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { Language, Parser, type Node } from 'web-tree-sitter';

export type { Node };

export class Checkout {
  readonly commit: string;
  readonly paths: string[];
  constructor(readonly dir: string) {
    this.commit = this.git('rev-parse', 'HEAD').trim();
    this.paths = this.git('ls-tree', '-r', '--name-only', 'HEAD').split('\n').filter(Boolean);
  }
  private git(...args: string[]): string {
    return execFileSync('git', ['-C', this.dir, ...args], { encoding: 'utf8', maxBuffer: 64 << 20 });
  }
  has(path: string): boolean {
    return this.paths.includes(path);
  }
  read(path: string): string {
    return this.git('show', `HEAD:${path}`);
  }
}

let parser: Parser | undefined;

export async function goParser(): Promise<Parser> {
  if (parser) return parser;
  const require = createRequire(import.meta.url);
  await Parser.init();
  const go = await Language.load(require.resolve('tree-sitter-go/tree-sitter-go.wasm'));
  parser = new Parser();
  parser.setLanguage(go);
  return parser;
}

export function parseGo(p: Parser, text: string): Node {
  const tree = p.parse(text);
  if (!tree) throw new Error('tree-sitter returned no tree');
  return tree.rootNode;
}

/** Named children, skipping comments. */
export function kids(n: Node): Node[] {
  return n.namedChildren.filter((c): c is Node => c !== null && c.type !== 'comment');
}

export function field(n: Node, name: string): Node | null {
  return n.childForFieldName(name);
}
