/**
 * The common shape of a Compose file read straight into a located Tree, in one pass over the text:
 * block mappings and sequences, single-line plain and quoted scalars, literal and folded block
 * scalars (src/yaml/fast-block.ts), single-line flow collections of scalars and aliases, anchors,
 * aliases and `<<` merge keys (expanded as the whole way's walk expands them), Compose's `!reset`
 * and `!override` (src/yaml/fast-tags.ts), a `---` before the content, comments and blank lines.
 * Anything else (other tags, multi-line plain or quoted scalars, explicit keys, more documents,
 * tabs, CR, a key that is not a string, a duplicate, an unknown or cyclic alias, a budget nearly
 * reached, any doubt) returns undefined, and the file goes the whole way (yaml's lexer, parser
 * and composer, then our walk), which also gives every diagnostic: a file read here has none.
 *
 * Every location is the one the whole way gives: yaml's range of the node, whose end for a
 * collection is where its last value's node ends, trailing comments included, as yaml's parser
 * hands them out (see `skipLines` and `close`). test/fastparse.test.ts compares both ways over every
 * YAML file of fixtures/, the attack inputs and mutations of them.
 */
import {
  AMP,
  COLON,
  DASH,
  FALLBACK,
  HASH,
  NL,
  SPACE,
  STAR,
  commentRun,
  located,
  mergeInto,
  odd,
  plainStart,
} from './fast-text.js';
import { cloneTree, type Tree, type TreeObject } from './located.js';
import { RESET_VALUE, TaggedText } from './fast-tags.js';
import { keptBeside, plainTag, plainValue } from './resolve.js';
import type { YamlBudgets } from './scan.js';
import type { YamlDocument } from './parse.js';

/**
 * The deepest nesting read here, whatever yamlDepth allows: the reader recurses once a level, and
 * deeper files (none in the corpus passes 12) go the whole way, which diagnoses its own limits.
 */
const FAST_DEPTH = 64;

export class FastReader extends TaggedText {
  /** indentation of the content line `pos` is on, -1 at the end of the text */
  private indent = 0;
  /** comments after the last value, not attached to it, wait to be kept by a collection being closed */
  private pending = false;
  /** the deepest column of those comments, and where they end (the next content's offset) */
  private pendingCol = -1;
  private pendingEnd = 0;
  private nodes = 0;
  /** alias references as written, and the nodes they copy */
  private aliases = 0;
  private copied = 0;
  /** the anchors read: the nodes read under each (aliases in them expanded), and its height */
  private readonly anchors = new Map<string, { tree: Tree; nodes: number; height: number }>();
  /** the depth of the collection whose value is being read, and the deepest reached (copies included) */
  private depth = 0;
  private deepest = 0;
  /** the anchors whose node is being read */
  private readonly open = new Set<string>();
  /** where the document's `---` is, -1 without one */
  private docStart = -1;

  constructor(
    text: string,
    file: string,
    private readonly limits: YamlBudgets,
  ) {
    super(text, file);
  }

  /** The document, or undefined when the text is not of the shape read here. */
  read(): YamlDocument | undefined {
    try {
      this.skipLines(-1, true);
      if (this.indent !== 0) return undefined;
      // the document starts at its `---`, or else at its content
      const start = this.at(this.docStart < 0 ? this.pos : this.docStart);
      const tree = this.block(0, 0);
      // the whole text read: nothing after the top-level collection
      if (!this.ended()) return undefined;
      return { tree, marks: this.marks, start };
    } catch (e) {
      // a stack overflow too (FAST_DEPTH keeps far from it): the whole way has its own answer
      if (e === FALLBACK || e instanceof RangeError) return undefined;
      throw e;
    }
  }

  protected anchoring(): boolean {
    return this.open.size > 0;
  }

  private ended(): boolean {
    return this.indent < 0;
  }

  protected count(): void {
    if (++this.nodes > this.limits.yamlNodes) throw FALLBACK;
  }

