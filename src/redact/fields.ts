/**
 * The fields of our answers the masking walk reads as ours (src/redact/mask.ts Masker.walk): the
 * texts of ours that quote the bundle at most, the identifiers of ours left whole, a fix's shape.
 */
import { isOwnId } from '../audit/vocabulary.js';
import './codes.js';

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

/**
 * Whether `value`, the string under `key` of `src`, is one of our identifiers (a rule's id, a message's
 * id, a diagnostic's code: src/redact/codes.ts), left whole: in a finding, a group or a diagnostic
 * (`ours`: the walk of findings), and as a diagnostic's `code` or `rule` in any walk (diagnostics, and
 * the diff's drift findings, are masked as any data is, their messages quoting the bundle's values;
 * their code and rule are ours).
 */
export function ownIdAt(src: object, key: string, value: string, ours: boolean): boolean {
  if (!ID_FIELDS.has(key) || !isOwnId(value)) return false;
  return ours || (key !== 'messageId' && isDiagnostic(src));
}

/** A diagnostic's shape (src/diagnostics.ts Diagnostic): a code, a severity, a message, a file's place. */
function isDiagnostic(o: object): boolean {
  const d = o as Record<string, unknown>;
  return typeof d.severity === 'string' && typeof d.message === 'string' && typeof d.line === 'number';
}

/** Why a fix has no snippet or patch in an answer (see `Masker.fix`). */
export const FIX_WITHHELD = 'fix withheld: it would show a secret';

/** A fix's shape: a snippet or a patch to apply (a ServiceFix makes them when read). */
export function isFix(v: unknown): v is { description?: unknown; yaml?: unknown; patch?: unknown } {
  return typeof v === 'object' && v !== null && !Array.isArray(v) && ('yaml' in v || 'patch' in v);
}
