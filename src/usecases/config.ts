/** config: the merged, canonical model of each environment, like `docker compose config`. */
import type { Diagnostic } from '../diagnostics.js';
import type { Bundle } from '../bundle/bundle.js';
import { loadBundle, type BundleOptions } from '../load/bundle.js';
import { provenance } from '../load/provenance.js';
import type { Location } from '../diagnostics.js';
import type { TreeObject } from '../yaml/located.js';
import { configDocument, renderConfig } from '../report/config.js';
import { requireEnvironments, tally, UnanswerableError, type Answer } from './answer.js';
import { maskerOf } from '../redact/secrets.js';
import { redactObject } from '../report/diff.js';
import { emptyRecord } from '../records.js';

export interface ConfigOptions extends BundleOptions {
  /** json: the document as data (secrets left out, `$` as is); yaml: the Compose file text, `$` doubled */
  format?: 'json' | 'yaml';
  /** add each value's file and line, by model path */
  provenance?: boolean;
  /** only this environment */
  environment?: string;
  /**
   * mask secret values in the model (default true): values under secret-like names and every value
   * known to be secret (src/redact/); `false` prints the values as `docker compose config` does.
   * Diagnostics are masked whatever this says.
   */
  redact?: boolean;
}

export interface ConfigEnvironment {
  files: string[];
  projectName: string;
  model?: TreeObject;
  yaml?: string;
  provenance?: Record<string, Location>;
}

export interface ConfigAnswer {
  environments: Record<string, ConfigEnvironment>;
  diagnostics: Diagnostic[];
}

/** Throws UnanswerableError (with the diagnostics) when an environment cannot be loaded. */
export function configBundle(bundle: Bundle, options: ConfigOptions = {}): Answer<ConfigAnswer> {
  const { format = 'json', provenance: withProvenance = false, environment, redact = true, ...load } = options;
  const result = loadBundle(bundle, { ...load, ...(environment ? { only: [environment] } : {}) });
  requireEnvironments(result, environment);
  const masker = maskerOf(result);
  const diagnostics = masker.deep(result.diagnostics);
  const failed = Object.entries(result.environments).filter(([, e]) => !e.model);
  if (failed.length || Object.keys(result.environments).length === 0)
    throw new UnanswerableError(
      failed.length
        ? masker.namesIn(`environment${failed.length > 1 ? 's' : ''} ${failed.map(([n]) => n).join(', ')} cannot be loaded`)
        : 'no environment: name the Compose files in "environments" or use a default name such as compose.yaml',
      diagnostics,
    );
  const environments: Record<string, ConfigEnvironment> = emptyRecord();
  // an integer past the safe range that Go holds exactly is a bigint in the model (compat/go-int.ts)
  const ints = { found: false };
  for (const [name, env] of Object.entries(result.environments)) {
    if (!env.model) continue; // none: an environment without a model was refused above
    const out: ConfigEnvironment = { files: env.files, projectName: env.name };
    const model = redact ? redactObject(env.model, masker) : env.model;
    if (format === 'yaml') out.yaml = renderConfig(model, 'yaml');
    else out.model = configDocument(model, 'yaml', ints);
    if (withProvenance) out.provenance = provenance(env.model);
    environments[redact ? masker.name(name) : name] = out;
  }
  const json = { environments, diagnostics };
  return {
    json: redact ? masker.deep(json) : json,
    ...(ints.found ? { bigints: true } : {}),
    tally: tally([], result.diagnostics),
    mask: (s) => masker.rendered(s),
  };
}
