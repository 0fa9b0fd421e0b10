/** config: the merged, canonical model of each environment, like `docker compose config`. */
import type { Diagnostic } from '../diagnostics.js';
import type { Bundle } from '../bundle/bundle.js';
import { loadBundle, type BundleOptions } from '../load/bundle.js';
import { provenance } from '../load/provenance.js';
import type { Location } from '../diagnostics.js';
import type { TreeObject } from '../yaml/located.js';
import { configDocument, renderConfig } from '../report/config.js';
import { requireEnvironments, tally, UnanswerableError, type Answer } from './answer.js';

export interface ConfigOptions extends BundleOptions {
  /** json: the document as data (secrets left out, `$` as is); yaml: the Compose file text, `$` doubled */
  format?: 'json' | 'yaml';
  /** add each value's file and line, by model path */
  provenance?: boolean;
  /** only this environment */
  environment?: string;
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
  const { format = 'json', provenance: withProvenance = false, environment, ...load } = options;
  const result = loadBundle(bundle, { ...load, ...(environment ? { only: [environment] } : {}) });
  requireEnvironments(result.specs, environment);
  const failed = Object.entries(result.environments).filter(([, e]) => !e.model);
  if (failed.length || Object.keys(result.environments).length === 0)
    throw new UnanswerableError(
      failed.length
        ? `environment${failed.length > 1 ? 's' : ''} ${failed.map(([n]) => n).join(', ')} cannot be loaded`
        : 'no environment: name the Compose files in "environments" or use a default name such as compose.yaml',
      result.diagnostics,
    );
  const environments: Record<string, ConfigEnvironment> = Object.create(null);
  for (const [name, env] of Object.entries(result.environments)) {
    const out: ConfigEnvironment = { files: env.files, projectName: env.name };
    if (format === 'yaml') out.yaml = renderConfig(env.model!, 'yaml');
    else out.model = configDocument(env.model!);
    if (withProvenance) out.provenance = provenance(env.model!);
    environments[name] = out;
  }
  return { json: { environments, diagnostics: result.diagnostics }, tally: tally([], result.diagnostics) };
}
