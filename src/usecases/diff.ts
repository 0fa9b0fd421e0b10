/** diff: what changes between two environments (default development → production), with drift risks. */
import type { Diagnostic } from '../diagnostics.js';
import type { Bundle } from '../bundle/bundle.js';
import { loadBundle, type BundleOptions } from '../load/bundle.js';
import { defaultPair, diffEnvironments } from '../diff/diff.js';
import { driftRisks } from '../diff/drift.js';
import { diffData, formatDiffMarkdown, formatDiffText, type DiffData } from '../report/diff.js';
import { requireEnvironments, tally, UnanswerableError, type RenderableAnswer } from './answer.js';
import { maskerOf } from '../redact/secrets.js';
import type { Masker } from '../redact/mask.js';

export interface DiffOptions extends BundleOptions {
  /** the pair; default development → production (by name, then role) */
  from?: string;
  to?: string;
  format?: DiffFormat;
  /**
   * mask secret values in the entries (default true); drift findings and diagnostics are masked
   * whatever this says
   */
  redact?: boolean;
}

export type DiffFormat = 'json' | 'text' | 'markdown';

export type DiffAnswer = DiffData & { diagnostics: Diagnostic[] };

export function diffBundle(bundle: Bundle, options: DiffOptions = {}): RenderableAnswer<DiffAnswer, DiffFormat> {
  const { from, to, format = 'json', redact = true, ...load } = options;
  const result = loadBundle(bundle, load);
  // a pair naming an environment the bundle does not have: named as the review names it
  requireEnvironments(result, from, to);
  const envs = result.environments;
  const masker = maskerOf(result);
  const pair = from || to ? [envs[from ?? 'development'], envs[to ?? 'production']] : defaultPair(envs);
  if (!pair || !pair[0] || !pair[1]) throw new UnanswerableError(noPair(envs, masker));
  const diff = diffEnvironments(pair[0], pair[1]);
  // masked whatever `redact` says: their messages name the pair as the answers do (Masker.name)
  const label = (n: string): string => masker.name(n);
  const drift = pair[0].model && pair[1].model ? driftRisks(pair[0], pair[1], { diff, label }) : [];
  const json: DiffAnswer = {
    ...diffData(diff, { redact, drift, masker }),
    diagnostics: masker.deep(result.diagnostics),
  };
  // with redact=false the entries show their values as asked; everything else was masked above
  const last = (s: string): string => (redact ? masker.rendered(s) : s);
  const answer: RenderableAnswer<DiffAnswer, DiffFormat> = {
    json: redact ? masker.deep(json) : json,
    unloaded: pair.filter((e) => !e.model).map((e) => masker.name(e.environment_name)),
    tally: tally([], result.diagnostics),
    mask: (s) => masker.rendered(s),
    render: (f) =>
      f === 'markdown'
        ? {
            body: last(formatDiffMarkdown(diff, { redact, drift, masker })),
            contentType: 'text/markdown; charset=utf-8',
          }
        : { body: last(formatDiffText(diff, { redact, drift, masker })), contentType: 'text/plain; charset=utf-8' },
  };
  if (format === 'text' || format === 'markdown') answer.rendered = answer.render(format);
  return answer;
}

/**
 * Why the default pair (development → production, by name, else by role: defaultPair) is not there,
 * and what would answer: the bundle's environments with their roles, named as the answers name them
 * (masked, with their ordinal where two mask alike). Two environments of one role are two all the
 * same: what is missing is the other role, or a pair named with from and to.
 */
function noPair(envs: Record<string, { role?: string }>, masker: Masker): string {
  const names = Object.keys(envs);
  const have = names.map((n) => `${masker.name(n)} (${envs[n].role ?? 'no role'})`).join(', ') || 'none';
  if (names.length < 2) return `cannot diff: need two environments, the bundle has ${names.length} (${have})`;
  const missing = (['development', 'production'] as const).filter(
    (r) => !envs[r] && !names.some((n) => envs[n].role === r),
  );
  return `cannot diff: no ${missing.join(' and no ')} environment (by name or role) for the default pair, development → production (have ${have}); name the two to compare with from and to`;
}
