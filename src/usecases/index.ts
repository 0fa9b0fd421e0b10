/**
 * The use cases: one function per question the product answers, each taking a parsed bundle and
 * typed options and returning the finished answer. The API (through its worker pool), the CLI and
 * the library call these same functions, so one question gets one JSON answer from every face.
 */
export {
  UnanswerableError,
  requireEnvironments,
  type Answer,
  type RenderableAnswer,
  type Rendered,
  type Tally,
} from './answer.js';
export {
  validateBundle,
  summarizeEnvironments,
  type ValidateOptions,
  type ValidationResult,
  type EnvironmentSummary,
} from './validate.js';
export { configBundle, type ConfigOptions, type ConfigAnswer, type ConfigEnvironment } from './config.js';
export { auditBundle, type AuditOptions, type AuditAnswer, type AuditEnvironment } from './audit.js';
export { diffBundle, type DiffOptions, type DiffAnswer } from './diff.js';
export {
  reviewBundle,
  isPair,
  REVIEW_FORMATS,
  type ReviewOptions,
  type ReviewFormat,
  type ReviewAnswer,
  type ChangeReviewAnswer,
  type BundlePair,
} from './review.js';
export { runTask, type Task, type Question, type Reply } from './task.js';
