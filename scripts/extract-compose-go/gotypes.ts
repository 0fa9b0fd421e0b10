// compose-go's declared types, read from its non-test sources: struct fields with their yaml tag names
// (so a Go field path `p.Services["foo"].Build.SSH` becomes the model path `services.foo.build.ssh`)
// and named types with their underlying type (types.Services = map[string]types.ServiceConfig).
import { posix } from 'node:path';
import { type Checkout, type Node, field, kids, parseGo } from './source.js';
import type { Parser } from 'web-tree-sitter';

export interface StructField {
  name: string;
  /** yaml tag name; '' for an inline (embedded or `,inline`) field */
  tag: string;
  type: string;
  inline: boolean;
}

export class GoTypes {
  /** qualified name (pkg.Name) -> underlying type text, qualified */
  readonly named = new Map<string, string>();
  readonly structs = new Map<string, StructField[]>();
  /** exported and package constants: qualified name -> declaration */
  readonly consts = new Map<
    string,
    { value: Node | null; iota: number; type?: string; imports?: Map<string, string> }
  >();
  /** generic types: qualified name -> the names of its type parameters (`graph.vertex` -> [T]) */
  readonly typeParams = new Map<string, string[]>();

  /** package variables filled by `//go:embed FILE`: qualified name -> the file's text */
  readonly embedded = new Map<string, string>();

  static read(checkout: Checkout, p: Parser): GoTypes {
    const t = new GoTypes();
    const roots: Node[] = [];
    for (const path of checkout.paths) {
      if (!path.endsWith('.go') || path.endsWith('_test.go') || path.includes('testdata/')) continue;
      const root = parseGo(p, checkout.read(path));
      roots.push(root);
      t.addEmbeds(root, checkout, posix.dirname(path));
    }
    // every type name of a package first, so a field type declared in a later file is qualified too
    for (const root of roots) t.declareNames(root, packageName(root));
    for (const root of roots) t.addFile(root);
    return t;
  }

  /** `//go:embed FILE` right above `var Name string`: the variable holds the file of the package. */
  private addEmbeds(root: Node, checkout: Checkout, dir: string): void {
    const pkg = packageName(root);
    root.namedChildren.forEach((c, i) => {
      const m = c?.type === 'comment' ? /^\/\/go:embed\s+(\S+)\s*$/.exec(c.text) : null;
      const next = root.namedChildren[i + 1];
      if (!m || next?.type !== 'var_declaration') return;
      const name = next.descendantsOfType('var_spec')[0]?.childForFieldName('name')?.text;
      const file = posix.join(dir, m[1]);
      if (name && checkout.has(file)) this.embedded.set(`${pkg}.${name}`, checkout.read(file));
    });
  }

  declareNames(root: Node, pkg: string): void {
    const decls: [string, Node, string[]?][] = [];
    for (const d of kids(root)) if (d.type === 'type_declaration') for (const s of kids(d)) collectSpec(s, decls);
    const local = localNames.get(pkg) ?? new Set<string>();
    for (const [n] of decls) local.add(n);
    localNames.set(pkg, local);
  }

