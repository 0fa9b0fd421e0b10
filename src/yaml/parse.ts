/**
 * YAML text -> located Trees (src/yaml/located.ts), one per document, with every problem as a
 * positioned Diagnostic. We walk yaml's Document AST ourselves (instead of toJS) to keep a position
 * for every key and value, to expand aliases under a budget (YAML bombs), and to record the
 * Compose tags `!reset` / `!override`.
 *
 * The work is linear in the text: the lexer's tokens are watched on their way to the parser
 * (StructureScan), so nesting too deep for the recursive composer, or more nodes than the budget,
 * stop the parse at the token that crosses the line, whatever quoting is used; each alias is
 * resolved from an anchor map built in one pass (yaml's own `Alias.resolve` walks the whole
 * document for every alias).
 */
import { Composer, CST, Lexer, LineCounter, Parser, isAlias, isMap, isSeq, isScalar, isPair, visit } from 'yaml';
import type { Alias, Node as YamlNode, Document, Scalar, YAMLError } from 'yaml';
import type { Diagnostic, Location } from '../diagnostics.js';
import { diagnostic, formatPath } from '../diagnostics.js';
import { budgets as withDefaults, limitDiagnostic, type BudgetName, type Budgets } from '../limits.js';
import { ensureLocs, setLoc, setSelfLoc, isObject, valueLoc } from './located.js';
import type { Tree, TreeObject } from './located.js';
import { goSyntax, resolvePlain, type Resolved } from './resolve.js';
import { invalidUtf8 } from './utf8.js';

/** The budgets of the YAML stage under their former names (still accepted by parseYaml). */
export interface YamlLimits {
  /** bytes of one file */
  maxFileBytes: number;
  /** nesting depth of collections */
  maxDepth: number;
  /** nodes of one file, and nodes its aliases may copy */
  maxNodes: number;
  /** alias references in one file */
  maxAliases: number;
}

export const DEFAULT_YAML_LIMITS: YamlLimits = {
  maxFileBytes: 4 << 20,
  maxDepth: 128,
  maxNodes: 200_000,
  maxAliases: 10_000,
};

/** The YAML stage's budgets, from Budgets or from the former YamlLimits names. */
type YamlBudgets = Pick<Budgets, 'fileBytes' | 'yamlDepth' | 'yamlNodes' | 'yamlAliases' | 'aliasNodes'>;

function yamlBudgets(given: Partial<Budgets> | Partial<YamlLimits> | undefined): YamlBudgets {
  const g = (given ?? {}) as Partial<Budgets> & Partial<YamlLimits>;
  return withDefaults({
    fileBytes: g.fileBytes ?? g.maxFileBytes,
    yamlDepth: g.yamlDepth ?? g.maxDepth,
    yamlNodes: g.yamlNodes ?? g.maxNodes,
    yamlAliases: g.yamlAliases ?? g.maxAliases,
    aliasNodes: g.aliasNodes ?? g.maxNodes,
  });
}

export type TagMark = { path: (string | number)[]; tag: 'reset' | 'override' };

export interface YamlDocument {
  /** undefined for an empty document */
  tree: Tree | undefined;
  /** paths tagged `!reset` (removed from `tree`) or `!override` (kept) */
  marks: TagMark[];
  /** location of the document start, for errors about the whole document */
  start: Location;
}

export interface ParsedYaml {
  file: string;
  documents: YamlDocument[];
  diagnostics: Diagnostic[];
}

const YAML_CODES: Record<string, string> = {
  DUPLICATE_KEY: 'yaml-duplicate-key',
  TAB_AS_INDENT: 'yaml-tab-indent',
  BAD_INDENT: 'yaml-bad-indent',
  TAG_RESOLVE_FAILED: 'yaml-unknown-tag',
};

const COMPOSE_TAGS = new Set(['!reset', '!override']);

class LimitExceeded extends Error {
  constructor(
    readonly code: string,
    readonly budget: BudgetName,
    message: string,
    readonly offset: number,
  ) {
    super(message);
  }
}

const count = (n: number): string => n.toLocaleString('en-US');

const SEQ = 0;
const MAP = 1;

