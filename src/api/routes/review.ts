import type { JsonSchemaToTsProvider } from '@fastify/type-provider-json-schema-to-ts';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { bundleSchema, diagnosticSchema, findingSchema, countsSchema, failOnSchema, groupSchema } from '../schemas.js';
import { alignPairEnvironments, parseBundle, BundleError, type Bundle } from '../../bundle/bundle.js';
import { REVIEW_FORMATS, type BundlePair } from '../../usecases/review.js';
import { answer } from '../plugins/work.js';
import { baselineSchema, requestBaseline } from '../baseline.js';
import { isRecord } from '../../records.js';

const verdictSchema = {
  type: 'object',
  properties: {
    status: { type: 'string', enum: ['pass', 'fail'] },
    cause: { type: 'string', enum: ['load', 'validation', 'findings'] },
    reason: { type: 'string' },
  },
} as const;
const entrySchema = { type: 'object', additionalProperties: true } as const;

function bundles(request: FastifyRequest): Bundle | BundlePair {
  const body = request.body;
  if (isRecord(body) && (body.base !== undefined || body.head !== undefined)) {
    if (body.base === undefined || body.head === undefined)
      throw new BundleError(
        'a change review needs both "base" and "head" bundles',
        body.base === undefined ? '/base' : '/head',
      );
    const [base, head] = alignPairEnvironments(body.base, body.head);
    return { base: parseBundle(base, undefined, '/base'), head: parseBundle(head, undefined, '/head') };
  }
  return parseBundle(body);
}

export default async function reviewRoute(app: FastifyInstance): Promise<void> {
  app.withTypeProvider<JsonSchemaToTsProvider>().post(
    '/v1/review',
    {
      schema: {
        summary:
          'One call for CI and PR bots: validation, findings, environment diff, drift risks, verdict and a PR comment; or base vs head',
        querystring: {
          type: 'object',
          properties: {
            format: { type: 'string', enum: [...REVIEW_FORMATS], default: 'json' },
            failOn: failOnSchema,
            redact: { type: 'boolean', default: true },
            from: { type: 'string' },
            to: { type: 'string' },
            linkBase: { type: 'string', pattern: '^https?://' },
          },
        } as const,
        body: {
          type: 'object',
          additionalProperties: false,
          properties: { ...bundleSchema.properties, base: bundleSchema, head: bundleSchema, baseline: baselineSchema },
        },
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
      return answer(request, reply, {
        question: 'review',
        input: bundles(request),
        options: {
          format: q.format,
          failOn: q.failOn,
          redact: q.redact,
          ...(q.from ? { from: q.from } : {}),
          ...(q.to ? { to: q.to } : {}),
          ...(q.linkBase ? { linkBase: q.linkBase } : {}),
          ...requestBaseline(request),
        },
      });
    },
  );
}
