/**
 * The CLI's options, one table for every command (each command's help says which it reads), and
 * the type node:util's parseArgs gives their values, so every command reads them typed.
 */
import type { parseArgs } from 'node:util';

export const OPTIONS = {
  file: { type: 'string', short: 'f', multiple: true },
  'env-file': { type: 'string', multiple: true },
  root: { type: 'string' },
  profile: { type: 'string', multiple: true },
  'project-name': { type: 'string', short: 'p' },
  format: { type: 'string', multiple: true },
  'no-interpolate': { type: 'boolean' },
  'all-resources': { type: 'boolean' },
  services: { type: 'boolean' },
  variables: { type: 'boolean' },
  provenance: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
  env: { type: 'string' },
  'fail-on': { type: 'string' },
  policy: { type: 'string' },
  'fix-override': { type: 'boolean' },
  output: { type: 'string', short: 'o' },
  from: { type: 'string' },
  to: { type: 'string' },
  'base-dir': { type: 'string' },
  'no-redact': { type: 'boolean' },
  role: { type: 'string' },
  budget: { type: 'string', multiple: true },
  force: { type: 'boolean' },
  quiet: { type: 'boolean', short: 'q' },
  color: { type: 'boolean' },
  'no-color': { type: 'boolean' },
  baseline: { type: 'string' },
  'write-baseline': { type: 'string' },
} as const;

/** The parsed options: `file?: string[]`, `env?: string`, `force?: boolean`, ... as parseArgs types them. */
export type CliValues = ReturnType<
  typeof parseArgs<{ options: typeof OPTIONS; allowPositionals: true; strict: true }>
>['values'];
