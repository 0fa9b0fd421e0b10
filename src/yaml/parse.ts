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
import { LineCounter, isAlias, visit } from 'yaml';
import type { Alias, Node as YamlNode, Document, YAMLError } from 'yaml';
import type { Diagnostic, Location } from '../diagnostics.js';
import { diagnostic } from '../diagnostics.js';
import { budgets as withDefaults, limitDiagnostic, type Budgets } from '../limits.js';
import type { Tree } from './located.js';
import { composeDocuments, count, LimitExceeded, StructureScan, type YamlBudgets } from './scan.js';
import { RESET, Walker, type WalkCounts } from './walk.js';
import { goByteLength, invalidUtf8, jsonQuote } from '../utf8.js';
import { FastReader } from './fast.js';
import { setGoQuoted, setSeparatedScalars, type EscapeProblem } from './quoted.js';
import { errorMessage } from '../errors.js';

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

function yamlBudgets(g: Partial<Budgets> & Partial<YamlLimits>): YamlBudgets {
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
  /** it holds what json.Marshal refuses: a NaN, an infinity, a time with a zone of 24 hours or more */
  jsonRefused?: boolean;
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

/**
 * go-yaml's scanner takes a CR with no LF after it, NEL (U+0085), LS (U+2028) and PS (U+2029) as
 * line breaks (yamlprivate.go isBreak, scanner.go skipLine and readLine); eemeli/yaml takes only LF
 * and CRLF, as YAML 1.2 says. LF in their place keeps every offset. A CR or NEL is read into a
 * scalar as LF; an LS or PS as itself: their offsets, for those scalars to be read again
 * (src/yaml/quoted.ts setSeparatedScalars).
 */
function goLineBreaks(text: string): { text: string; separators: number[] } {
  const separators: number[] = [];
  if (text.includes('\u2028') || text.includes('\u2029'))
    for (const m of text.matchAll(/[\u2028\u2029]/g)) separators.push(m.index);
  const breaks = separators.length > 0 ? /\r(?!\n)|[\u0085\u2028\u2029]/g : /\r(?!\n)|\u0085/g;
  const read =
    text.includes('\u0085') || separators.length > 0 || /\r(?!\n)/.test(text) ? text.replace(breaks, '\n') : text;
  return { text: read, separators };
}

/** Line and column of `offset` (for errors found before the line counter has seen that far). */
function moreLinesThan(text: string, n: number): boolean {
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) if (--n < 0) return true;
  return false;
}

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
  return parse(text, file, limits, true);
}

/** parseYaml without the fast reader (src/yaml/fast.ts): the whole way, which test/fastparse.test.ts compares it with. */
export function parseYamlWhole(
  text: string,
  file: string,
  limits: Partial<Budgets> | Partial<YamlLimits> = {},
): ParsedYaml {
  return parse(text, file, limits, false);
}

