/** One entry point for the finding formats the API and the CLI offer. */
import type { ReportItem } from './findings.js';
import { formatSarifJson } from './sarif.js';
import { formatMarkdown } from './markdown.js';
import { formatGithub } from './github.js';
import { formatFindingsText } from './text.js';

export const FINDING_FORMATS = ['json', 'text', 'sarif', 'markdown', 'github'] as const;
export type FindingFormat = (typeof FINDING_FORMATS)[number];

export interface RenderOptions {
  linkBase?: string;
  /** SARIF: the file results without a place are attached to (GitHub refuses results without one) */
  fallbackFile?: string;
}

export function renderFindings(
  format: Exclude<FindingFormat, 'json'>,
  list: readonly ReportItem[],
  files: Record<string, string>,
  opts: RenderOptions = {},
): { body: string; contentType: string } {
  switch (format) {
    case 'sarif':
      return {
        body: formatSarifJson(list, opts.fallbackFile ? { fallbackFile: opts.fallbackFile } : {}),
        contentType: 'application/sarif+json',
      };
    case 'markdown':
      return { body: formatMarkdown(list, { linkBase: opts.linkBase }), contentType: 'text/markdown; charset=utf-8' };
    case 'github':
      return { body: formatGithub(list), contentType: 'text/plain; charset=utf-8' };
    default:
      return { body: formatFindingsText(list, files, { summary: true }), contentType: 'text/plain; charset=utf-8' };
  }
}
