/**
 * The diagnostic codes that are no rule's id: the loader's, the validation's and the audit's own
 * (README "Diagnostic codes", which test/redact-codes.test.ts reads against this list). They are our
 * identifiers, as rule ids are (src/audit/vocabulary.ts addOwnIds): a weak secret equal to one
 * (`API_TOKEN: undefined-network`), or to a word of one, does not mask the code where an answer
 * names it (`"code":"undefined-network"`, `[undefined-network]`, SARIF's descriptor of it); the
 * bundle's own copy of the secret is masked as ever.
 */
import { addOwnIds, addOwnPhrases } from '../audit/vocabulary.js';
import { quotedValues, tableCells } from './markup.js';

export const DIAGNOSTIC_CODES: readonly string[] = [
  // YAML (src/yaml)
  'yaml-syntax',
  'yaml-duplicate-key',
  'yaml-tab-indent',
  'yaml-bad-indent',
  'yaml-unknown-tag',
  'yaml-tag-value',
  'yaml-non-string-key',
  'yaml-invalid-utf8',
  'yaml-reserved-key',
  'yaml-size-limit',
  'yaml-depth-limit',
  'yaml-node-limit',
  'yaml-alias-limit',
  // the schema, and what the merged model lacks (src/validate/schema.ts)
  'schema-unknown-key',
  'schema-invalid-key',
  'schema-type',
  'schema-enum',
  'schema-required',
  'schema-pattern',
  'schema-range',
  'schema-duplicate-item',
  'schema-invalid',
  'missing-image-or-build',
  'source-missing',
  'merge-invalid',
  // Compose's own checks (src/validate/semantic.ts)
  'obsolete-version',
  'undefined-network',
  'undefined-volume',
  'undefined-secret',
  'undefined-config',
  'undefined-model',
  'undefined-dependency',
  'undefined-link',
  'undefined-volumes-from',
  'undefined-namespace-service',
  'undefined-additional-context',
  'dependency-cycle',
  'network-mode-conflict',
  'dockerfile-conflict',
  'platform-mismatch',
  'invalid-healthcheck-test',
  'scale-replicas-conflict',
  'negative-scale',
  'resource-conflict',
  'container-name-scale',
  'duplicate-container-name',
  'watch-target-required',
  'watch-path-blank',
  'duplicate-mount-target',
  'source-conflict',
  'external-conflict',
  'device-request-conflict',
  'invalid-port',
  'invalid-volume',
  // loading (src/load, src/interpolate, src/bundle)
  'interpolation-missing-variable',
  'interpolation-invalid-template',
  'interpolation-type',
  'interpolation-warning',
  'dotenv-syntax',
  'env-file-missing',
  'env-file-format',
  'label-file-missing',
  'extends-not-found',
  'extends-service-required',
  'extends-cycle',
  'extends-file-missing',
  'include-invalid',
  'include-empty',
  'include-ignored-key',
  'include-file-missing',
  'include-cycle',
  'path-outside-bundle',
  'top-level-not-mapping',
  'empty-project',
  'project-name-empty',
  'invalid-project-name',
  'environment-trailing-space',
  'normalize-invalid',
  'decode-invalid',
  'command-cut',
  'external-name-deprecated',
  'interpolation-limit',
  'interpolation-size-limit',
  'port-limit',
  'copy-limit',
  'file-load-limit',
  'environment-limit',
  'merge-limit',
  'diagnostic-limit',
  'finding-limit',
  'file-not-found',
  'no-such-service',
  'no-compose-file',
  'compose-file-passed-over',
  'compose-file-not-loaded',
  // the audit
  'policy-invalid',
  'policy-file-ignored',
  'audit-rule-crashed',
];

/** `Undefined network`: SARIF's name of a code without rule metadata (src/report/sarif.ts codeDescriptor). */
const sentence = (code: string): string => code[0].toUpperCase() + code.slice(1).replace(/-/g, ' ');

/**
 * `codes`, identifiers of ours that have no rule's metadata (the diagnostic codes, drift's ids), and
 * every word the answers write of one as ours: the code where an answer names it (addOwnIds), its
 * words and SARIF's sentence of it (codeDescriptor), its markdown table cell (`` | `undefined-network` | ``,
 * the review's diagnostics table, the audit's per-environment table) and its SARIF tag, the code's
 * first word (`"tags": ["undefined", "correctness"]`). A secret equal to one of them left the answers
 * as they are but for the bundle's copies of it.
 */
export function addOwnCodes(codes: readonly string[]): void {
  addOwnIds(codes);
  addOwnPhrases(
    codes.flatMap((code) => [
      code,
      code.replace(/-/g, ' '),
      sentence(code),
      `${sentence(code)} (compose-review diagnostic \`${code}\`).`,
    ]),
  );
  tableCells(codes.map((code) => `\`${code}\``));
  quotedValues(codes.map((code) => code.split('-')[0]));
}

addOwnCodes(DIAGNOSTIC_CODES);
