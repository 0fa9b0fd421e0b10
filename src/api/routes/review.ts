import type { JsonSchemaToTsProvider } from '@fastify/type-provider-json-schema-to-ts';
import type { FastifyInstance } from 'fastify';
import { diagnosticSchema, findingSchema, countsSchema, failOnSchema, groupSchema } from '../schemas.js';
import { REVIEW_FORMATS } from '../../usecases/review.js';
import { answer } from '../plugins/work.js';
import { BODY_SCHEMAS, taskBody } from '../request-task.js';
import { problem, sendProblem } from '../problem.js';
import { linkBaseProblem } from '../../escape.js';

const verdictSchema = {
  type: 'object',
  properties: {
    status: { type: 'string', enum: ['pass', 'fail'] },
    cause: { type: 'string', enum: ['load', 'validation', 'findings'] },
    reason: { type: 'string' },
  },
} as const;
const entrySchema = { type: 'object', additionalProperties: true } as const;

export default async function reviewRoute(app: FastifyInstance): Promise<void> {
  app.withTypeProvider<JsonSchemaToTsProvider>().post(
    '/v1/review',
    {
      schema: {
        summary:
          'One call for CI and PR bots: validation, findings, environment diff, drift risks, verdict and a PR comment; or base vs head',
        querystring: {
          type: 'object',
          // a misspelled parameter (`failon=warning`) would be ignored, and a CI gate pass that should fail
          additionalProperties: false,
          properties: {
            format: { type: 'string', enum: [...REVIEW_FORMATS], default: 'json' },
            failOn: failOnSchema,
            redact: { type: 'boolean', default: true },
            from: { type: 'string' },
            to: { type: 'string' },
            linkBase: { type: 'string', pattern: '^https?://' },
          },
        } as const,
        body: BODY_SCHEMAS.review,
        response: {
          200: {
            type: 'object',
            properties: {
              verdict: verdictSchema,
              failOn: { type: 'string' },
              counts: countsSchema,
              diagnostics: { type: 'array', items: diagnosticSchema },
              environments: { type: 'object', additionalProperties: { type: 'object', additionalProperties: true } },
              findings: { type: 'array', items: findingSchema },
              groups: { type: 'array', items: groupSchema },
              diff: { type: 'object', additionalProperties: true },
              noDiff: { type: 'string', description: 'why there is no diff (a single environment)' },
              drift: { type: 'array', items: findingSchema },
              newFindings: { type: 'array', items: findingSchema },
              fixedFindings: { type: 'array', items: findingSchema },
              newSuppressed: {
                type: 'array',
                items: findingSchema,
                description: 'with base/head: the findings the change silences, each with what suppressed it',
              },
              changes: {
                type: 'object',
                additionalProperties: {
                  type: 'object',
                  properties: { status: { type: 'string' }, entries: { type: 'array', items: entrySchema } },
                },
              },
              markdown: { type: 'string' },
            },
          },
        },
      },
    },
    async (request, reply) => {
      const q = request.query;
      // a base the links could not be made of (or would carry a password in): said, not dropped
      const badBase = q.linkBase === undefined ? undefined : linkBaseProblem(q.linkBase);
      if (badBase) return sendProblem(reply, problem(400, badBase));
      return answer(request, reply, {
        question: 'review',
        ...taskBody(request.body),
        options: {
          format: q.format,
          failOn: q.failOn,
          redact: q.redact,
          ...(q.from ? { from: q.from } : {}),
          ...(q.to ? { to: q.to } : {}),
          ...(q.linkBase ? { linkBase: q.linkBase } : {}),
        },
      });
    },
  );
}
