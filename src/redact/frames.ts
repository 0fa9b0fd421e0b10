/** The frames of the masking walk (src/redact/mask.ts Masker.walk) and the copies it makes. */
import { emptyRecord } from '../records.js';
import { schemaRoot, schemaStep, type SchemaNode } from './schema-path.js';

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
  /**
   * where a model's part sits in the Compose schema (`fieldAt`): null outside a model and where the
   * schema does not place it; undefined until read, from `up` (the frame holding it, and its key there)
   */
  schema: SchemaNode | null | undefined;
  up?: { frame: Frame; key: string | number };
  /** the member of our answer it is the value of (`environments`: its keys are the bundle's environment names) */
  under?: string;
}

/**
 * The members of our answers that hold a part of the bundle as it is: a model (config), a diff
 * entry's sides, a fix's patch. Under them a value equal to one of our enumerated values
 * (ANSWER_VALUES: a label `role: production`) is the bundle's, masked.
 */
export const BUNDLE_MEMBERS: ReadonlySet<string> = new Set(['model', 'from', 'to', 'patch']);

/** What `Masker.walk` knows of an object it is still masking (met again: a cycle). */
export const OPEN = Symbol('open');

/**
 * The frame of `src`, met under `key` of `parent` (none: the walk's root). A config answer's `model`
 * is a model: its parts are placed in the Compose schema as they are met (`fieldAt`); so is a part
 * of a model `placed` at its place (ShownPaths.placed).
 */
export function frame(src: object, bundle = false, parent?: Frame, key?: string | number, placed?: SchemaNode): Frame {
  const f: Frame = Array.isArray(src)
    ? { src, keys: undefined, n: src.length, i: 0, bundle, schema: null }
    : { src, keys: Object.keys(src), n: 0, i: 0, bundle, schema: null };
  if (f.keys) f.n = f.keys.length;
  // a key of our `environments` member is the bundle's environment name, whatever word of ours it is
  // (an environment named `model` or `environments` holds our members as any other does)
  const named = parent?.under === 'environments' && !parent.bundle;
  if (typeof key === 'string' && !named) f.under = key;
  if (parent && key !== undefined) {
    if (parent.schema !== null) [f.schema, f.up] = [undefined, { frame: parent, key }];
    else if (key === 'model' && !parent.bundle && !named && !Array.isArray(src)) f.schema = schemaRoot();
  }
  // a part of a model shown where the schema places it (a diff entry's side: ShownPaths.placed)
  if (placed && f.schema === null) f.schema = placed;
  return f;
}

/** Where `f`'s object sits in the schema, read from its frames up to the nearest one read (not recursive: any depth). */
function schemaOf(f: Frame): SchemaNode | null {
  const chain: Frame[] = [];
  let at: Frame | undefined = f;
  while (at && at.schema === undefined) {
    chain.push(at);
    at = at.up?.frame;
  }
  let node = at ? at.schema : null;
  for (let i = chain.length - 1; i >= 0; i--) {
    node = node && (schemaStep(node, chain[i].up!.key).next ?? null);
    chain[i].schema = node;
  }
  return f.schema ?? null;
}

/** Whether `key` of `f`'s object is a field name the Compose schema defines there (src/redact/schema-path.ts): a model's structure. */
export function fieldAt(f: Frame, key: string): boolean {
  const node = f.schema === null ? null : schemaOf(f);
  return node !== null && schemaStep(node, key).field;
}
