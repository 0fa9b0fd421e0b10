/** The format names each question answers in (CLI `--format`, API `format`), apart from their renderers: the CLI's help lists them without loading them. */
export const FINDING_FORMATS = [
  'json',
  'text',
  'sarif',
  'markdown',
  'github',
  'gitlab',
  'junit',
  'checkstyle',
  'rdjson',
] as const;
export type FindingFormat = (typeof FINDING_FORMATS)[number];

export const REVIEW_FORMATS = [
  'json',
  'markdown',
  'sarif',
  'github',
  'gitlab',
  'junit',
  'checkstyle',
  'rdjson',
] as const;
export type ReviewFormat = (typeof REVIEW_FORMATS)[number];