/**
 * Watches the lexer's tokens (before the parser and the recursive composer see them): the nesting
 * depth, flow (`[`, `{`) and block alike, and the number of nodes as written. Block nesting is read
 * from the columns where sequence entries (`-`), explicit keys (`?`) and implicit keys start: a
 * deeper column opens a level, as YAML's indentation does; a `- ` list under a key at the key's own
 * column opens one too. Quotes and plain scalars are the lexer's to read, so no quoting trick hides
 * a bracket or an indentation level.
 */
class StructureScan {
  private offset = 0;
  private lineStart = 0;
  private flow = 0;
  private readonly cols: number[] = [];
  private readonly kinds: number[] = [];
  /** where the node being read on this line started (block context), -1 before it */
  private nodeCol = -1;
  private scalarNext = false;
  private blockScalar = false;
  /** the last token was a scalar or alias: if a `:` follows, it was a key, not a node of its own */
  private afterScalar = false;
  private nodes = 0;
  /** an alias was seen: the documents need their anchor map */
  aliases = false;

  constructor(
    private readonly file: string,
    private readonly limits: YamlBudgets,
  ) {}

  token(source: string): void {
    if (this.scalarNext) {
      this.scalarNext = false;
      this.mark();
      if (this.blockScalar) this.blockScalar = false;
      else this.node();
      this.afterScalar = true;
      this.advance(source);
      return;
    }
    const type = CST.tokenType(source);
    switch (type) {
      case 'scalar':
        this.scalarNext = true;
        return; // a marker, not part of the text
      case 'doc-mode':
        this.reset();
        return;
      case 'flow-error-end':
        this.flow = 0;
        return;
      case 'doc-start':
      case 'doc-end':
        this.reset();
        break;
      case 'newline':
        this.offset += source.length;
        this.lineStart = this.offset;
        this.nodeCol = -1;
        this.afterScalar = false;
        return;
      case 'space':
      case 'comment':
        this.advance(source);
        return;
      case 'seq-item-ind':
        if (this.flow === 0) this.block(this.column(), SEQ);
        this.nodeCol = -1;
        break;
      case 'explicit-key-ind':
        if (this.flow === 0) this.block(this.column(), MAP);
        this.nodeCol = -1;
        break;
      case 'map-value-ind':
        if (this.flow === 0) this.block(this.nodeCol >= 0 ? this.nodeCol : this.column(), MAP);
        if (this.afterScalar) this.nodes--; // that scalar was the key
        this.nodeCol = -1;
        break;
      case 'flow-map-start':
      case 'flow-seq-start':
        this.mark();
        this.flow++;
        this.node();
        this.checkDepth();
        break;
      case 'flow-map-end':
      case 'flow-seq-end':
        if (this.flow > 0) this.flow--;
        break;
      case 'alias':
        this.aliases = true;
      // falls through
      case 'single-quoted-scalar':
      case 'double-quoted-scalar':
        this.mark();
        this.node();
        this.advance(source);
        this.afterScalar = true;
        return;
      case 'anchor':
      case 'tag':
        this.mark();
        this.advance(source);
        return;
      case 'block-scalar-header':
        this.mark();
        this.node();
        this.blockScalar = true;
        break;
    }
    this.afterScalar = false;
    this.advance(source);
  }

  private reset(): void {
    this.nodes = 0;
    this.cols.length = 0;
    this.kinds.length = 0;
    this.flow = 0;
    this.nodeCol = -1;
  }

  private column(): number {
    return this.offset - this.lineStart;
  }

  private advance(source: string): void {
    const nl = source.lastIndexOf('\n');
    if (nl >= 0) {
      this.lineStart = this.offset + nl + 1;
      this.nodeCol = -1;
    }
    this.offset += source.length;
  }

  /** the start of a node in block context: an implicit key, if a `:` follows on this line */
  private mark(): void {
    if (this.flow === 0 && this.nodeCol < 0) this.nodeCol = this.column();
  }

  private node(): void {
    if (++this.nodes > this.limits.yamlNodes)
      throw new LimitExceeded(
        'yaml-node-limit',
        'yamlNodes',
        `a document of ${this.file} has more than ${count(this.limits.yamlNodes)} YAML nodes`,
        this.offset,
      );
  }

