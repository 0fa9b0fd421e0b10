/**
 * The `baseline` field of /v1/audit and /v1/review: the accepted findings (src/baseline/), as
 * `--write-baseline` writes them (or any `{findings: [{fingerprint}]}`). Checked here, on the event
 * loop (a linear walk), so a malformed one is a 400 problem with its pointer, like the bundle.
 */
import type { FastifyRequest } from 'fastify';
import { parseBaseline, type Baseline } from '../baseline/baseline.js';
import { isRecord } from '../records.js';

export const baselineSchema = {
  type: 'object',
  description:
    'accepted findings, as `compose-review --write-baseline` writes them: the findings it lists are suppressed (by "baseline") and fail nothing',
  required: ['findings'],
  properties: {
    fingerprint: { type: 'string', enum: ['composeReview/v1'] },
    findings: {
      type: 'array',
      items: {
        type: 'object',
        required: ['fingerprint'],
        properties: {
          fingerprint: { type: 'string', description: 'SARIF\'s partialFingerprints["composeReview/v1"]' },
          rule: { type: 'string' },
          file: { type: 'string' },
          path: { type: 'string' },
        },
      },
    },
  },
} as const;

/** `{baseline}` for the task's options when the body has one (a pair's is at the top, or its head's). */
export function requestBaseline(request: FastifyRequest): { baseline?: Baseline } {
  const body = request.body;
  if (!isRecord(body)) return {};
  if (body.baseline !== undefined) return { baseline: parseBaseline(body.baseline, '/baseline') };
  if (isRecord(body.head) && body.head.baseline !== undefined)
    return { baseline: parseBaseline(body.head.baseline, '/head/baseline') };
  return {};
}
