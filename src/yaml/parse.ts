/**
 * YAML text -> located Trees (src/yaml/located.ts), one per document, with every problem as a
 * positioned Diagnostic. We walk yaml's Document AST ourselves (instead of toJS) to keep a position
 * for every key and value, to expand aliases under a budget (YAML bombs), and to record the
 * Compose tags `!reset` / `!override`.
 */
import { parseAllDocuments, LineCounter, isAlias, isMap, isSeq, isScalar, isPair, Scalar } from 'yaml';
import type { Node as YamlNode, Document, YAMLError } from 'yaml';
import type { Diagnostic, Location } from '../diagnostics.js';
import { diagnostic, formatPath } from '../diagnostics.js';
import { ensureLocs, setLoc, setSelfLoc, isObject, valueLoc } from './located.js';
import type { Tree, TreeObject } from './located.js';

export interface YamlLimits {
  /** bytes of one file */
  maxFileBytes: number;
  /** nesting depth of collections */
  maxDepth: number;
  /** nodes produced by one document, counting every alias expansion (billion laughs guard) */
  maxNodes: number;
  /** alias references in one document */
  maxAliases: number;
}

export const DEFAULT_YAML_LIMITS: YamlLimits = {
  maxFileBytes: 4 << 20,
  maxDepth: 128,
  maxNodes: 200_000,
  maxAliases: 10_000,
};

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
    message: string,
    readonly offset: number,
  ) {
    super(message);
  }
}

/** Quick linear pre-scan so a 100,000-level flow nesting never reaches the (recursive) parser. */
function flowDepth(text: string, max: number): number {
  let depth = 0;
  let quote = '';
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (quote) {
      if (text[i] === quote) quote = '';
      else if (c === 10) quote = ''; // a quote we misread never hides a whole file
      continue;
    }
    if (c === 91 || c === 123) {
      if (++depth > max) return i;
    } else if (c === 93 || c === 125) {
      if (depth > 0) depth--;
    } else if (c === 34 || c === 39) quote = text[i];
    else if (c === 35 && (i === 0 || text.charCodeAt(i - 1) === 32 || text.charCodeAt(i - 1) === 10)) {
      while (i < text.length && text.charCodeAt(i) !== 10) i++;
    }
  }
  return -1;
}