  /** Adds the type declarations of one parsed file (also used for types declared in test files). */
  addFile(root: Node, pkgOverride?: string): string {
    const pkg = pkgOverride ?? packageName(root);
    const decls: [string, Node, string[]?][] = [];
    for (const d of kids(root)) if (d.type === 'type_declaration') for (const s of kids(d)) collectSpec(s, decls);
    const local = new Set(decls.map(([n]) => n));
    for (const n of localNames.get(pkg) ?? []) local.add(n);
    localNames.set(pkg, local);
    for (const [name, typeNode, params] of decls) {
      this.addType(pkg, name, typeNode, local);
      if (params) this.typeParams.set(`${pkg}.${name}`, params);
    }
    if (pkgOverride === undefined)
      for (const d of kids(root)) {
        if (d.type === 'var_declaration')
          for (const spec of d.descendantsOfType('var_spec').filter((x): x is Node => x !== null)) {
            const names = spec.childrenForFieldName('name').filter((n): n is Node => n !== null);
            const value = field(spec, 'value');
            if (names.length === 1 && value && kids(value).length === 1)
              this.consts.set(`${pkg}.${names[0].text}`, { value: kids(value)[0], iota: 0, imports: importsOf(root) });
          }
        if (d.type !== 'const_declaration') continue;
        let iota = 0;
        let last: Node | null = null;
        let lastType: string | undefined;
        for (const spec of kids(d)) {
          if (spec.type !== 'const_spec') continue;
          const value = field(spec, 'value');
          const typeNode = field(spec, 'type');
          if (value) {
            last = value;
            lastType = typeNode ? qualify(typeNode.text, pkg, local) : undefined;
          }
          const names = spec.childrenForFieldName('name').filter((n): n is Node => n !== null);
          const v = value ?? last;
          if (names.length === 1 && v && kids(v).length === 1)
            this.consts.set(`${pkg}.${names[0].text}`, { value: kids(v)[0], iota, type: lastType });
          iota++;
        }
      }
    return pkg;
  }

  addType(pkg: string, name: string, typeNode: Node, local: Set<string>): void {
    const q = `${pkg}.${name}`;
    if (typeNode.type === 'struct_type') {
      this.structs.set(q, structFields(typeNode, pkg, local));
      this.named.set(q, 'struct');
    } else this.named.set(q, qualify(typeNode.text, pkg, local));
  }

  /** The underlying type of a (qualified) type text: named types resolved, pointers removed. */
  underlying(type: string): string {
    let t = stripPointer(type);
    const generic = instantiation(t);
    if (generic && this.named.has(generic[0])) t = generic[0];
    for (let i = 0; i < 10 && this.named.has(t) && this.named.get(t) !== 'struct'; i++)
      t = stripPointer(this.named.get(t) as string);
    return t;
  }

  /** Element type of a slice, array or map type (after resolving named types). */
  elem(type: string): string | undefined {
    const u = this.underlying(type);
    if (u.startsWith('[]')) return u.slice(2);
    const arr = /^\[\d*\](.*)$/.exec(u);
    if (arr) return arr[1];
    if (u.startsWith('map[')) return u.slice(mapKeyEnd(u) + 1);
    return undefined;
  }

  isMap(type: string): boolean {
    return this.underlying(type).startsWith('map[');
  }
  isSlice(type: string): boolean {
    return /^\[\d*\]/.test(this.underlying(type));
  }

  /** Field `name` of struct `type`, searching embedded structs; the path of yaml tags to reach it. */
  field(type: string, name: string): { tags: string[]; type: string } | undefined {
    const s = this.structs.get(this.underlying(type));
    if (!s) return undefined;
    // a generic struct's field types, with the instantiation's type arguments for its parameters
    const generic = instantiation(stripPointer(type));
    const params = generic ? this.typeParams.get(generic[0]) : undefined;
    const bind = (t: string): string =>
      params && generic
        ? params.reduce((x, p, i) => x.replace(new RegExp(`(?<![\\w.])${p}(?![\\w])`, 'g'), generic[1][i] ?? p), t)
        : t;
    for (const f of s) if (f.name === name) return { tags: f.tag ? [f.tag] : [], type: bind(f.type) };
    for (const f of s)
      if (f.inline) {
        const inner = this.field(f.type, name);
        if (inner) return { tags: f.tag ? [f.tag, ...inner.tags] : inner.tags, type: inner.type };
      }
    return undefined;
  }

  fields(type: string): StructField[] | undefined {
    return this.structs.get(this.underlying(type));
  }
}

const localNames = new Map<string, Set<string>>();

/** The file's imports: the name each package is used by -> its path (major version suffix dropped). */
export function importsOf(root: Node): Map<string, string> {
  const m = new Map<string, string>();
  for (const d of kids(root)) {
    if (d.type !== 'import_declaration') continue;
    for (const spec of d.descendantsOfType('import_spec')) {
      if (!spec) continue;
      const path = (field(spec, 'path') as Node).text.slice(1, -1);
      const alias =
        field(spec, 'name')?.text ??
        path
          .split('/')
          .pop()!
          .replace(/^v\d+$/, '');
      // gopkg.in/yaml.v3 is `yaml`; go.yaml.in/yaml/v4 is `yaml`
      const name = alias === '' ? path.split('/').slice(-2, -1)[0] : alias.replace(/\.v\d+$/, '');
      m.set(name, path.replace(/\/v\d+$/, ''));
    }
  }
  return m;
}