  /** A sequence entry or a mapping key at column `col`: a sibling, or a new, deeper level. */
  private block(col: number, kind: number): void {
    const { cols, kinds } = this;
    let top = cols.length - 1;
    while (top >= 0 && (cols[top] > col || (kind === MAP && cols[top] === col && kinds[top] === SEQ))) top--;
    cols.length = kinds.length = top + 1;
    if (top >= 0 && cols[top] === col && kinds[top] === kind) return;
    cols.push(col);
    kinds.push(kind);
    this.node();
    this.checkDepth();
  }

  private checkDepth(): void {
    if (this.cols.length + this.flow > this.limits.yamlDepth)
      throw new LimitExceeded(
        'yaml-depth-limit',
        'yamlDepth',
        `nesting deeper than ${count(this.limits.yamlDepth)} levels`,
        this.offset,
      );
  }
}

/**
 * Above this size, a lexer-only pass (a fifth of the parse's cost) checks the structure before the
 * parse: a file this large is likely over the node budget, and refused at a fraction of its parse.
 */
const SCAN_FIRST_BYTES = 1 << 20;

/**
 * The documents of `text`, parsed by yaml's own lexer, parser and composer, with `scan` watching the
 * tokens: small texts as the parser reads them, large ones in a pass of their own first, so that a
 * text over a budget costs little more than its lexing up to where it crosses the line.
 */
function composeDocuments(text: string, lc: LineCounter, scan: StructureScan): Document.Parsed[] {
  const parser = new Parser(lc.addNewLine);
  let tokens: Iterable<CST.Token>;
  if (text.length > SCAN_FIRST_BYTES) {
    for (const lexeme of new Lexer().lex(text)) scan.token(lexeme);
    tokens = parser.parse(text);
  } else
    tokens = (function* () {
      lc.addNewLine(0);
      for (const lexeme of new Lexer().lex(text)) {
        scan.token(lexeme);
        yield* parser.next(lexeme);
      }
      yield* parser.end();
    })();
  const composer = new Composer({
    merge: false,
    uniqueKeys: false,
    prettyErrors: false,
    strict: true,
    stringKeys: false,
  });
  return Array.from(composer.compose(tokens)) as Document.Parsed[];
}

/** Line and column of `offset` (for errors found before the line counter has seen that far). */
function positionAt(text: string, file: string, offset: number): Location {
  let line = 1;
  let start = 0;
  const end = Math.min(offset, text.length);
  for (let i = text.indexOf('\n'); i >= 0 && i < end; i = text.indexOf('\n', i + 1)) {
    line++;
    start = i + 1;
  }
  return { file, line, column: end - start + 1 };
}

