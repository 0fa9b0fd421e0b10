/**
 * The flow collections the fast reader (src/yaml/fast.ts) reads: a sequence or a mapping of
 * scalars and aliases on one line, `[a, "b", *c]`, `{a: 1, b: "x"}`.
 */
import type { Location } from '../diagnostics.js';
import { COLON, DASH, FALLBACK, LineText, SPACE, STAR, located, plainStart } from './fast-text.js';
import type { Tree, TreeObject } from './located.js';
import { resolvePlain } from './resolve.js';

export abstract class FlowText extends LineText {
  /** the location of the last value read */
  protected valueLoc: Location | undefined = undefined;

  /** one more node read (against the node budget) */
  protected abstract count(): void;

  /** `*name` at this.pos: a copy of what it stands for (its location in this.valueLoc) */
  protected abstract alias(): Tree;

  /** A flow sequence or mapping of scalars, on one line, at this.pos. */
  protected flow(map: boolean): Tree {
    this.count();
    const t = this.text;
    const start = this.pos;
    const close = map ? 125 : 93;
    const arr: Tree[] = [];
    const obj: TreeObject = {};
    const node = map ? obj : arr;
    const locs = located(node, !map);
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
    if (c === STAR && !key) return this.alias();
    if (!plainStart(c, t.charCodeAt(at + 1)) || c === DASH) throw FALLBACK;
    const end = this.plain(true);
    if (end === at) throw FALLBACK;
    const r = resolvePlain(t.slice(at, end));
    if (key && r.tag !== 'str') throw FALLBACK;
    // an integer past the safe range keeps its exact value beside its location, and so does a float
    // of an integral value from 1e6 on (compat/go-int.ts), and a timestamp (compat/go-time.ts); NaN
    // and infinities fail the schema step: the whole way's job
    if (
      r.tag === 'timestamp' ||
      (r.tag === 'int' && !Number.isSafeInteger(r.value)) ||
      (r.tag === 'float' && (!Number.isFinite(r.value) || (Number.isInteger(r.value) && Math.abs(r.value) >= 1e6)))
    )
      throw FALLBACK;
    this.valueLoc = this.here(at, end);
    return r.value;
  }
}