  /**
   * From the start of a line, past blank and comment lines to the next content (this.pos, this.indent)
   * or the end of the text (indent -1). After a value (`attachCol` >= 0, the column of the
   * collection it is in), comments deeper than that column go to the value's node end, as yaml's
   * parser attaches them, until a comment that is not; those wait in `pending`.
   */
  private skipLines(attachCol: number, docStart = false): void {
    const t = this.text;
    let attaching = attachCol >= 0;
    let col = -1;
    for (;;) {
      let i = this.pos;
      while (t.charCodeAt(i) === SPACE) i++;
      const c = t.charCodeAt(i);
      if (i >= this.n) {
        this.pos = i;
        this.indent = -1;
        break;
      }
      if (c === NL) {
        this.newline(i + 1);
        continue;
      }
      if (c === HASH) {
        const nl = t.indexOf('\n', i);
        const e = nl < 0 ? this.n : nl + 1;
        for (let j = i + 1; j < e - 1; j++) if (odd(t.charCodeAt(j))) throw FALLBACK;
        const column = i - this.pos;
        if (attaching && column > attachCol) this.end = e;
        else {
          attaching = false;
          if (column > col) col = column;
        }
        if (nl < 0) {
          this.pos = this.n;
          this.indent = -1;
          break;
        }
        this.newline(e);
        continue;
      }
      if (odd(c)) throw FALLBACK;
      this.indent = i - this.pos;
      this.pos = i;
      // a document marker or a directive line: the whole way, but for a `---` line before the content
      if (this.indent === 0 && (c === DASH || c === 46 || c === 37)) {
        const three = t.startsWith('---', i) || t.startsWith('...', i);
        const after = t.charCodeAt(i + 3);
        if (c === 37 || (three && (after === SPACE || after === NL || i + 3 >= this.n))) {
          if (!docStart || c !== DASH) throw FALLBACK;
          docStart = false;
          this.docStart = i;
          this.pos = i + 3;
          this.lineEnd();
          continue;
        }
      }
      break;
    }
    this.pending = col >= 0;
    this.pendingCol = col;
    this.pendingEnd = this.pos;
  }

  /**
   * The node ends of a collection at `col` being closed: its own end (range[1]) is its last value's
   * node end; comments left after it as deep as its column stay in it (yaml's parser moves them to
   * the parent only when shallower), which makes its node end theirs.
   */
  private close(col: number): number {
    const own = this.end;
    if (this.pending && col !== 0 && this.pendingCol >= col) {
      this.pending = false;
      this.end = this.pendingEnd;
    }
    return own;
  }

  /** A block mapping or sequence starting at this.pos, at column `col` (its location left in this.valueLoc). */
  private block(col: number, depth: number): Tree {
    // recursion: a raised yamlDepth must not take the reader to the stack's end
    if (depth + 2 >= Math.min(this.limits.yamlDepth, FAST_DEPTH)) throw FALLBACK;
    if (depth > this.deepest) this.deepest = depth;
    return this.seqItem() ? this.sequence(col, depth) : this.mapping(col, depth);
  }

  /** this.pos is on a sequence's `-` (followed by a space, the newline or the end) */
  private seqItem(): boolean {
    const t = this.text;
    const after = t.charCodeAt(this.pos + 1);
    return t.charCodeAt(this.pos) === DASH && (after === SPACE || after === NL || this.pos + 1 >= this.n);
  }

