import type { FastifyInstance } from 'fastify';
import type { JsonSchemaToTsProvider } from '@fastify/type-provider-json-schema-to-ts';
import {
  diagnosticSchema,
  findingSchema,
  countsSchema,
  failOnSchema,
  roleProperties,
  groupSchema,
} from '../schemas.js';
import { ruleCatalog } from '../../audit/rules/index.js';
import { FINDING_FORMATS } from '../../report/render.js';
import { answer } from '../plugins/work.js';
import { BODY_SCHEMAS, taskBody } from '../request-task.js';

export default async function auditRoute(app: FastifyInstance): Promise<void> {
  app.withTypeProvider<JsonSchemaToTsProvider>().post(
    '/v1/audit',
    {
      schema: {
        summary: 'Hardening audit of every environment of a bundle',
        querystring: {
          type: 'object',
          // a misspelled parameter (`failon=warning`) would be ignored, and a CI gate pass that should fail
          additionalProperties: false,
          properties: {
            format: { type: 'string', enum: [...FINDING_FORMATS], default: 'json' },
            failOn: failOnSchema,
            fix: { type: 'boolean', default: false },
            environment: { type: 'string' },
          },
        } as const,
        body: BODY_SCHEMAS.audit,
        response: {
          200: {
            type: 'object',
            properties: {
              failed: { type: 'boolean' },
              failOn: { type: 'string' },
              counts: countsSchema,
              environments: {
                type: 'object',
                additionalProperties: {
                  type: 'object',
                  properties: {
                    ...roleProperties,
                    loaded: { type: 'boolean' },
                    partial: { type: 'boolean' },
                    counts: countsSchema,
                    fix: { type: 'object', properties: { yaml: { type: 'string' }, fixed: { type: 'integer' } } },
                  },
                },
              },
              findings: { type: 'array', items: findingSchema },
              groups: { type: 'array', items: groupSchema },
              suppressed: { type: 'array', items: findingSchema },
              diagnostics: { type: 'array', items: diagnosticSchema },
            },
          },
        },
      },
    },
    async (request, reply) => {
      const q = request.query;
      return answer(request, reply, {
        question: 'audit',
        ...taskBody(request.body),
        options: {
          format: q.format,
          failOn: q.failOn,
          fix: q.fix,
          ...(q.environment ? { environment: q.environment } : {}),
        },
      });
    },
  );

  app.get(
    '/v1/rules',
    {
      schema: {
        summary: 'The audit rules and their metadata',
        response: {
          200: {
            type: 'object',
            properties: { rules: { type: 'array', items: { type: 'object', additionalProperties: true } } },
          },
        },
      },
    },
    // each rule's page, as this service serves it (src/api/routes/rule-pages.ts)
    async () => ({ rules: ruleCatalog().map((r) => ({ ...r, docs: `/docs/rules/${r.id}` })) }),
  );
}