export function parseYaml(text: string, file: string, limits: Partial<Budgets> | Partial<YamlLimits> = {}): ParsedYaml {
  const budget = yamlBudgets(limits);
  const lc = new LineCounter();
  const at = (offset: number, end?: number): Location => {
    const p = lc.linePos(Math.max(0, offset));
    const loc: Location = { file, line: p.line, column: p.col };
    if (end !== undefined && end > offset) {
      const e = lc.linePos(end);
      loc.endLine = e.line;
      loc.endColumn = e.col;
    }
    return loc;
  };
  const out: ParsedYaml = { file, documents: [], diagnostics: [] };
  const bytes = Buffer.byteLength(text, 'utf8');
  if (bytes > budget.fileBytes) {
    out.diagnostics.push(
      limitDiagnostic(
        'yaml-size-limit',
        'fileBytes',
        `file is ${count(bytes)} bytes, over the limit of ${count(budget.fileBytes)}`,
        { file, line: 1, column: 1 },
      ),
    );
    return out;
  }
  // go-yaml's reader refuses the whole file at its first byte that is not UTF-8
  const bad = invalidUtf8(text);
  if (bad) {
    out.diagnostics.push(
      diagnostic(
        'yaml-invalid-utf8',
        'error',
        `the file is not valid UTF-8: ${bad.problem} (${bad.bytes})`,
        positionAt(text, file, bad.index),
        '',
        'save the file as UTF-8',
        `yaml: offset ${bad.offset}: ${bad.problem}`,
      ),
    );
    return out;
  }
  let docs: Document.Parsed[];
  const scan = new StructureScan(file, budget);
  try {
    docs = composeDocuments(text, lc, scan);
  } catch (e) {
    if (e instanceof LimitExceeded)
      out.diagnostics.push(limitDiagnostic(e.code, e.budget, e.message, positionAt(text, file, e.offset)));
    else
      out.diagnostics.push(
        diagnostic(
          'yaml-syntax',
          'error',
          `cannot parse YAML: ${(e as Error).message}`,
          { file, line: 1, column: 1 },
          '',
        ),
      );
    return out;
  }
  // nodes are counted per document, as compose-go does; aliases per file (a bomb a document would
  // otherwise be cheap to repeat)
  const counts: WalkCounts = { nodes: 0, aliases: 0, aliasNodes: 0 };
  for (const doc of docs) {
    counts.nodes = 0;
    let fatal = false;
    const problem = (e: YAMLError, sev: 'error' | 'warning'): void => {
      const tag = e.code === 'TAG_RESOLVE_FAILED' ? /tag: (\S+)/.exec(e.message)?.[1] : undefined;
      if (tag && COMPOSE_TAGS.has(tag)) return;
      const code = /end with a/.test(e.message) ? 'yaml-syntax' : (YAML_CODES[e.code] ?? 'yaml-syntax');
      // An unknown tag is an error: compose-go refuses what it cannot decode.
      const severity = code === 'yaml-unknown-tag' ? 'error' : sev;
      if (severity === 'error') fatal = true;
      const message =
        e.code === 'DUPLICATE_KEY'
          ? `duplicate key ${JSON.stringify(text.slice(e.pos[0], e.pos[1]).trim())}: mapping keys must be unique`
          : cleanMessage(e);
      const compose = e.code === 'TAB_AS_INDENT' ? goTabError(text, e.pos[0]) : undefined;
      out.diagnostics.push(diagnostic(code, severity, message, at(e.pos[0], e.pos[1]), '', undefined, compose));
    };
    for (const e of doc.errors) problem(e, 'error');
    for (const w of doc.warnings) problem(w, 'warning');
    const start = at(doc.range[0]);
    if (fatal) continue;
    try {
      const targets = scan.aliases ? anchorTargets(doc) : new Map<Alias, YamlNode | undefined>();
      const walker = new Walker(file, targets, at, budget, out.diagnostics, counts);
      const marks: TagMark[] = [];
      const tree = doc.contents ? walker.node(doc.contents as YamlNode, 0, marks) : undefined;
      out.documents.push({ tree: tree === RESET ? undefined : tree, marks, start });
    } catch (e) {
      if (e instanceof LimitExceeded) {
        out.diagnostics.push(limitDiagnostic(e.code, e.budget, e.message, at(e.offset)));
        break;
      } else if (e instanceof RangeError)
        out.diagnostics.push(diagnostic('yaml-depth-limit', 'error', 'document nested too deeply', start, ''));
      else throw e;
    }
  }
  return out;
}

/**
 * Each alias of `doc` -> the node it refers to: the last node anchored with its name before it, in
 * document order (what yaml's `Alias.resolve` finds, by walking the whole document for each alias).
 */
function anchorTargets(doc: Document.Parsed): Map<Alias, YamlNode | undefined> {
  const anchors = new Map<string, YamlNode>();
  const targets = new Map<Alias, YamlNode | undefined>();
  if (!doc.contents) return targets;
  visit(doc, {
    Node(_key, node) {
      if (isAlias(node)) targets.set(node, anchors.get(node.source));
      else if ((node as { anchor?: string }).anchor) anchors.set((node as { anchor: string }).anchor, node as YamlNode);
    },
  });
  return targets;
}

function cleanMessage(e: YAMLError): string {
  return e.message
    .replace(/ at line \d+, column \d+:?[\s\S]*$/, '')
    .replace(/\s+/g, ' ')
    .trim();
}

const RESET = Symbol('reset');