  private mapping(col: number, depth: number): TreeObject {
    this.count();
    const t = this.text;
    const obj: TreeObject = {};
    const locs = located(obj, false);
    const start = this.pos;
    let merges: Tree[] | undefined;
    for (;;) {
      // the key, on this line
      const keyStart = this.pos;
      const c = t.charCodeAt(keyStart);
      let key: string;
      let keyEnd: number;
      let merge = false;
      if (c === 34 || c === 39) {
        key = this.quoted(c);
        keyEnd = this.pos;
        while (t.charCodeAt(this.pos) === SPACE) this.pos++;
        if (t.charCodeAt(this.pos) !== COLON) throw FALLBACK;
      } else {
        if (!plainStart(c, t.charCodeAt(keyStart + 1))) throw FALLBACK;
        keyEnd = this.plain(false);
        if (t.charCodeAt(this.pos) !== COLON) throw FALLBACK;
        key = t.slice(keyStart, keyEnd);
        // a key YAML reads as a number, boolean or null: reported by the whole way
        const tag = plainTag(key);
        merge = tag === 'merge';
        if (tag !== 'str' && !merge) throw FALLBACK;
      }
      // `:` must end the key here: followed by a space or the end of the line
      const afterColon = t.charCodeAt(this.pos + 1);
      if (!(afterColon === SPACE || afterColon === NL || this.pos + 1 >= this.n)) throw FALLBACK;
      if (this.pos - keyStart > 1000 || key === '__proto__' || Object.hasOwn(obj, key)) throw FALLBACK;
      // a second `<<` (compose-go refuses it): diagnosed by the whole way
      if (key === '<<' && merges) throw FALLBACK;
      this.count();
      const keyPos = this.here(keyStart, keyEnd);
      this.pos++;
      this.path.push(key);
      this.merging += merge ? 1 : 0;
      const value = this.value(col, depth, true);
      this.merging -= merge ? 1 : 0;
      this.path.pop();
      if (merge) (merges ??= []).push(value as Tree);
      else if (value !== RESET_VALUE) {
        obj[key] = value;
        locs.add(key, this.valueLoc, keyPos);
      }
      if (this.indent === col) continue;
      if (this.indent > col) throw FALLBACK;
      if (merges) mergeInto(obj, locs, merges);
      const end = this.close(col);
      this.valueLoc = locs.self = this.at(start, end);
      return obj;
    }
  }

  private sequence(col: number, depth: number): Tree[] {
    this.count();
    const arr: Tree[] = [];
    const locs = located(arr, true);
    const start = this.pos;
    for (;;) {
      this.pos++; // the `-`
      this.path.push(arr.length);
      const item = this.value(col, depth, false);
      this.path.pop();
      if (item !== RESET_VALUE) {
        locs.set(arr.length, this.valueLoc, undefined);
        arr.push(item);
      }
      if (this.indent === col) {
        if (this.seqItem()) continue;
      } else if (this.indent > col) throw FALLBACK;
      const end = this.close(col);
      this.valueLoc = locs.self = this.at(start, end);
      return arr;
    }
  }

  /**
   * The value after a key's `:` or a sequence's `-` (this.pos just after it), in a collection at
   * column `col`; leaves this.pos at the next content line.
   */
  private value(col: number, depth: number, inMapping: boolean): Tree | typeof RESET_VALUE {
    this.spaces();
    const c = this.text.charCodeAt(this.pos);
    if (c === 33) return this.tagged(col, depth, inMapping);
    if (c !== AMP) return this.bare(col, depth, inMapping, false);
    // `&name value`: what the name stands for from here on, once its node is read
    const name = this.name();
    if (this.open.has(name)) throw FALLBACK;
    this.open.add(name);
    const before = this.nodes;
    const outer = this.deepest;
    this.deepest = depth;
    this.spaces();
    const v = this.bare(col, depth, inMapping, true);
    this.open.delete(name);
    this.anchors.set(name, { tree: v, nodes: this.nodes - before, height: this.deepest - depth });
    if (outer > this.deepest) this.deepest = outer;
    return v;
  }

