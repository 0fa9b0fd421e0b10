/**
 * The common shape of a Compose file read straight into a located Tree, in one pass over the text:
 * block mappings and sequences, single-line plain and quoted scalars, single-line flow collections
 * of scalars, comments and blank lines. Anything else (anchors, aliases, tags, block scalars,
 * multi-line scalars, explicit keys, documents markers, tabs, CR, a key that is not a string, a
 * duplicate, any doubt) returns undefined, and the file goes the whole way (yaml's lexer, parser
 * and composer, then our walk), which also gives every diagnostic: a file read here has none.
 *
 * Every location is the one the whole way gives: yaml's range of the node, whose end for a
 * collection is where its last value's node ends, trailing comments included, as yaml's parser
 * hands them out (see `skipLines` and `close`). test/fastparse.test.ts compares both ways over every
 * YAML file of fixtures/, the attack inputs and mutations of them.
 */
import type { Location } from '../diagnostics.js';
import { COLON, DASH, FALLBACK, HASH, LineText, NL, SPACE, odd, plainStart } from './fast-text.js';
import { Locs, LOC, type Tree, type TreeObject } from './located.js';
import { resolvePlain } from './resolve.js';
import type { YamlBudgets } from './scan.js';
import type { YamlDocument } from './parse.js';

export class FastReader extends LineText {
  /** indentation of the content line `pos` is on, -1 at the end of the text */
  private indent = 0;
  /** yaml's node end (range[2]) of the last value read */
  private end = 0;
  /** comments after the last value, not attached to it, wait to be kept by a collection being closed */
  private pending = false;
  /** the deepest column of those comments, and where they end (the next content's offset) */
  private pendingCol = -1;
  private pendingEnd = 0;
  private nodes = 0;
  /** the location of the last value read */
  private valueLoc: Location | undefined = undefined;

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
      this.skipLines(-1);
      if (this.indent !== 0) return undefined;
      const start = this.at(this.pos);
      const tree = this.block(0, 0);
      // the whole text read: nothing after the top-level collection
      if (!this.ended()) return undefined;
      return { tree, marks: [], start };
    } catch (e) {
      if (e === FALLBACK) return undefined;
      throw e;
    }
  }

  private ended(): boolean {
    return this.indent < 0;
  }

  private count(): void {
    if (++this.nodes > this.limits.yamlNodes) throw FALLBACK;
  }

  /**
   * From the start of a line, past blank and comment lines to the next content (this.pos, this.indent)
   * or the end of the text (indent -1). After a value (`attachCol` >= 0, the column of the
   * collection it is in), comments deeper than that column go to the value's node end, as yaml's
   * parser attaches them, until a comment that is not; those wait in `pending`.
   */
  private skipLines(attachCol: number): void {
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
      // a document marker or a directive line: the whole way
      if (this.indent === 0 && (c === DASH || c === 46 || c === 37)) {
        const three = t.startsWith('---', i) || t.startsWith('...', i);
        const after = t.charCodeAt(i + 3);
        if (c === 37 || (three && (after === SPACE || after === NL || i + 3 >= this.n))) throw FALLBACK;
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
    if (depth + 2 >= this.limits.yamlDepth) throw FALLBACK;
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
    const locs = new Locs(false);
    const start = this.pos;
    for (;;) {
      // the key, on this line
      const keyStart = this.pos;
      const c = t.charCodeAt(keyStart);
      let key: string;
      let keyEnd: number;
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
        // a key YAML reads as a number, boolean, null or a merge: reported by the whole way
        if (resolvePlain(key).tag !== 'str') throw FALLBACK;
      }
      // `:` must end the key here: followed by a space or the end of the line
      const afterColon = t.charCodeAt(this.pos + 1);
      if (!(afterColon === SPACE || afterColon === NL || this.pos + 1 >= this.n)) throw FALLBACK;
      if (this.pos - keyStart > 1000 || key === '__proto__' || Object.hasOwn(obj, key)) throw FALLBACK;
      this.count();
      const keyPos = this.here(keyStart, keyEnd);
      this.pos++;
      const value = this.value(col, depth, true);
      obj[key] = value;
      locs.set(key, this.valueLoc, keyPos);
      if (this.indent === col) continue;
      if (this.indent > col) throw FALLBACK;
      const end = this.close(col);
      this.valueLoc = locs.self = this.at(start, end);
      Object.defineProperty(obj, LOC, { value: locs, enumerable: false, writable: true, configurable: true });
      return obj;
    }
  }

  private sequence(col: number, depth: number): Tree[] {
    this.count();
    const arr: Tree[] = [];
    const locs = new Locs(true);
    const start = this.pos;
    for (;;) {
      this.pos++; // the `-`
      const item = this.value(col, depth, false);
      locs.set(arr.length, this.valueLoc, undefined);
      arr.push(item);
      if (this.indent === col) {
        if (this.seqItem()) continue;
      } else if (this.indent > col) throw FALLBACK;
      const end = this.close(col);
      this.valueLoc = locs.self = this.at(start, end);
      Object.defineProperty(arr, LOC, { value: locs, enumerable: false, writable: true, configurable: true });
      return arr;
    }
  }

  /**
   * The value after a key's `:` or a sequence's `-` (this.pos just after it), in a collection at
   * column `col`; leaves this.pos at the next content line.
   */
  private value(col: number, depth: number, inMapping: boolean): Tree {
    const t = this.text;
    while (t.charCodeAt(this.pos) === SPACE) this.pos++;
    const at = this.pos;
    const c = t.charCodeAt(at);
    if (at >= this.n || c === NL || c === HASH) {
      // the value starts on a later line, or there is none
      if (c === HASH) this.comment();
      if (this.pos < this.n) this.newline(this.pos + 1);
      this.skipLines(-1);
      const k = this.indent;
      const dash = k >= 0 && this.seqItem();
      if (k > col || (inMapping && k === col && dash)) return this.block(k, depth + 1);
      // empty: yaml places it after the indicator and the spaces after it, and a comment before the
      // next content would make its node end (the whole way has it)
      if (c === HASH || this.pendingCol >= 0) throw FALLBACK;
      this.count();
      this.valueLoc = this.at(at);
      this.end = at;
      return null;
    }
    let v: Tree;
    if (c === 91 || c === 123) v = this.flow(c === 123);
    else if (c === 34 || c === 39) {
      this.count();
      v = this.quoted(c);
      this.valueLoc = this.here(at, this.pos);
    } else {
      if (!plainStart(c, t.charCodeAt(at + 1))) throw FALLBACK;
      const end = this.plain(false);
      if (t.charCodeAt(this.pos) === COLON) {
        // `- key: value`: a mapping in the sequence, at the key's column
        if (inMapping) throw FALLBACK;
        this.pos = at;
        return this.block(at - this.lineStarts[this.lineStarts.length - 1], depth + 1);
      }
      this.count();
      v = resolvePlain(t.slice(at, end)).value;
      this.valueLoc = this.here(at, end);
    }
    if (t.charCodeAt(this.pos) === COLON) {
      if (inMapping) throw FALLBACK;
      // `- "key": value`
      this.pos = at;
      return this.block(at - this.lineStarts[this.lineStarts.length - 1], depth + 1);
    }
    this.lineEnd();
    this.skipLines(col);
    return v;
  }

  /** After a value on its line: spaces, a comment, the newline; the value's node end is past them. */
  private lineEnd(): void {
    const t = this.text;
    const before = this.pos;
    while (t.charCodeAt(this.pos) === SPACE) this.pos++;
    const c = t.charCodeAt(this.pos);
    if (c === HASH && this.pos > before) this.comment();
    else if (this.pos < this.n && c !== NL) throw FALLBACK;
    if (this.pos < this.n) {
      this.newline(this.pos + 1);
      this.end = this.pos;
    } else this.end = this.n;
  }

  /** A flow sequence or mapping of scalars, on one line, at this.pos. */
  private flow(map: boolean): Tree {
    this.count();
    const t = this.text;
    const start = this.pos;
    const close = map ? 125 : 93;
    const locs = new Locs(!map);
    const arr: Tree[] = [];
    const obj: TreeObject = {};
    this.pos++;
    for (let first = true; ; first = false) {
      this.spaces();
      if (t.charCodeAt(this.pos) === close && first) break;
      let key = '';
      let keyPos: Location | undefined;
      if (map) {
        const ks = this.pos;
        key = this.flowScalar(true) as string;
        keyPos = this.valueLoc;
        if (t.charCodeAt(this.pos) !== COLON || t.charCodeAt(this.pos + 1) !== SPACE) throw FALLBACK;
        if (this.pos - ks > 1000 || key === '__proto__' || Object.hasOwn(obj, key)) throw FALLBACK;
        this.pos += 2;
        this.spaces();
      }
      const v = this.flowScalar(false);
      if (map) {
        obj[key] = v;
        locs.set(key, this.valueLoc, keyPos);
      } else {
        locs.set(arr.length, this.valueLoc, undefined);
        arr.push(v);
      }
      this.spaces();
      const c = t.charCodeAt(this.pos);
      if (c === close) break;
      if (c !== 44) throw FALLBACK;
      this.pos++;
      this.spaces();
      // a trailing comma: the whole way
      if (t.charCodeAt(this.pos) === close) throw FALLBACK;
    }
    this.pos++;
    this.valueLoc = locs.self = this.here(start, this.pos);
    const node = map ? obj : arr;
    Object.defineProperty(node, LOC, { value: locs, enumerable: false, writable: true, configurable: true });
    return node;
  }

  /** A scalar of a flow collection (a key: a string only); its location in this.valueLoc. */
  private flowScalar(key: boolean): Tree {
    const t = this.text;
    const at = this.pos;
    const c = t.charCodeAt(at);
    this.count();
    if (c === 34 || c === 39) {
      const s = this.quoted(c);
      this.valueLoc = this.here(at, this.pos);
      return s;
    }
    if (!plainStart(c, t.charCodeAt(at + 1)) || c === DASH) throw FALLBACK;
    const end = this.plain(true);
    if (end === at) throw FALLBACK;
    const r = resolvePlain(t.slice(at, end));
    if (key && r.tag !== 'str') throw FALLBACK;
    this.valueLoc = this.here(at, end);
    return r.value;
  }
}