interface WalkCounts {
  /** nodes of the document as written */
  nodes: number;
  /** alias references as written */
  aliases: number;
  /** nodes walked again because an alias (or a `<<` merge of one) refers to them */
  aliasNodes: number;
}

class Walker {
  /** the model path of the node being walked (pushed and popped, never copied but for a mark or an error) */
  private readonly path: (string | number)[] = [];
  /** the anchored nodes being expanded (with the path where that began), to catch an alias inside what it refers to */
  private readonly expanding = new Map<YamlNode, string>();
  constructor(
    private readonly file: string,
    private readonly targets: Map<Alias, YamlNode | undefined>,
    private readonly at: (offset: number, end?: number) => Location,
    private readonly limits: YamlBudgets,
    private readonly diagnostics: Diagnostic[],
    private readonly counts: WalkCounts,
  ) {}

  private loc(n: YamlNode | null | undefined): Location | undefined {
    return n?.range ? this.at(n.range[0], n.range[1]) : undefined;
  }

  private count(n: YamlNode): void {
    const c = this.counts;
    if (this.expanding.size === 0) {
      if (++c.nodes > this.limits.yamlNodes)
        throw new LimitExceeded(
          'yaml-node-limit',
          'yamlNodes',
          `a document of ${this.file} has more than ${count(this.limits.yamlNodes)} YAML nodes`,
          n.range?.[0] ?? 0,
        );
    } else if (++c.aliasNodes > this.limits.aliasNodes)
      throw new LimitExceeded(
        'yaml-alias-limit',
        'aliasNodes',
        `excessive aliasing: the aliases of ${this.file} expand to more than ${count(this.limits.aliasNodes)} nodes`,
        n.range?.[0] ?? 0,
      );
  }

  /** The node an alias refers to, counted against the alias budget; undefined (reported) when it has none. */
  private target(n: Alias): YamlNode | undefined {
    if (this.expanding.size === 0 && ++this.counts.aliases > this.limits.yamlAliases)
      throw new LimitExceeded(
        'yaml-alias-limit',
        'yamlAliases',
        `excessive aliasing: ${this.file} has more than ${count(this.limits.yamlAliases)} alias references`,
        n.range?.[0] ?? 0,
      );
    const target = this.targets.get(n);
    if (!target) {
      const loc = this.loc(n);
      // go-yaml's composer: its mark prints the node's 1-based column plus one
      this.diagnostics.push(
        diagnostic(
          'yaml-syntax',
          'error',
          `unknown alias *${n.source}`,
          loc,
          formatPath(this.path),
          undefined,
          loc && `yaml: line ${loc.line}, column ${loc.column + 1}: unknown anchor '${n.source}' referenced`,
        ),
      );
    } else if (this.expanding.has(target)) {
      // compose-go's reset resolver (loader/reset.go checkForCycle) names the alias's path within the
      // expansion, and the path where the expansion began (`<<` keys are not part of either)
      this.diagnostics.push(
        diagnostic(
          'yaml-syntax',
          'error',
          `alias *${n.source} refers to itself`,
          this.loc(n),
          formatPath(this.path),
          undefined,
          `cycle detected: node at path ${this.path.join('.')} references node at path ${this.expanding.get(target)}`,
        ),
      );
      return undefined;
    }
    return target;
  }

  /** Walks `target` as the expansion of an alias: its nodes count as copies, and an alias inside it to itself is caught. */
  private expand<T>(target: YamlNode, walk: () => T): T {
    this.expanding.set(target, this.path.join('.'));
    try {
      return walk();
    } finally {
      this.expanding.delete(target);
    }
  }

