/** One entry point for the finding formats the API and the CLI offer. */
import type { EnvironmentInfo, ReportItem } from './findings.js';
import type { FindingGroup } from '../audit/groups.js';
import { formatSarifJson } from './sarif.js';
import { formatMarkdown } from './markdown.js';
import { formatGithub } from './github.js';
import { formatFindingsText, type SecretSpans } from './text.js';
import { formatGitlab } from './gitlab.js';
import { formatJunit } from './junit.js';
import { formatCheckstyle } from './checkstyle.js';
import { formatRdjson } from './rdjson.js';

import { FINDING_FORMATS, type FindingFormat } from './formats.js';

export { FINDING_FORMATS, type FindingFormat };

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
  /** the bundle's secret values, for the source lines the text format quotes */
  masker?: SecretSpans;
}

export function renderFindings(
  format: Exclude<FindingFormat, 'json'>,
  list: readonly ReportItem[],
  files: Record<string, string>,
  opts: RenderOptions = {},
): { body: string; contentType: string } {
  const fallback = opts.fallbackFile ? { fallbackFile: opts.fallbackFile } : {};
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
    case 'gitlab':
      return { body: formatGitlab(list, fallback), contentType: 'application/json; charset=utf-8' };
    case 'junit':
      return { body: formatJunit(list, files, fallback), contentType: 'application/xml; charset=utf-8' };
    case 'checkstyle':
      return { body: formatCheckstyle(list, fallback), contentType: 'application/xml; charset=utf-8' };
    case 'rdjson':
      return { body: formatRdjson(list, files, fallback), contentType: 'application/json; charset=utf-8' };
    default:
      return {
        body: formatFindingsText(list, files, {
          summary: true,
          environments: opts.environments,
          serviceCounts: opts.serviceCounts,
          groups: opts.groups,
          ...(opts.masker ? { masker: opts.masker } : {}),
        }),
        contentType: 'text/plain; charset=utf-8',
      };
  }
}
