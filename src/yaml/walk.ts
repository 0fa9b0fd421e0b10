/**
 * The walk of one composed YAML document into a located Tree: a position for every key and value,
 * aliases and `<<` merges expanded under the alias budgets, `!reset` / `!override` recorded.
 */
import { isAlias, isMap, isNode, isSeq, isScalar, isPair } from 'yaml';
import type { Alias, Node as YamlNode, Scalar, YAMLMap } from 'yaml';
import type { Diagnostic, Location } from '../diagnostics.js';
import { diagnostic, formatPath, jsonQuote } from '../diagnostics.js';
import { ensureLocs, setLoc, setSelfLoc, isObject, valueLoc } from './located.js';
import type { Tree, TreeObject } from './located.js';
import { count, LimitExceeded, nodeLimitExceeded, type YamlBudgets } from './scan.js';
import { formatRFC3339Nano, goSyntax, resolvePlain, type Resolved } from './resolve.js';
import { isTagError, resolveTagged, shortTag } from './tagged.js';
import { markExactInt, markFloat } from '../compat/go-int.js';
import { markTime } from '../compat/go-time.js';
import { goSharpV } from '../compat/go.js';
import type { TagMark } from './parse.js';

export const RESET = Symbol('reset');

export interface WalkCounts {
  /** nodes of the document as written */
  nodes: number;
  /** alias references as written */
  aliases: number;
  /** nodes walked again because an alias (or a `<<` merge of one) refers to them */
  aliasNodes: number;
}

export class Walker {
  /** the model path of the node being walked (pushed and popped, never copied but for a mark or an error) */
  private readonly path: (string | number)[] = [];
  /** the anchored nodes being expanded (with the path where that began), to catch an alias inside what it refers to */
  private readonly expanding = new Map<YamlNode, string>();
  /** scalars (and aliases of them) whose Go value a location keeps beside the model's, and the mark they put on it:
   * integers past the safe range, integral floats from 1e6 on (compat/go-int.ts), timestamps (compat/go-time.ts) */
  private readonly kept = new Map<YamlNode, (at: Location | undefined) => void>();
  /** the document holds a NaN, an infinity or a time whose zone is 24 hours or more: compose-go's schema step cannot marshal it */
  jsonRefused = false;
  constructor(
    private readonly file: string,
    private readonly targets: Map<Alias, YamlNode | undefined>,
    private readonly at: (offset: number, end?: number) => Location,
    private readonly limits: YamlBudgets,
    private readonly diagnostics: Diagnostic[],
    private readonly counts: WalkCounts,
  ) {}

  private loc(n: YamlNode | null | undefined): Location | undefined {
    const at = n?.range ? this.at(n.range[0], n.range[1]) : undefined;
    if (this.kept.size > 0 && n) this.kept.get(n)?.(at);
    return at;
  }

  private count(n: YamlNode): void {
    const c = this.counts;
    if (this.expanding.size === 0) {
      if (++c.nodes > this.limits.yamlNodes)
        throw nodeLimitExceeded(this.file, this.limits.yamlNodes, n.range?.[0] ?? 0);
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
      const v = target ? this.expand(target, () => this.node(target, depth, marks)) : null;
      const mark = target && this.kept.get(target);
      if (mark) this.kept.set(n, mark);
      return v;
    }
    const tag = n.tag;
    if (tag === '!reset') {
      marks.push({ path: [...this.path], tag: 'reset' });
      return RESET;
    }
    if (tag === '!override') marks.push({ path: [...this.path], tag: 'override' });
    if (isScalar(n)) {
      const r = this.resolved(n);
      const v = r ? r.value : scalarValue(n);
      if (r?.tag === 'float' && Number.isInteger(r.value) && Math.abs(r.value) >= 1e6)
        this.kept.set(n, (at) => markFloat(at, r.value));
      if (r?.tag === 'timestamp') {
        const rfc3339 = formatRFC3339Nano(r.time);
        this.kept.set(n, (at) => markTime(at, r.value, rfc3339));
        if (Math.abs(r.time.offset ?? 0) >= 86400) this.jsonRefused = true;
      }
      if (typeof v === 'number' && !Number.isSafeInteger(v)) {
        if (!Number.isFinite(v)) this.jsonRefused = true;
        if (r?.tag === 'int') this.kept.set(n, (at) => markExactInt(at, r.big));
      }
      return v;
    }
    if (isSeq(n)) {
      const arr: Tree[] = [];
      setSelfLoc(arr, this.loc(n));
      for (const item of n.items) {
        // a composed sequence holds nodes (an empty item is a null scalar)
        const itemNode = isNode(item) ? item : null;
        this.path.push(arr.length);
        const v = itemNode ? this.node(itemNode, depth + 1, marks) : null;
        this.path.pop();
        if (v === RESET) continue;
        setLoc(arr, arr.length, this.loc(itemNode));
        arr.push(v);
      }
      return arr;
    }
    if (isMap(n)) return this.mapping(n, depth, marks);
    return null;
  }