export function parseYaml(text: string, file: string, limits: YamlLimits = DEFAULT_YAML_LIMITS): ParsedYaml {
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
  if (bytes > limits.maxFileBytes) {
    out.diagnostics.push(
      diagnostic(
        'yaml-size-limit',
        'error',
        `file is ${bytes} bytes, over the limit of ${limits.maxFileBytes}`,
        { file, line: 1, column: 1 },
        '',
      ),
    );
    return out;
  }
  const tooDeep = flowDepth(text, limits.maxDepth);
  let docs: Document.Parsed[];
  try {
    if (tooDeep >= 0)
      throw new LimitExceeded('yaml-depth-limit', `nesting deeper than ${limits.maxDepth} levels`, tooDeep);
    docs = parseAllDocuments(text, {
      lineCounter: lc,
      merge: false,
      uniqueKeys: false,
      prettyErrors: false,
      strict: true,
      stringKeys: false,
    }) as Document.Parsed[];
    if (!Array.isArray(docs)) docs = [docs as unknown as Document.Parsed];
  } catch (e) {
    if (e instanceof LimitExceeded) {
      lc.addNewLine(0);
      for (let i = 0; i < Math.min(e.offset, text.length); i++) if (text.charCodeAt(i) === 10) lc.addNewLine(i + 1);
      out.diagnostics.push(diagnostic(e.code, 'error', e.message, at(e.offset), ''));
    } else
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
  for (const doc of docs) {
    const problems = [
      ...doc.errors.map((e) => [e, 'error'] as const),
      ...doc.warnings.map((w) => [w, 'warning'] as const),
    ];
    let fatal = false;
    for (const [e, sev] of problems) {
      const tag = e.code === 'TAG_RESOLVE_FAILED' ? /tag: (\S+)/.exec(e.message)?.[1] : undefined;
      if (tag && COMPOSE_TAGS.has(tag)) continue;
      const code = /end with a/.test(e.message) ? 'yaml-syntax' : (YAML_CODES[e.code] ?? 'yaml-syntax');
      // An unknown tag is an error: compose-go refuses what it cannot decode.
      const severity = code === 'yaml-unknown-tag' ? 'error' : sev;
      if (severity === 'error') fatal = true;
      const message =
        e.code === 'DUPLICATE_KEY'
          ? `duplicate key ${JSON.stringify(text.slice(e.pos[0], e.pos[1]).trim())}: mapping keys must be unique`
          : cleanMessage(e);
      out.diagnostics.push(diagnostic(code, severity, message, at(e.pos[0], e.pos[1]), ''));
    }
    const start = at(doc.range[0]);
    if (fatal) continue;
    try {
      const walker = new Walker(doc, at, limits, out.diagnostics);
      const marks: TagMark[] = [];
      const tree = doc.contents ? walker.node(doc.contents as YamlNode, [], 0, marks) : undefined;
      out.documents.push({ tree: tree === RESET ? undefined : tree, marks, start });
    } catch (e) {
      if (e instanceof LimitExceeded) out.diagnostics.push(diagnostic(e.code, 'error', e.message, at(e.offset), ''));
      else if (e instanceof RangeError)
        out.diagnostics.push(diagnostic('yaml-depth-limit', 'error', 'document nested too deeply', start, ''));
      else throw e;
    }
  }
  return out;
}

function cleanMessage(e: YAMLError): string {
  return e.message
    .replace(/ at line \d+, column \d+:?[\s\S]*$/, '')
    .replace(/\s+/g, ' ')
    .trim();
}

const RESET = Symbol('reset');

class Walker {
  private nodes = 0;
  private aliases = 0;
  constructor(
    private readonly doc: Document.Parsed,
    private readonly at: (offset: number, end?: number) => Location,
    private readonly limits: YamlLimits,
    private readonly diagnostics: Diagnostic[],
  ) {}

  private loc(n: YamlNode | null | undefined): Location | undefined {
    return n?.range ? this.at(n.range[0], n.range[1]) : undefined;
  }

  /** Returns the Tree for `n`, or RESET when the node carries `!reset`. */
  node(
    n: YamlNode,
    path: (string | number)[],
    depth: number,
    marks: TagMark[],
    seen: Set<YamlNode> = new Set(),
  ): Tree | typeof RESET {
    if (++this.nodes > this.limits.maxNodes)
      throw new LimitExceeded(
        'yaml-alias-limit',
        `excessive aliasing: the document expands to more than ${this.limits.maxNodes} nodes`,
        n.range?.[0] ?? 0,
      );
    if (depth > this.limits.maxDepth)
      throw new LimitExceeded(
        'yaml-depth-limit',
        `nesting deeper than ${this.limits.maxDepth} levels`,
        n.range?.[0] ?? 0,
      );
    if (isAlias(n)) {
      if (++this.aliases > this.limits.maxAliases)
        throw new LimitExceeded(
          'yaml-alias-limit',
          `excessive aliasing: more than ${this.limits.maxAliases} alias references`,
          n.range?.[0] ?? 0,
        );
      const target = n.resolve(this.doc) as YamlNode | undefined;
      if (!target) {
        this.diagnostics.push(
          diagnostic('yaml-syntax', 'error', `unknown alias *${n.source}`, this.loc(n), formatPath(path)),
        );
        return null;
      }
      if (seen.has(target)) {
        this.diagnostics.push(
          diagnostic('yaml-syntax', 'error', `alias *${n.source} refers to itself`, this.loc(n), formatPath(path)),
        );
        return null;
      }
      const s = new Set(seen).add(target);
      return this.node(target, path, depth, marks, s);
    }
    const tag = (n as { tag?: string }).tag;
    if (tag === '!reset') {
      marks.push({ path: [...path], tag: 'reset' });
      return RESET;
    }
    if (tag === '!override') marks.push({ path: [...path], tag: 'override' });
    if (isScalar(n)) return scalarValue(n);
    if (isSeq(n)) {
      const arr: Tree[] = [];
      setSelfLoc(arr, this.loc(n));
      for (const item of n.items) {
        const v = this.node(item as YamlNode, [...path, arr.length], depth + 1, marks, seen);
        if (v === RESET) continue;
        setLoc(arr, arr.length, this.loc(item as YamlNode));
        arr.push(v);
      }
      return arr;
    }
    if (isMap(n)) {
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
        if (isScalar(keyNode) && typeof scalarValue(keyNode) !== 'string') {
          // compose-go convertToStringKeysRecursive refuses mapping keys that YAML reads as numbers, booleans or null
          const prefix = path.reduce<string>(
            (acc, seg) => (typeof seg === 'number' ? `${acc}[${seg}]` : acc === '' ? seg : `${acc}.${seg}`),
            '',
          );
          this.diagnostics.push(
            diagnostic(
              'yaml-non-string-key',
              'error',
              `non-string key ${prefix === '' ? 'at top level' : `in ${prefix}`}: ${key === 'null' ? '<nil>' : key}`,
              keyPos,
              formatPath([...path, key]),
              `quote the key: "${key}"`,
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
          this.diagnostics.push(
            diagnostic(
              'yaml-duplicate-key',
              'error',
              `line ${keyPos?.line}: mapping key ${JSON.stringify(key)} already defined at line ${first?.line}`,
              keyPos,
              formatPath([...path, key]),
            ),
          );
          continue;
        }
        const valueNode = pair.value as YamlNode | null;
        const v = valueNode ? this.node(valueNode, [...path, key], depth + 1, marks, seen) : null;
        if (v === RESET) continue;
        obj[key] = v;
        setLoc(obj, key, (valueNode && this.loc(valueNode)) ?? keyPos, keyPos);
      }
      // `<<` merge keys: explicit keys win, then earlier merged mappings win over later ones.
      for (const m of merges) {
        const target = isAlias(m) ? ((m.resolve(this.doc) as YamlNode | undefined) ?? m) : m;
        const sources = isSeq(target) ? (target.items as YamlNode[]) : [m];
        for (const src of sources) {
          const v = this.node(src, path, depth, marks, seen);
          if (!isObject(v)) {
            this.diagnostics.push(
              diagnostic(
                'yaml-syntax',
                'error',
                'map merge requires map or sequence of maps as the value',
                this.loc(src),
                formatPath(path),
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
      }
      return obj;
    }
    return null;
  }
}

function keyString(k: YamlNode | null): string {
  if (k === null) return '';
  if (isScalar(k)) {
    const v = scalarValue(k);
    return v === null ? 'null' : String(v);
  }
  return String((k as { toJSON?: () => unknown }).toJSON?.() ?? '');
}

/** go-yaml v3 reads a plain `0440` as octal (strconv.ParseInt base 0); YAML 1.2 core reads 440. */
function scalarValue(n: Scalar): string | number | boolean | null {
  const v = n.value;
  if (typeof v === 'number' && n.type === 'PLAIN' && typeof n.source === 'string' && /^[-+]?0[0-7]+$/.test(n.source)) {
    return parseInt(n.source, 8);
  }
  if (typeof v === 'bigint') return Number(v);
  if (v === undefined) return null;
  if (typeof v === 'object' && v !== null) return String(v);
  return v as string | number | boolean | null;
}
