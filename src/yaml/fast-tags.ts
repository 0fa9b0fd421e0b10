/**
 * Compose's two tags as the fast reader (src/yaml/fast.ts) reads them: `!reset` and `!override`
 * before a mapping's value or a sequence's item, recorded as the whole way's walk records them
 * (src/yaml/walk.ts: a mark at the value's model path, in document order; a `!reset` value left out
 * of its collection, with the marks inside it). `!override` leaves the value as it is, but for a
 * scalar, which a tag makes its text (src/yaml/tagged.ts): a plain one that reads otherwise (a
 * number, a boolean, null) goes the whole way, and so does a tag anywhere an alias may copy it or a
 * merge key walk it later (inside an anchored value, a `<<` value), before an empty value, or any
 * other tag.
 */
import { FALLBACK, NL, SPACE } from './fast-text.js';
import { BlockText } from './fast-block.js';
import type { Tree } from './located.js';
import type { TagMark } from './parse.js';

/** a value read under `!reset`: left out of its collection */
export const RESET_VALUE = Symbol('reset');

export abstract class TaggedText extends BlockText {
  /** the model path of the value being read: keys, and items' indexes in what was kept */
  protected readonly path: (string | number)[] = [];
  protected readonly marks: TagMark[] = [];
  /** `<<` values being read (a merge key's values are walked after the mapping's own keys) */
  protected merging = 0;

  protected abstract bare(col: number, depth: number, inMapping: boolean, anchored: boolean): Tree;

  /** anchored values are being read */
  protected abstract anchoring(): boolean;

  /** The tagged value at this.pos (its `!`), in a collection at column `col`. */
  protected tagged(col: number, depth: number, inMapping: boolean): Tree | typeof RESET_VALUE {
    const t = this.text;
    const tag = t.startsWith('!reset', this.pos) ? 'reset' : t.startsWith('!override', this.pos) ? 'override' : '';
    this.pos += tag.length + 1;
    const c = t.charCodeAt(this.pos);
    if (tag === '' || (c !== SPACE && c !== NL) || this.merging > 0 || this.anchoring()) throw FALLBACK;
    this.marks.push({ path: [...this.path], tag });
    const marked = this.marks.length;
    this.spaces();
    // read as an anchored value is: no alias, no empty value, no compact mapping (`- !reset a: 1`)
    const v = this.bare(col, depth, inMapping, true);
    if (tag === 'reset') {
      this.marks.length = marked;
      return RESET_VALUE;
    }
    if (typeof v !== 'string' && (typeof v !== 'object' || v === null)) throw FALLBACK;
    return v;
  }
}