  /**
   * A plain or tagged scalar as go-yaml resolves it (undefined for an untagged quoted or block
   * scalar: its text); a tagged one go-yaml refuses is reported, and read as null.
   */
  private resolved(n: Scalar): Resolved | undefined {
    const text = typeof n.source === 'string' ? n.source : String(n.value ?? '');
    if (n.tag === undefined) return n.type === 'PLAIN' ? resolvePlain(text) : undefined;
    const r = resolveTagged(n.tag, text, n.type === 'PLAIN');
    if (!isTagError(r)) return r;
    const loc = this.loc(n);
    this.diagnostics.push(
      diagnostic(
        'yaml-tag-value',
        'error',
        `${r.error.replace(/^yaml: /, '')}: write a value of that kind, or no tag`,
        loc,
        formatPath(this.path),
        undefined,
        r.error,
      ),
    );
    return { tag: 'null', value: null };
  }

  /**
   * A mapping or a sequence as a mapping key: go-yaml builds it, then refuses it (constructor.go
   * mapping: "cannot use '%#v' as a map key").
   */
  private collectionKey(keyNode: YamlNode, written: YamlNode | null, at: Location | undefined, depth: number): void {
    const walk = () => this.node(keyNode, depth + 1, []);
    const v = isAlias(written) ? this.expand(keyNode, walk) : walk();
    if (v === RESET) return;
    const path = formatPath(this.path);
    const message = `a ${isSeq(keyNode) ? 'sequence' : 'mapping'} as a key${path === '' ? '' : ` in ${path}`}: a key must be a string`;
    const go = `yaml: cannot use '${goSharpV(v)}' as a map key; try decoding into yaml.Node`;
    this.diagnostics.push(diagnostic('yaml-non-string-key', 'error', message, at, path, undefined, go));
  }

  /** A key written twice in one mapping, in go-yaml's wording, which `docker compose` shows. */
  private duplicate(
    key: string,
    at: Location | undefined,
    first: Location | undefined,
    path: (string | number)[],
  ): void {
    const message = `line ${at?.line}: mapping key ${jsonQuote(key)} already defined at line ${first?.line}`;
    this.diagnostics.push(
      diagnostic('yaml-duplicate-key', 'error', message, at, formatPath([...path, key]), undefined, message),
    );
  }

