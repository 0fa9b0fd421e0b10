/**
 * The `baseline` field of /v1/audit and /v1/review: the accepted findings (src/baseline/), as
 * `--write-baseline` writes them (or any `{findings: [{fingerprint}]}`). Read with the bundle where
 * the request is answered (src/api/request-task.ts): a malformed one is a 400 problem with its
 * pointer, like the bundle. The schema says what JSON Schema can say of its shape; parseBaseline
 * checks the rest (src/baseline/shape.ts: members scalars or lists of entries, entries of scalars,
 * 16 member names in all), as the CLI's file and the multipart `baseline` part are checked.
 */
import { MAX_BASELINE_MEMBERS } from '../baseline/shape.js';

export const baselineSchema = {
  type: 'object',
  description:
    'accepted findings, as `compose-review --write-baseline` writes them: the findings it lists are suppressed (by "baseline") and fail nothing',
  required: ['findings'],
  maxProperties: MAX_BASELINE_MEMBERS,
  properties: {
    fingerprint: { type: 'string', enum: ['composeReview/v1'] },
    findings: {
      type: 'array',
      items: {
        type: 'object',
        required: ['fingerprint'],
        maxProperties: MAX_BASELINE_MEMBERS,
        properties: {
          fingerprint: {
            type: 'string',
            pattern: '^[0-9a-f]{32}(:[0-9]+)?$',
            description: 'SARIF\'s partialFingerprints["composeReview/v1"]',
          },
          rule: { type: 'string' },
          file: { type: 'string' },
          path: { type: 'string' },
        },
      },
    },
  },
} as const;
