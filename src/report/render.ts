/** One entry point for the finding formats the API and the CLI offer. */
import type { EnvironmentInfo, ReportItem } from './findings.js';
import type { FindingGroup } from '../audit/groups.js';
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
  /** the environments, their roles and why: every format says them */
  environments?: Record<string, EnvironmentInfo>;
  /** services per environment, for the project-level groups ("0 of 45 services ...") */
  serviceCounts?: Record<string, number>;
  /** the answer's groups (made before its findings were capped): text, markdown and annotations show them */
  groups?: readonly FindingGroup[];
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
        body: formatSarifJson(list, {
          ...(opts.fallbackFile ? { fallbackFile: opts.fallbackFile } : {}),
          ...(opts.environments ? { environments: opts.environments } : {}),
        }),
        contentType: 'application/sarif+json',
      };
    case 'markdown':
      return {
        body: formatMarkdown(list, {
          linkBase: opts.linkBase,
          environments: opts.environments,
          serviceCounts: opts.serviceCounts,
          groups: opts.groups,
        }),
        contentType: 'text/markdown; charset=utf-8',
      };
    case 'github':
      return {
        body: formatGithub(list, {
          environments: opts.environments,
          serviceCounts: opts.serviceCounts,
          groups: opts.groups,
        }),
        contentType: 'text/plain; charset=utf-8',
      };
    default:
      return {
        body: formatFindingsText(list, files, {
          summary: true,
          environments: opts.environments,
          serviceCounts: opts.serviceCounts,
          groups: opts.groups,
        }),
        contentType: 'text/plain; charset=utf-8',
      };
  }
}