  private mapping(n: YAMLMap, depth: number, marks: TagMark[]): TreeObject {
    const path = this.path;
    const obj: TreeObject = {};
    ensureLocs(obj);
    setSelfLoc(obj, this.loc(n));
    const merges: YamlNode[] = [];
    /** where the first `<<` merge key is */
    let mergeAt: Location | undefined;
    let byValue: Map<string, Location | undefined> | undefined; // keys by their Value, once an alias is one
    for (const pair of n.items) {
      if (!isPair(pair)) continue;
      // a composed pair holds nodes, or null for an empty key or value
      const written = isNode(pair.key) ? pair.key : null;
      const keyPos = this.loc(written);
      // an alias as a key is read as its target (constructor.go mapping constructs the key node)
      const keyNode = isAlias(written) ? this.target(written) : written;
      if (keyNode === undefined) continue; // reported
      if (keyNode && !isScalar(keyNode)) {
        this.collectionKey(keyNode, written, keyPos, depth);
        continue;
      }
      const reported = this.diagnostics.length;
      const resolvedKey = isScalar(keyNode) ? this.resolved(keyNode) : undefined;
      // a tagged key go-yaml refuses: reported, and the rest of the pair unread
      if (this.diagnostics.length > reported) continue;
      // constructor.go isMerge: a scalar key (no alias) whose tag, given or resolved, is !!merge
      const merge =
        isScalar(written) &&
        (written.tag === undefined || written.tag === '!'
          ? resolvedKey?.tag === 'merge'
          : shortTag(written.tag) === '!!merge');
      const key = merge ? '<<' : resolvedKey ? keyText(resolvedKey) : keyString(keyNode);
      // compose-go's reset.go resolveContainer refuses a key written twice, `<<` too (go-yaml would merge both)
      const first =
        key === '<<' ? (mergeAt ?? (Object.hasOwn(obj, key) ? ensureLocs(obj).key(key) : undefined)) : undefined;
      if (first) {
        this.duplicate(key, keyPos, first, path);
        continue;
      }
      if (merge) {
        mergeAt = keyPos;
        if (isNode(pair.value)) merges.push(pair.value);
        continue;
      }
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
      // compose-go's reset.go resolveContainer tells keys apart by their node's Value, an alias's
      // name for an alias; keys of two Values that read the same: the later wins (go-yaml's
      // SetMapIndex). Until an alias is a key, a key's Value is what it reads.
      if (isAlias(written) && !byValue) {
        byValue = new Map();
        for (const k of Object.keys(obj)) byValue.set(k, ensureLocs(obj).key(k));
      }
      if (byValue) {
        const value = isAlias(written) ? written.source : key;
        if (byValue.has(value)) {
          this.duplicate(value, keyPos, byValue.get(value), path);
          continue;
        }
        byValue.set(value, keyPos);
      } else if (Object.hasOwn(obj, key)) {
        this.duplicate(key, keyPos, ensureLocs(obj).key(key), path);
        continue;
      }
      const valueNode = isNode(pair.value) ? pair.value : null;
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
        // the target peeked at: a sequence
        if (isSeq(list)) sources = list.items.filter(isNode);
      } else if (peek === m && isSeq(m)) sources = m.items.filter(isNode);
      const walk = (): void => {
        for (const src of sources) {
          const v = this.node(src, depth, marks);
          // an alias to what is being expanded: reported as such already
          const target = isAlias(src) ? this.targets.get(src) : undefined;
          if (target && this.expanding.has(target)) continue;
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
            setLoc(obj, k, valueLoc(v, k), ensureLocs(v).key(k));
          }
        }
      };
      if (list) this.expand(list, walk);
      else walk();
    }
    return obj;
  }
}

function keyString(k: Scalar | null): string {
  const v = k === null ? '' : scalarValue(k);
  return v === null ? 'null' : typeof v === 'number' ? goSyntax({ tag: 'float', value: v }) : String(v);
}

/** A resolved key's text (Go's fmt of it, for a key that is no string and so refused). */
function keyText(r: Resolved): string {
  return r.value === null
    ? 'null'
    : typeof r.value === 'number'
      ? goSyntax({ tag: 'float', value: r.value })
      : String(r.value);
}

/** An untagged quoted or block scalar's value, as `yaml` reads it (its text). */
function scalarValue(n: Scalar): string | number | boolean | null {
  const v = n.value;
  if (typeof v === 'bigint') return Number(v);
  if (v === undefined || v === null) return null;
  if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') return v;
  return String(v);
}
