/**
 * The structure of a YAML text watched on its tokens (StructureScan: nesting depth and node count
 * against their budgets, before yaml's recursive composer sees them), and the composing of its
 * documents by yaml's own lexer, parser and composer.
 */
import { Composer, CST, Lexer, LineCounter, Parser } from 'yaml';
import type { Document } from 'yaml';
import { type BudgetName, type Budgets } from '../limits.js';
import { goDoubleQuoted, type EscapeProblem } from './quoted.js';

export type YamlBudgets = Pick<Budgets, 'fileBytes' | 'yamlDepth' | 'yamlNodes' | 'yamlAliases' | 'aliasNodes'>;
export class LimitExceeded extends Error {
  constructor(
    readonly code: string,
    readonly budget: BudgetName,
    message: string,
    readonly offset: number,
    /** compose-go's phrase, where compose-go has the same cap */
    readonly composeMessage?: string,
  ) {
    super(message);
  }
}

/**
 * The yamlNodes budget is compose-go's own cap (loader/reset.go defaultMaxNodeVisits: the nodes
 * ResetProcessor visits in one document, a mapping's values and a sequence's items, an alias
 * counting as one): past it, compose-go's phrase with the budget in force.
 */
export function nodeLimitExceeded(file: string, limit: number, offset: number): LimitExceeded {
  return new LimitExceeded(
    'yaml-node-limit',
    'yamlNodes',
    `a document of ${file} has more than ${count(limit)} YAML nodes`,
    offset,
    `compose file exceeds maximum node visit limit (${limit})`,
  );
}

export const count = (n: number): string => n.toLocaleString('en-US');

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
export class StructureScan {
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
  /** go-yaml's value of each double-quoted scalar holding a backslash, by its offset (src/yaml/quoted.ts) */
  readonly quoted = new Map<number, string>();
  /** go-yaml's refusals of escapes, in text order, indexes made offsets in the text */
  readonly escapes: EscapeProblem[] = [];

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
      case 'single-quoted-scalar':
      case 'double-quoted-scalar':
        if (type === 'alias') this.aliases = true;
        else if (type === 'double-quoted-scalar' && source.includes('\\')) this.doubleQuoted(source);
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

  private doubleQuoted(source: string): void {
    const r = goDoubleQuoted(source);
    if (typeof r === 'string') this.quoted.set(this.offset, r);
    else if (r)
      this.escapes.push({ ...r, start: this.offset, index: this.offset + r.index, mark: this.offset + r.mark });
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
    if (++this.nodes > this.limits.yamlNodes) throw nodeLimitExceeded(this.file, this.limits.yamlNodes, this.offset);
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

type PushUntil = (this: Lexer, test: (ch: string | undefined) => boolean) => Generator<string, number>;
// a private method of yaml's Lexer: no type of its own to read
const pushUntil = Reflect.get(Lexer.prototype, 'pushUntil') as PushUntil | undefined;

/**
 * yaml's Lexer, with go-yaml's anchor and alias names: a `:` ends one (yamlprivate.go isAnchorChar),
 * where YAML 1.2 lets a name hold it, so `*a: 1` is the alias `a` as a key. yaml (2.9.1,
 * dist/parse/lexer.js) reads a name with `pushUntil(isNotAnchorChar)`, the one test of its own that
 * stops at `{` and not at `#`; test/go-alias-keys.test.ts fails if that changes.
 */
class GoLexer extends Lexer {}
if (typeof pushUntil === 'function')
  Object.defineProperty(GoLexer.prototype, 'pushUntil', {
    value: function (this: Lexer, test: (ch: string | undefined) => boolean) {
      const name = test('{') && !test('#');
      return pushUntil.call(this, name ? (ch) => ch === ':' || test(ch) : test);
    } satisfies PushUntil,
  });

type QuotedScalar = (this: Lexer) => Generator<string, string>;
// a private method of yaml's Lexer, as pushUntil
const parseQuotedScalar = Reflect.get(Lexer.prototype, 'parseQuotedScalar') as QuotedScalar | undefined;

/**
 * go-yaml reads a quoted scalar's next lines at any indentation, stopping only at a document marker
 * at the start of a line (scanner.go scanFlowScalar: "found unexpected document indicator"); yaml
 * ends the scalar at a line less indented than its block (dist/parse/lexer.js parseQuotedScalar
 * calls continueScalar, which checks the markers only when no indentation is expected). The lexer's
 * own reading with no indentation expected while it reads the quotes; test/go-quoted-indent.test.ts
 * fails if that changes.
 */
if (typeof parseQuotedScalar === 'function')
  Object.defineProperty(GoLexer.prototype, 'parseQuotedScalar', {
    value: function* (this: Lexer) {
      const indent: unknown = Reflect.get(this, 'indentNext');
      Reflect.set(this, 'indentNext', 0);
      try {
        return yield* parseQuotedScalar.call(this);
      } finally {
        Reflect.set(this, 'indentNext', indent);
      }
    } satisfies QuotedScalar,
  });

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
export function composeDocuments(text: string, lc: LineCounter, scan: StructureScan): Document.Parsed[] {
  const parser = new Parser(lc.addNewLine);
  const composer = new Composer({
    merge: false,
    uniqueKeys: false,
    prettyErrors: false,
    strict: true,
    stringKeys: false,
    // `!!binary`, `!!timestamp`, `!!set`, `!!omap`, `!!pairs` would be the yaml package's types:
    // walk.ts reads every tag as go-yaml does (src/yaml/tagged.ts)
    resolveKnownTags: false,
  });
  const docs: Document.Parsed[] = [];
  // large texts: the scan's own pass first
  const first = text.length > SCAN_FIRST_BYTES;
  if (first) for (const lexeme of new GoLexer().lex(text)) scan.token(lexeme);
  // the parser's and composer's steps called in one loop (what Parser.parse and Composer.compose
  // do), without a generator of our own between them: each lexeme went through one more
  // generator's resumption (1.6% of the seed review's CPU profile)
  lc.addNewLine(0);
  for (const lexeme of new GoLexer().lex(text)) {
    if (!first) scan.token(lexeme);
    for (const token of parser.next(lexeme)) for (const doc of composer.next(token)) docs.push(doc);
  }
  for (const token of parser.end()) for (const doc of composer.next(token)) docs.push(doc);
  for (const doc of composer.end()) docs.push(doc);
  return docs;
}