  /** Returns the Tree for `n` (at this.path), or RESET when the node carries `!reset`. */
  node(n: YamlNode, depth: number, marks: TagMark[]): Tree | typeof RESET {
    this.count(n);
    if (depth > this.limits.yamlDepth)
      throw new LimitExceeded(
        'yaml-depth-limit',
        'yamlDepth',
        `nesting deeper than ${count(this.limits.yamlDepth)} levels`,
        n.range?.[0] ?? 0,
      );
    if (isAlias(n)) {
      const target = this.target(n);
      return target ? this.expand(target, () => this.node(target, depth, marks)) : null;
    }
    const tag = (n as { tag?: string }).tag;
    if (tag === '!reset') {
      marks.push({ path: [...this.path], tag: 'reset' });
      return RESET;
    }
    if (tag === '!override') marks.push({ path: [...this.path], tag: 'override' });
    if (isScalar(n)) return scalarValue(n);
    if (isSeq(n)) {
      const arr: Tree[] = [];
      setSelfLoc(arr, this.loc(n));
      for (const item of n.items) {
        this.path.push(arr.length);
        const v = this.node(item as YamlNode, depth + 1, marks);
        this.path.pop();
        if (v === RESET) continue;
        setLoc(arr, arr.length, this.loc(item as YamlNode));
        arr.push(v);
      }
      return arr;
    }
    if (isMap(n)) return this.mapping(n, depth, marks);
    return null;
  }

  private mapping(n: YamlNode & { items: unknown[] }, depth: number, marks: TagMark[]): TreeObject {
    const path = this.path;
    const obj: TreeObject = {};
    ensureLocs(obj);
    setSelfLoc(obj, this.loc(n));
    const merges: YamlNode[] = [];
    for (const pair of n.items) {
      if (!isPair(pair)) continue;
      const keyNode = pair.key as YamlNode | null;
      if (isScalar(keyNode) && keyNode.value === '<<' && keyNode.type === 'PLAIN') {
        if (pair.value) merges.push(pair.value as YamlNode);
        continue;
      }
      const key = keyString(keyNode);
      const keyPos = this.loc(keyNode);
      const resolvedKey = isScalar(keyNode) ? plainResolved(keyNode) : undefined;
      if (
        isScalar(keyNode) &&
        (resolvedKey
          ? resolvedKey.tag !== 'str' && resolvedKey.tag !== 'merge'
          : typeof scalarValue(keyNode) !== 'string')
      ) {
        // compose-go convertToStringKeysRecursive refuses mapping keys that YAML reads as numbers, booleans or null
        const prefix = path.reduce<string>(
          (acc, seg) => (typeof seg === 'number' ? `${acc}[${seg}]` : acc === '' ? seg : `${acc}.${seg}`),
          '',
        );
        const message = `non-string key ${prefix === '' ? 'at top level' : `in ${prefix}`}: ${resolvedKey ? goSyntax(resolvedKey) : key === 'null' ? '<nil>' : key}`;
        this.diagnostics.push(
          diagnostic(
            'yaml-non-string-key',
            'error',
            message,
            keyPos,
            formatPath([...path, key]),
            `quote the key: "${isScalar(keyNode) ? String(keyNode.source ?? key) : key}"`,
            message,
          ),
        );
        continue;
      }
      if (key === '__proto__') {
        this.diagnostics.push(
          diagnostic('yaml-reserved-key', 'error', 'the key "__proto__" is not allowed', keyPos, formatPath(path)),
        );
        continue;
      }
      if (Object.hasOwn(obj, key)) {
        // go-yaml's wording, which `docker compose` shows
        const first = ensureLocs(obj).keys[key];
        const message = `line ${keyPos?.line}: mapping key ${JSON.stringify(key)} already defined at line ${first?.line}`;
        this.diagnostics.push(
          diagnostic('yaml-duplicate-key', 'error', message, keyPos, formatPath([...path, key]), undefined, message),
        );
        continue;
      }
      const valueNode = pair.value as YamlNode | null;
      path.push(key);
      const v = valueNode ? this.node(valueNode, depth + 1, marks) : null;
      path.pop();
      if (v === RESET) continue;
      obj[key] = v;
      setLoc(obj, key, (valueNode && this.loc(valueNode)) ?? keyPos, keyPos);
    }
    // `<<` merge keys: explicit keys win, then earlier merged mappings win over later ones.
    for (const m of merges) {
      // `<<: *list` merges the mappings of the anchored list: they are copies, as an alias's are
      const peek = isAlias(m) ? this.targets.get(m) : m;
      let list: YamlNode | undefined;
      let sources = [m];
      if (isAlias(m) && peek && isSeq(peek)) {
        this.count(m);
        list = this.target(m);
        if (!list) continue;
        sources = (list as YamlNode & { items: YamlNode[] }).items;
      } else if (peek === m && isSeq(m)) sources = m.items as YamlNode[];
      const walk = (): void => {
        for (const src of sources) {
          const v = this.node(src, depth, marks);
          // an alias to what is being expanded: reported as such already
          if (isAlias(src) && this.expanding.has(this.targets.get(src) as YamlNode)) continue;
          if (!isObject(v)) {
            this.diagnostics.push(
              diagnostic(
                'yaml-syntax',
                'error',
                'map merge requires map or sequence of maps as the value',
                this.loc(src),
                formatPath(path),
                undefined,
                'yaml: map merge requires map or sequence of maps as the value',
              ),
            );
            continue;
          }
          for (const k of Object.keys(v)) {
            if (Object.hasOwn(obj, k)) continue;
            obj[k] = v[k];
            setLoc(obj, k, valueLoc(v, k), ensureLocs(v).keys[k]);
          }
        }
      };
      if (list) this.expand(list, walk);
      else walk();
    }
    return obj;
  }
}

