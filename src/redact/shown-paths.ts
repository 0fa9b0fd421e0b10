/**
 * What a masker showed of the model's structure (src/redact/mask.ts): model paths and field names in
 * which a secret equal to a Compose field name was left as it is (`services.web.restart` with the
 * secret `restart`), kept so wherever an answer shows them again: in a rendered answer the forms it
 * writes them in (`forms`), in the walk of an answer the members holding them (`keeps`).
 */
import { ownWords, type OwnWords } from './vocabulary.js';
import type { SchemaNode } from './schema-path.js';

/** `spans` (a secret's occurrences, `[start, end)` pairs) without those inside one of `fields` (field names' ranges). */
export function outsideFields(spans: readonly number[], fields: readonly number[]): number[] {
  const kept: number[] = [];
  for (let k = 0; k < spans.length; k += 2) {
    let field = false;
    for (let j = 0; !field && j < fields.length; j += 2) field = fields[j] <= spans[k] && spans[k + 1] <= fields[j + 1];
    if (!field) kept.push(spans[k], spans[k + 1]);
  }
  return kept;
}

export class ShownPaths {
  /** the forms a rendered answer writes them in, and their scanner (remade when one was added) */
  private readonly forms = new Set<string>();
  private scanner?: OwnWords;
  /** a diff entry's path as shown, to its field as shown (none: a path without a field of its own) */
  private readonly paths = new Map<string, string | undefined>();
  /** parts of a model shown (a diff entry's sides), to where they sit in the Compose schema */
  private readonly parts = new WeakMap<object, SchemaNode>();

  /** `v` (a part of a model, as shown), sitting at `node` of the schema: a walk keeps its field names. */
  placed<T>(v: T, node: SchemaNode | null): T {
    if (node && typeof v === 'object' && v !== null) this.parts.set(v, node);
    return v;
  }

  /** Where `o`, a part of a model `placed`, sits in the schema. */
  placeOf(o: object): SchemaNode | undefined {
    return this.parts.get(o);
  }

  /** `forms`, texts that a rendered answer writes and that are ours where a secret is in them. */
  add(forms: Iterable<string>): void {
    for (const f of forms)
      if (!this.forms.has(f)) {
        this.forms.add(f);
        this.scanner = undefined;
      }
  }

  /** The scanner of the forms (none while there is none). */
  words(): OwnWords | undefined {
    if (this.forms.size === 0) return undefined;
    return (this.scanner ??= ownWords(this.forms));
  }

  /** `path` (and `field`, the part of it below an entity: a diff entry's) as shown, where a walk meets them again. */
  place(path: string, field?: string): void {
    this.paths.set(path, field);
  }

  /**
   * Whether `s`, the value of `key` in `src` (an answer's object, not a part of the bundle), is a
   * path or a field this masker showed: the `path` of an object, or its `field` beside that path.
   */
  keeps(src: object, key: string, s: string): boolean {
    if (this.paths.size === 0) return false;
    if (key === 'path') return this.paths.has(s);
    if (key !== 'field') return false;
    const path: unknown = Reflect.get(src, 'path');
    return typeof path === 'string' && this.paths.has(path) && this.paths.get(path) === s;
  }
}

/**
 * What a rendered answer writes of a model path of ours (`Masker.path`): its JSON member (an answer's,
 * SARIF's logical location); a path of several segments wherever it is (a text line names it), not
 * one word alone (`version`: that would leave the bundle's every copy of the secret `version`).
 */
export function pathForms(shown: string): readonly string[] {
  const json = JSON.stringify(shown);
  const forms = [`"path":${json}`, `"path": ${json}`, `"fullyQualifiedName": ${json}`];
  return /[.[]/.test(shown) ? [...forms, shown, json.slice(1, -1)] : forms;
}