  /** The value of `value`, its anchor (`anchored`) read. */
  protected bare(col: number, depth: number, inMapping: boolean, anchored: boolean): Tree {
    const t = this.text;
    const at = this.pos;
    // comments between the last value and this item's indicator, not yet kept by a collection
    const commentsBefore = this.pending;
    const c = t.charCodeAt(at);
    this.depth = depth;
    if (at >= this.n || c === NL || c === HASH) {
      // the value starts on a later line, or there is none
      if (c === HASH) this.comment();
      const run = c === NL ? commentRun(t, this.pos + 1) : undefined;
      if (this.pos < this.n) this.newline(this.pos + 1);
      this.skipLines(-1);
      const k = this.indent;
      const dash = k >= 0 && this.seqItem();
      if (k > col || (inMapping && k === col && dash)) return this.block(k, depth + 1);
      // empty: yaml places it after the indicator and the spaces after it; the comment lines right
      // after it, whatever their column, make its node end; comments after a blank line, or before
      // its indicator for the collection it ends (`- a\n#\n-\n`), the whole way has
      const comments = this.pendingCol >= 0;
      if (c === HASH || (comments && run!.later) || commentsBefore || anchored) throw FALLBACK;
      this.count();
      this.valueLoc = this.at(at);
      // a line that closes the collection (less indented, or none) ends it past its indentation, as
      // the whole way ends it; one that goes on with it, at its start
      this.end = comments ? (k < col ? run!.past : run!.end) : at;
      this.pending = false;
      return null;
    }
    let v: Tree;
    if ((c === 124 || c === 62) && !anchored) {
      this.count();
      v = this.blockScalar(col);
      this.end = this.pos;
      this.skipLines(col);
      return v;
    }
    if (c === 91 || c === 123) v = this.flow(c === 123);
    else if (c === STAR && !anchored) v = this.alias();
    else if (c === 34 || c === 39) {
      this.count();
      v = this.quoted(c);
      this.valueLoc = this.here(at, this.pos);
    } else {
      if (!plainStart(c, t.charCodeAt(at + 1))) throw FALLBACK;
      const end = this.plain(false);
      if (t.charCodeAt(this.pos) === COLON) {
        // `- key: value`: a mapping in the sequence, at the key's column
        if (inMapping || anchored) throw FALLBACK;
        this.pos = at;
        return this.block(at - this.lineStarts[this.lineStarts.length - 1], depth + 1);
      }
      this.count();
      const text = t.slice(at, end);
      v = plainValue(text);
      // the whole way's: NaN (and infinities) the schema refuses, values kept beside their location
      if (keptBeside(v, text)) throw FALLBACK;
      this.valueLoc = this.here(at, end);
    }
    if (t.charCodeAt(this.pos) === COLON) {
      if (inMapping || anchored || c === STAR) throw FALLBACK;
      // `- "key": value`
      this.pos = at;
      return this.block(at - this.lineStarts[this.lineStarts.length - 1], depth + 1);
    }
    this.lineEnd();
    this.skipLines(col);
    return v;
  }

  /**
   * `*name`: a copy of what the name stands for, as the whole way's walk makes one (its locations
   * those of the anchored node's text; its own place the alias's); counted against the alias budgets.
   */
  protected alias(): Tree {
    const at = this.pos;
    const name = this.name();
    const target = this.anchors.get(name);
    // an unknown alias, or one inside its own anchor's node: reported by the whole way
    if (!target || this.open.has(name)) throw FALLBACK;
    // the whole way walks the copy where the alias is: as deep as the anchored node's height below it
    // (one more for a flow collection's item)
    const deepest = this.depth + 1 + target.height;
    if (deepest + 3 >= Math.min(this.limits.yamlDepth, FAST_DEPTH)) throw FALLBACK;
    if (deepest > this.deepest) this.deepest = deepest;
    this.count();
    this.nodes += target.nodes;
    this.copied += target.nodes;
    if (++this.aliases > this.limits.yamlAliases || this.copied > this.limits.aliasNodes) throw FALLBACK;
    this.valueLoc = this.here(at, this.pos);
    const v = target.tree;
    return typeof v === 'object' && v !== null ? cloneTree(v) : v;
  }
}
