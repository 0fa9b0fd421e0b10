/** The format names each question answers in (CLI `--format`, API `format`), apart from their renderers: the CLI's help lists them without loading them. */

/** The formats CI systems and bots read findings in: audit and review offer each. */
export const CI_FORMATS = ['sarif', 'github', 'gitlab', 'junit', 'checkstyle', 'rdjson'] as const;

export const FINDING_FORMATS = ['json', 'text', 'markdown', ...CI_FORMATS] as const;
export type FindingFormat = (typeof FINDING_FORMATS)[number];

export const REVIEW_FORMATS = ['json', 'markdown', ...CI_FORMATS] as const;
export type ReviewFormat = (typeof REVIEW_FORMATS)[number];