export function packageName(root: Node): string {
  for (const c of kids(root)) if (c.type === 'package_clause') return kids(c)[0].text;
  return '';
}

function collectSpec(s: Node, out: [string, Node, string[]?][]): void {
  if (s.type === 'type_spec' || s.type === 'type_alias') {
    const name = field(s, 'name');
    const type = field(s, 'type');
    const params = field(s, 'type_parameters');
    const names = params
      ? params
          .descendantsOfType('type_parameter_declaration')
          .flatMap((d) => (d ? d.childrenForFieldName('name').flatMap((n) => (n ? [n.text] : [])) : []))
      : undefined;
    if (name && type) out.push([name.text, type, names?.length ? names : undefined]);
  }
}

/** `graph.vertex[types.ServiceConfig]` -> [`graph.vertex`, [`types.ServiceConfig`]] */
function instantiation(t: string): [string, string[]] | undefined {
  const m = /^([\w.]+)\[(.+)\]$/.exec(t);
  if (!m) return undefined;
  const args: string[] = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < m[2].length; i++) {
    const c = m[2][i];
    if (c === '[') depth++;
    else if (c === ']') depth--;
    else if (c === ',' && depth === 0) {
      args.push(m[2].slice(start, i).trim());
      start = i + 1;
    }
  }
  args.push(m[2].slice(start).trim());
  return [m[1], args];
}

function structFields(st: Node, pkg: string, local: Set<string>): StructField[] {
  const out: StructField[] = [];
  const list = kids(st).find((k) => k.type === 'field_declaration_list');
  if (!list) return out;
  for (const fd of kids(list)) {
    if (fd.type !== 'field_declaration') continue;
    const typeNode = field(fd, 'type');
    if (!typeNode) continue;
    const type = qualify(typeNode.text, pkg, local);
    const tagNode = field(fd, 'tag');
    const tagText = tagNode ? tagNode.text.slice(1, -1) : '';
    const yamlTag = /yaml:"([^"]*)"/.exec(tagText)?.[1];
    const names = fd.childrenForFieldName('name').filter((n): n is Node => n !== null);
    if (names.length === 0) {
      // embedded field: promoted fields, inline for yaml unless it has a tag name of its own
      const tag = yamlTag?.split(',')[0] ?? '';
      out.push({ name: type.replace(/^\*/, '').replace(/^.*\./, ''), tag, type, inline: tag === '' });
      continue;
    }
    for (const n of names) {
      const parts = (yamlTag ?? '').split(',');
      const inline = parts.includes('inline');
      // no yaml tag: go-yaml's default (the lowercased name) for the model's types; the Go field
      // name for other structs (template.Variable, errors, ...), which are not YAML
      const tag = inline ? '' : parts[0] || (pkg === 'types' ? n.text.toLowerCase() : n.text);
      out.push({ name: n.text, tag: yamlTag === '-' ? `-${n.text}` : tag, type, inline });
    }
  }
  return out;
}

/** Qualifies the package's own type names in a type text: `[]ServiceConfig` -> `[]types.ServiceConfig`. */
export function qualify(text: string, pkg: string, local: Set<string>): string {
  return text.replace(/(?<![.\w])([A-Za-z_]\w*)(?![\w.])/g, (m) => (local.has(m) ? `${pkg}.${m}` : m));
}

export function stripPointer(t: string): string {
  return t.replace(/^\*+/, '');
}

function mapKeyEnd(t: string): number {
  let depth = 0;
  for (let i = 3; i < t.length; i++) {
    if (t[i] === '[') depth++;
    else if (t[i] === ']' && --depth === 0) return i;
  }
  return t.length;
}
