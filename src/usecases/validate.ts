/** validate: every file against the Compose schema, every environment loaded and checked. */
import type { Diagnostic } from '../diagnostics.js';
import type { Bundle } from '../bundle/bundle.js';
import { loadBundle, type BundleOptions, type BundleResult } from '../load/bundle.js';
import { readPolicy } from '../audit/project.js';
import type { RoleChoice } from '../bundle/roles.js';
import { isObject } from '../yaml/located.js';
import { formatText } from '../report/text.js';
import { maskerOf } from '../redact/secrets.js';
import { namedKeys, roleReasonShown } from '../redact/names.js';
import { NO_MASK, type Masker } from '../redact/mask.js';
import { tally, type RenderableAnswer, type Rendered } from './answer.js';
import { emptyRecord } from '../records.js';

export interface EnvironmentSummary extends RoleChoice {
  files: string[];
  envFiles?: string[];
  profiles?: string[];
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

export interface ValidateOptions extends BundleOptions {
  /** json (default), or text: `file:line:col: severity message [code]` with the source line, and a count */
  format?: 'json' | 'text';
}

/** The environments of a load; a role reason that names one as `masker` shows it (roleReasonShown). */
export function summarizeEnvironments(
  result: BundleResult,
  masker: Masker = NO_MASK,
): Record<string, EnvironmentSummary> {
  const out: Record<string, EnvironmentSummary> = emptyRecord();
  for (const [name, env] of Object.entries(result.environments)) {
    const spec = result.specs[name];
    const s: EnvironmentSummary = {
      files: env.files,
      role: env.role,
      roleSource: env.roleSource,
      roleReason: roleReasonShown(env, masker),
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

const plural = (n: number, one: string) => `${n} ${one}${n === 1 ? '' : 's'}`;

/** Validates a parsed bundle: schema + semantic checks, per file and per environment. */
export function validateBundle(
  bundle: Bundle,
  options: ValidateOptions = {},
): RenderableAnswer<ValidationResult, 'json' | 'text'> {
  const { format = 'json', ...load } = options;
  // the policy's environment roles, so that every answer says the role the audit will use
  const result = loadBundle(bundle, { policyRoles: readPolicy(bundle).policy.environments, ...load });
  // every secret value of the bundle masked in the whole answer (a diagnostic may quote one)
  const masker = maskerOf(result);
  const json = masker.deep({
    valid: result.valid,
    environments: namedKeys(summarizeEnvironments(result, masker), masker),
    diagnostics: result.diagnostics,
  });
  // text is the one format besides JSON
  const render = (): Rendered => {
    const files = new Set(Object.values(result.environments).flatMap((e) => e.files)).size;
    // counted before the list was capped to the budget
    const count = (s: Diagnostic['severity']) => result.allDiagnostics.filter((d) => d.severity === s).length;
    return {
      body: masker.rendered(
        formatText(json.diagnostics, bundle.files, { masker }) +
          `${plural(files, 'file')} checked: ${plural(count('error'), 'error')}, ${plural(count('warning'), 'warning')}\n`,
      ),
      contentType: 'text/plain; charset=utf-8',
    };
  };
  const answer: RenderableAnswer<ValidationResult, 'json' | 'text'> = {
    json,
    tally: tally([], result.diagnostics),
    mask: (s) => masker.rendered(s),
    render,
  };
  if (format === 'text') answer.rendered = answer.render('text');
  return answer;
}