function keyString(k: YamlNode | null): string {
  if (k === null) return '';
  if (isScalar(k)) {
    const v = scalarValue(k);
    return v === null ? 'null' : typeof v === 'number' ? goSyntax({ tag: 'float', value: v }) : String(v);
  }
  return String((k as { toJSON?: () => unknown }).toJSON?.() ?? '');
}

/** A plain scalar without a tag, resolved as compose-go's go-yaml does (src/yaml/resolve.ts). */
function plainResolved(n: Scalar): Resolved | undefined {
  if (n.type !== 'PLAIN' || n.tag !== undefined) return undefined;
  return resolvePlain(typeof n.source === 'string' ? n.source : String(n.value ?? ''));
}

/**
 * A scalar's value: plain ones as go-yaml resolves them (`1_000`, `0b1010`, `0440` are numbers, a
 * timestamp the string Go prints for it); quoted, block and explicitly tagged ones as `yaml` reads them.
 */
function scalarValue(n: Scalar): string | number | boolean | null {
  const r = plainResolved(n);
  if (r) return r.value;
  const v = n.value;
  if (typeof v === 'bigint') return Number(v);
  if (v === undefined) return null;
  if (typeof v === 'object' && v !== null) return String(v);
  return v as string | number | boolean | null;
}

/**
 * go-yaml's error for a tab that YAML refuses as indentation: in the continuation of a plain scalar
 * (a value on the line before), "found a tab character that violates indentation" with where the
 * scalar began; at the start of a node, "found character that cannot start any token".
 */
function goTabError(text: string, offset: number): string {
  const lineStart = text.lastIndexOf('\n', offset - 1) + 1;
  const line = lineNumber(text, offset);
  const mark = `line ${line}, column ${offset - lineStart + 1}`;
  // the plain scalar the line would continue: the value of the last content line before it
  let end = lineStart - 1;
  let n = line - 1;
  while (end > 0) {
    const start = text.lastIndexOf('\n', end - 1) + 1;
    const content = text.slice(start, end);
    if (content.trim() !== '' && !/^\s*#/.test(content)) {
      const m = /^(\s*(?:-\s+)*)(?:(?:[^\s#'"\-?:][^#]*?|"[^"]*"|'[^']*'):(?:\s+|$))?/.exec(content) as RegExpExecArray;
      const value = content.slice(m[0].length).replace(/\s+#.*$/, '');
      if (value !== '' && !/^['"|>{[&*!%@`#]/.test(value))
        return `yaml: while scanning a plain scalar at line ${n}, column ${m[0].length + 1}: ${mark}: found a tab character that violates indentation`;
      break;
    }
    end = start - 1;
    n--;
  }
  return `yaml: while scanning for the next token at ${mark}: found character that cannot start any token`;
}

function lineNumber(text: string, offset: number): number {
  let n = 1;
  for (let i = text.indexOf('\n'); i >= 0 && i < offset; i = text.indexOf('\n', i + 1)) n++;
  return n;
}
