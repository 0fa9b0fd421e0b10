/** The library API: what a Node user imports. The HTTP API and the CLI call these same functions. */
import type { Diagnostic } from './diagnostics.js';
import { parseBundle, type Bundle } from './bundle/bundle.js';
import { loadBundle, type BundleOptions, type BundleResult } from './load/bundle.js';
import { isObject } from './yaml/located.js';

export type { Diagnostic, Location, Severity } from './diagnostics.js';
export type { Bundle, EnvironmentSpec } from './bundle/bundle.js';
export { parseBundle, deriveEnvironments, BundleError } from './bundle/bundle.js';
export { loadBundle } from './load/bundle.js';
export type { BundleResult, LoadedEnvironment, BundleOptions } from './load/bundle.js';
export { loadProject } from './load/project.js';
export type { LoadedProject, LoadOptions } from './load/project.js';
export { parseYaml } from './yaml/parse.js';

export interface EnvironmentSummary {
  files: string[];
  envFiles?: string[];
  profiles?: string[];
  role: string;
  projectName?: string;
  loaded: boolean;
  services?: string[];
  disabledServices?: string[];
}

export interface ValidationResult {
  valid: boolean;
  environments: Record<string, EnvironmentSummary>;
  diagnostics: Diagnostic[];
}

export function summarizeEnvironments(result: BundleResult): Record<string, EnvironmentSummary> {
  const out: Record<string, EnvironmentSummary> = Object.create(null);
  for (const [name, env] of Object.entries(result.environments)) {
    const spec = result.specs[name];
    const s: EnvironmentSummary = {
      files: env.files,
      role: env.role,
      loaded: env.model !== undefined,
      projectName: env.name,
    };
    if (spec.envFiles) s.envFiles = spec.envFiles;
    if (env.profiles.length) s.profiles = env.profiles;
    if (env.model && isObject(env.model.services)) s.services = Object.keys(env.model.services);
    if (env.disabledServices.length) s.disabledServices = env.disabledServices;
    out[name] = s;
  }
  return out;
}

/** Validates a bundle (raw JSON or already parsed): schema + semantic checks, per file and per environment. */
export function validateBundle(input: Bundle | unknown, options: BundleOptions = {}): ValidationResult {
  const bundle = parseBundle(input);
  const result = loadBundle(bundle, options);
  return { valid: result.valid, environments: summarizeEnvironments(result), diagnostics: result.diagnostics };
}

export { parseDotenv } from './interpolate/dotenv.js';
export { mergeModels } from './merge/merge.js';
export { extractVariables } from './interpolate/variables.js';
export { provenance } from './load/provenance.js';
export { renderConfig } from './report/config.js';
import { substitute } from './interpolate/template.js';

/** Substitutes `${VAR}` templates like Compose; throws an InterpolationError for `${VAR:?err}` and invalid templates. */
export function interpolate(template: string, env: Record<string, string>): string {
  return substitute(template, (name) => (Object.hasOwn(env, name) ? env[name] : undefined));
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