function parse(text: string, file: string, limits: Partial<Budgets> | Partial<YamlLimits>, fast: boolean): ParsedYaml {
  const budget = yamlBudgets(limits);
  const lc = new LineCounter();
  const at = (offset: number, end?: number): Location => {
    const p = lc.linePos(Math.max(0, offset));
    if (end === undefined || end <= offset) return { file, line: p.line, column: p.col };
    // one literal with every field: added after, endLine and endColumn took a property array of
    // their own (40 bytes a location, 2.6 MB of the locations of 10,000 services)
    const e = lc.linePos(end);
    return { file, line: p.line, column: p.col, endLine: e.line, endColumn: e.col };
  };
  const out: ParsedYaml = { file, documents: [], diagnostics: [] };
  // (a file of bytes that are not UTF-8 counted as Go holds them, not as their surrogates' encoding)
  let bytes = Buffer.byteLength(text, 'utf8');
  if (bytes > budget.fileBytes) bytes = goByteLength(text);
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
  const written = text;
  const lines = goLineBreaks(text);
  text = lines.text;
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
  // the common shape of a Compose file, read in one pass (a fifth of the whole way's CPU on 10,000
  // services); undefined for anything else. Not a text of more lines than the node budget: each
  // line the fast reader reads holds a node at least, so it would read up to the budget and hand
  // the text on, to be read again (100,000 services: 317 ms where the whole way alone takes 187)
  if (fast && lines.separators.length === 0 && !moreLinesThan(text, budget.yamlNodes)) {
    const doc = new FastReader(text, file, budget).read();
    if (doc) {
      out.documents.push(doc);
      return out;
    }
  }
  let docs: Document.Parsed[];
  const scan = new StructureScan(file, budget);
  try {
    docs = composeDocuments(text, lc, scan);
  } catch (e) {
    if (e instanceof LimitExceeded) out.diagnostics.push(limitExceeded(e, positionAt(text, file, e.offset)));
    else
      out.diagnostics.push(
        diagnostic('yaml-syntax', 'error', `cannot parse YAML: ${errorMessage(e)}`, { file, line: 1, column: 1 }, ''),
      );
    return out;
  }
  // nodes are counted per document, as compose-go does; aliases per file (a bomb a document would
  // otherwise be cheap to repeat)
  const counts: WalkCounts = { nodes: 0, aliases: 0, aliasNodes: 0 };
  // go-yaml's composer keeps one anchor table for the whole stream (composer.go init, anchor,
  // alias): a document's alias may name an anchor of a document before it
  const anchors = new Map<string, YamlNode>();
  const targets = new Map<Alias, YamlNode | undefined>(); // every alias of the stream, by node
  let escape = 0; // the next of scan.escapes, in text order as the documents are
  for (const doc of docs) {
    counts.nodes = 0;
    let fatal = false;
    const problem = (e: YAMLError, sev: 'error' | 'warning'): void => {
      // a tag the schema lacks: go-yaml reads any tag, and so does the walk (src/yaml/tagged.ts);
      // escapes are go-yaml's to judge (scan.escapes)
      if (e.code === 'TAG_RESOLVE_FAILED' && e.message.startsWith('Unresolved tag:')) return;
      if (e.code === 'BAD_DQ_ESCAPE') return;
      const code = /end with a/.test(e.message) ? 'yaml-syntax' : (YAML_CODES[e.code] ?? 'yaml-syntax');
      // a tag whose handle no %TAG directive declares: go-yaml's parser refuses it
      const severity = code === 'yaml-unknown-tag' ? 'error' : sev;
      if (severity === 'error') fatal = true;
      const message =
        e.code === 'DUPLICATE_KEY'
          ? `duplicate key ${jsonQuote(text.slice(e.pos[0], e.pos[1]).trim())}: mapping keys must be unique`
          : cleanMessage(e);
      const compose = e.code === 'TAB_AS_INDENT' ? goTabError(text, e.pos[0]) : undefined;
      out.diagnostics.push(diagnostic(code, severity, message, at(e.pos[0], e.pos[1]), '', undefined, compose));
    };
    for (const e of doc.errors) problem(e, 'error');
    for (; escape < scan.escapes.length && scan.escapes[escape].index < doc.range[2]; escape++) {
      out.diagnostics.push(escapeProblem(scan.escapes[escape], at));
      fatal = true;
    }
    for (const w of doc.warnings) problem(w, 'warning');
    const start = at(doc.range[0]);
    if (fatal) continue;
    try {
      setGoQuoted(doc, scan.quoted);
      if (lines.separators.length > 0) setSeparatedScalars(doc, written, lines.separators);
      if (scan.aliases) anchorTargets(doc, anchors, targets);
      const walker = new Walker(file, targets, at, budget, out.diagnostics, counts);
      const marks: TagMark[] = [];
      const tree = doc.contents ? walker.node(doc.contents, 0, marks) : undefined;
      const read: YamlDocument = { tree: tree === RESET ? undefined : tree, marks, start };
      if (walker.jsonRefused) read.jsonRefused = true;
      out.documents.push(read);
    } catch (e) {
      if (e instanceof LimitExceeded) {
        out.diagnostics.push(limitExceeded(e, at(e.offset)));
        break;
      } else if (e instanceof RangeError)
        out.diagnostics.push(diagnostic('yaml-depth-limit', 'error', 'document nested too deeply', start, ''));
      else throw e;
    }
  }
  return out;
}

