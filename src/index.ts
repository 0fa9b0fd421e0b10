/** The library API: what a Node user imports. The HTTP API and the CLI call these same functions. */

export type { Diagnostic, Location, Severity } from './diagnostics.js';
export type { Bundle, EnvironmentSpec } from './bundle/bundle.js';
export { parseBundle, deriveEnvironments, BundleError } from './bundle/bundle.js';
export { loadBundle } from './load/bundle.js';
export type { BundleResult, LoadedEnvironment, BundleOptions } from './load/bundle.js';
export { loadProject } from './load/project.js';
export type { LoadedProject, LoadOptions } from './load/project.js';
export { setDefaultValues } from './normalize/defaults.js';
export { volumeString } from './syntax/volumes.js';
export type { DefaultValueFunc, DefaultValues } from './normalize/defaults.js';
export { parseYaml } from './yaml/parse.js';
export { DEFAULT_BUDGETS } from './limits.js';
export type { Budgets, BudgetName } from './limits.js';
// the use cases: one function per question, the same answers as the API and the CLI give
export {
  validateBundle,
  configBundle,
  auditBundle,
  diffBundle,
  reviewBundle,
  summarizeEnvironments,
  UnanswerableError,
} from './usecases/index.js';
export type {
  Answer,
  RenderableAnswer,
  ValidateOptions,
  ValidationResult,
  EnvironmentSummary,
  ConfigOptions,
  ConfigAnswer,
  AuditOptions,
  AuditAnswer,
  DiffOptions,
  DiffAnswer,
  ReviewOptions as ReviewBundleOptions,
  ReviewAnswer,
  ChangeReviewAnswer,
  BundlePair,
} from './usecases/index.js';

export { parseDotenv } from './interpolate/dotenv.js';
export { mergeModels } from './merge/merge.js';
export { extractVariables } from './interpolate/variables.js';
export { provenance } from './load/provenance.js';
// what docker compose does with a loaded project: profiles, selected services, the dependency order
export {
  withProfiles,
  withServicesEnabled,
  withSelectedServices,
  withServicesDisabled,
  withoutUnnecessaryResources,
  servicesInOrder,
  dependencyGraph,
  dependencyOrder,
  servicesWithBuild,
  servicesWithDependsOn,
  servicesWithCapabilities,
  networksByPriority,
  profilesOf,
  matchName,
  ProjectError,
} from './project/index.js';
export type {
  Project,
  ProjectResult,
  DependencyPolicy,
  SelectOptions,
  DependencyGraph,
  OrderOptions,
} from './project/index.js';
export { renderConfig } from './report/config.js';
import { substitute, type SubstituteOptions } from './interpolate/template.js';
export type { DefaultReplacement, Lookup } from './interpolate/template.js';

/**
 * Substitutes `${VAR}` templates like Compose; throws an InterpolationError for `${VAR:?err}` and
 * invalid templates. `options`: compose-go's SubstituteWithOptions options (a substitution or
 * replacement function of the caller, and a receiver of its "variable is not set" warnings).
 */
export function interpolate(
  template: string,
  env: Record<string, string>,
  options: Pick<SubstituteOptions, 'substituteFunc' | 'replacement' | 'warn'> = {},
): string {
  return substitute(template, (name) => (Object.hasOwn(env, name) ? env[name] : undefined), options);
}

export { auditProject } from './audit/project.js';
export type { ProjectAudit, EnvironmentAudit } from './audit/project.js';
export type { Finding, AuditPolicy, Rule, RuleMeta } from './audit/types.js';
export { ruleCatalog } from './audit/rules/index.js';
export { diffEnvironments } from './diff/diff.js';
export type { EnvironmentDiff, DiffEntry } from './diff/diff.js';
export { driftRisks } from './diff/drift.js';
export { review, reviewChange } from './review/review.js';
export type { Review, ChangeReview, ReviewOptions, Verdict } from './review/review.js';
export { reviewMarkdown, changeReviewMarkdown } from './report/review.js';
export { formatSarif } from './report/sarif.js';
