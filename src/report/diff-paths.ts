/**
 * A diff entry's path, field and sides as shown where a secret equals a Compose field name they hold
 * (`API_TOKEN: restart`, a change of `restart:`): the field names are the model's structure, kept;
 * the bundle's keys are masked (src/redact/schema-path.ts decides which is which, as for a model).
 */
import { SEGMENTS, childPath, elementPath, type DiffEntry } from '../diff/diff.js';
import { mdCode, mdText, textLine } from './escape.js';
import type { Masker } from '../redact/mask.js';
import { schemaRoot, schemaStep, type SchemaNode } from '../redact/schema-path.js';

/**
 * The ranges of `e.path` and of `e.field` that are the Compose schema's field names there
 * (src/redact/schema-path.ts): the section, and each key of the field that is one of the `properties`
 * where it sits; the entity's name, a variable's, a label's, an `x-` key, a set item's identity are
 * the bundle's. None for an entry whose segments (SEGMENTS) do not make its field.
 */
function fieldRangesOf(e: DiffEntry): { path: number[]; field: number[]; node: SchemaNode | null } | undefined {
  const segments = e[SEGMENTS];
  if (!segments) return undefined;
  const section = schemaStep(schemaRoot(), e.section);
  let node = section.next && schemaStep(section.next, e.name).next;
  let field = '';
  const ranges: number[] = [];
  for (const [k, item] of segments) {
    field = item ? elementPath(field, k) : childPath(field, k);
    const step = node && schemaStep(node, item ? 0 : k);
    // a key written `["…"]` is no field name (the schema's are all plain words)
    if (step?.field && field.endsWith(k)) ranges.push(field.length - k.length, field.length);
    node = step?.next;
  }
  const at = e.path.length - field.length;
  if (field !== e.field || !e.path.endsWith(field)) return undefined;
  return {
    path: [...(section.field ? [0, e.section.length] : []), ...ranges.map((r) => r + at)],
    field: ranges,
    node: node ?? null,
  };
}

/**
 * An entry's path and field as shown (`out`, masked whole already), a secret equal to a field name
 * of them left as it is (Masker.path), and kept so where the renderers write them: the text's group
 * line and entry line, the markdown tables' first cells (formatDiffText, formatDiffMarkdown, the
 * change review's table: src/report/review.ts changeTable). Returns where the entry's value sits in
 * the schema (null: nowhere known), for its sides' keys.
 */
export function showFields(e: DiffEntry, out: DiffEntry, masker: Masker): SchemaNode | null {
  const ranges = fieldRangesOf(e);
  if (!ranges || masker.spans(e.path).length === 0) return ranges?.node ?? null;
  const path = masker.path(e.path, ranges.path);
  const field = masker.path(e.field, ranges.field, () => []);
  // nothing left of a secret in them: masked whole as any text (the walk may have kept a field name already)
  if (path === masker.text(e.path) && field === masker.text(e.field)) return ranges.node;
  [out.path, out.field] = [path, field];
  masker.shownPaths.place(path, field);
  const sign = e.kind === 'added' ? '+' : e.kind === 'removed' ? '-' : '~';
  const cell = field === '' ? '' : mdCode(field, true);
  masker.shownPaths.add([
    `${textLine(path.slice(0, path.length - field.length).replace(/\.$/, ''))}\n`,
    field === '' ? `${sign} ${textLine(path)}: only in ` : `  ${sign} ${textLine(field)}: `,
    `| ${mdText(out.section === 'services' ? out.name : `${out.section}.${out.name}`)} | ${cell || '(whole'}`,
    `| ${mdText(out.name)} | ${cell || '(whole)'} | ${e.kind} |`,
  ]);
  return ranges.node;
}