/**
 * Each alias of `doc` -> the node it refers to, added to `targets`: the last node anchored with its
 * name before it, in stream order (`anchors` holds those of the documents before, and takes this
 * one's). `targets` holds the earlier documents' aliases too: a node of one anchored there may hold
 * an alias of its own document (`&l1 [*l0]` used from a third document).
 */
function anchorTargets(
  doc: Document.Parsed,
  anchors: Map<string, YamlNode>,
  targets: Map<Alias, YamlNode | undefined>,
): void {
  if (!doc.contents) return;
  visit(doc, {
    Node(_key, node) {
      if (isAlias(node)) targets.set(node, anchors.get(node.source));
      else if (node.anchor) anchors.set(node.anchor, node);
    },
  });
}

/**
 * go-yaml's Mark.String() (v4.0.0-rc.4 internal/libyaml/yaml.go:108-120) of a 1-based line and
 * column: `line 3, column 7`, the column left out when it is the first (`m.Column != 0`).
 */
const goMark = (line: number, column: number): string =>
  column === 1 ? `line ${line}` : `line ${line}, column ${column}`;

/**
 * An escape go-yaml refuses, said as yaml says the ones it refuses, with go-yaml's error (scanner.go
 * scanFlowScalar: the context mark is the opening quote).
 */
function escapeProblem(e: EscapeProblem, at: (offset: number, end?: number) => Location): Diagnostic {
  const mark = (offset: number): string => {
    const p = at(offset);
    return goMark(p.line, p.column);
  };
  return diagnostic(
    'yaml-syntax',
    'error',
    `Invalid escape sequence ${e.raw}`,
    at(e.index, e.index + 1),
    '',
    undefined,
    `yaml: while scanning a quoted scalar at ${mark(e.start)}: ${mark(e.mark)}: ${e.problem}`,
  );
}

function cleanMessage(e: YAMLError): string {
  return e.message
    .replace(/ at line \d+, column \d+:?[\s\S]*$/, '')
    .replace(/\s+/g, ' ')
    .trim();
}

/**
 * go-yaml's error for a tab that YAML refuses as indentation: in the continuation of a plain scalar
 * (a value on the line before), "found a tab character that violates indentation" with where the
 * scalar began; at the start of a node, "found character that cannot start any token".
 */
function goTabError(text: string, offset: number): string {
  const lineStart = text.lastIndexOf('\n', offset - 1) + 1;
  const line = lineNumber(text, offset);
  const mark = goMark(line, offset - lineStart + 1);
  // the plain scalar the line would continue: the value of the last content line before it
  let end = lineStart - 1;
  let n = line - 1;
  while (end > 0) {
    const start = text.lastIndexOf('\n', end - 1) + 1;
    const content = text.slice(start, end);
    if (content.trim() !== '' && !/^\s*#/.test(content)) {
      // every part optional: it always matches, at least the empty string
      const lead = /^(\s*(?:-\s+)*)(?:(?:[^\s#'"\-?:][^#]*?|"[^"]*"|'[^']*'):(?:\s+|$))?/.exec(content)?.[0] ?? '';
      const value = content.slice(lead.length).replace(/\s+#.*$/, '');
      if (value !== '' && !/^['"|>{[&*!%@`#]/.test(value))
        return `yaml: while scanning a plain scalar at ${goMark(n, lead.length + 1)}: ${mark}: found a tab character that violates indentation`;
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

function limitExceeded(e: LimitExceeded, where: Location): Diagnostic {
  const d = limitDiagnostic(e.code, e.budget, e.message, where);
  if (e.composeMessage !== undefined) d.composeMessage = e.composeMessage;
  return d;
}
