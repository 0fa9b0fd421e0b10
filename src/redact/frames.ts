/** The frames of the masking walk (src/redact/mask.ts Masker.walk) and the copies it makes. */
import { emptyRecord } from '../records.js';

/** An empty object with the prototype of `o`: a plain object, a prototype-less map, an instance. */
export function emptyLike(o: object): Record<string, unknown> {
  const proto: unknown = Object.getPrototypeOf(o);
  if (proto === Object.prototype) return {};
  const out = emptyRecord<unknown>();
  if (typeof proto === 'object' && proto !== null) Object.setPrototypeOf(out, proto);
  return out;
}

/** One object or array being masked by `Masker.walk`: its keys (none: an array), the next one, its copy once made. */
export interface Frame {
  src: object;
  keys: string[] | undefined;
  n: number;
  i: number;
  out?: object;
  /** an object of a cycle is left as it is under it */
  cyclic?: boolean;
  /** a part of the bundle (under BUNDLE_MEMBERS): a value equal to one of ours is the bundle's there */
  bundle: boolean;
}

/**
 * The members of our answers that hold a part of the bundle as it is: a model (config), a diff
 * entry's sides, a fix's patch. Under them a value equal to one of our enumerated values
 * (ANSWER_VALUES: a label `role: production`) is the bundle's, masked.
 */
export const BUNDLE_MEMBERS: ReadonlySet<string> = new Set(['model', 'from', 'to', 'patch']);

/** What `Masker.walk` knows of an object it is still masking (met again: a cycle). */
export const OPEN = Symbol('open');

export function frame(src: object, bundle = false): Frame {
  if (Array.isArray(src)) return { src, keys: undefined, n: src.length, i: 0, bundle };
  const keys = Object.keys(src);
  return { src, keys, n: keys.length, i: 0, bundle };
}
