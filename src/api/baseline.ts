/**
 * The `baseline` field of /v1/audit and /v1/review: the accepted findings (src/baseline/), as
 * `--write-baseline` writes them (or any `{findings: [{fingerprint}]}`). Read with the bundle where
 * the request is answered (src/api/request-task.ts): a malformed one is a 400 problem with its
 * pointer, like the bundle.
 */

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
