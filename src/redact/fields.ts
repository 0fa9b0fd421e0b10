/**
 * The fields of our answers the masking walk reads as ours (src/redact/mask.ts Masker.walk): the
 * texts of ours that quote the bundle at most, the identifiers of ours left whole, a fix's shape.
 */
import { isOwnId } from '../audit/vocabulary.js';

/** The fields of a finding, a group or a diagnostic whose text is ours, quoting the bundle at most (see `Masker.findings`). */
export const OWN_FIELDS: ReadonlySet<string> = new Set([
  'rule',
  'code',
  'message',
  'hint',
  'description',
  'title',
  'summary',
  // the review's PR comment, rendered and masked (Masker.rendered) before the answer is masked whole
  'markdown',
]);

/** The fields of a finding that hold one of our identifiers whole (a rule's id, a message's id): left as they are. */
const ID_FIELDS: ReadonlySet<string> = new Set(['rule', 'code', 'messageId']);

/** Whether `value`, the string under `key` of a finding, a group or a diagnostic (`ours`: the walk of findings), is one of our identifiers, left whole. */
export function ownIdAt(_src: object, key: string, value: string, ours: boolean): boolean {
  return ours && ID_FIELDS.has(key) && isOwnId(value);
}

/** Why a fix has no snippet or patch in an answer (see `Masker.fix`). */
export const FIX_WITHHELD = 'fix withheld: it would show a secret';

/** A fix's shape: a snippet or a patch to apply (a ServiceFix makes them when read). */
export function isFix(v: unknown): v is { description?: unknown; yaml?: unknown; patch?: unknown } {
  return typeof v === 'object' && v !== null && !Array.isArray(v) && ('yaml' in v || 'patch' in v);
}
