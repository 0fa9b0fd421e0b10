import type { JsonSchemaToTsProvider } from '@fastify/type-provider-json-schema-to-ts';
import type { FastifyInstance } from 'fastify';
import { diagnosticSchema } from '../schemas.js';
import { problemSchema } from '../problem.js';
import { answer } from '../plugins/work.js';
import { BODY_SCHEMAS, taskBody } from '../request-task.js';

export default async function configRoute(app: FastifyInstance): Promise<void> {
  app.withTypeProvider<JsonSchemaToTsProvider>().post(
    '/v1/config',
    {
      schema: {
        summary: 'The merged, canonical model of each environment, like `docker compose config`',
        querystring: {
          type: 'object',
          // a misspelled parameter (`failon=warning`) would be ignored, and a CI gate pass that should fail
          additionalProperties: false,
          properties: {
            format: { type: 'string', enum: ['json', 'yaml'], default: 'json' },
            provenance: { type: 'boolean', default: false },
            environment: { type: 'string' },
            redact: {
              type: 'boolean',
              default: true,
              description:
                'mask secret values (under secret-like names, or known to be secret anywhere); false prints them as docker compose config does',
            },
            allResources: {
              type: 'boolean',
              default: false,
              description:
                'keep networks, volumes, secrets, configs and models no service uses (docker compose --all-resources)',
            },
          },
        } as const,
        body: BODY_SCHEMAS.config,
        response: {
          200: {
            type: 'object',
            required: ['environments'],
            properties: {
              environments: {
                type: 'object',
                additionalProperties: {
                  type: 'object',
                  properties: {
                    files: { type: 'array', items: { type: 'string' } },
                    projectName: { type: 'string' },
                    model: { type: 'object', additionalProperties: true },
                    yaml: { type: 'string' },
                    provenance: {
                      type: 'object',
                      additionalProperties: { type: 'object', additionalProperties: true },
                    },
                  },
                },
              },
              diagnostics: { type: 'array', items: diagnosticSchema },
            },
          },
          422: {
            type: 'object',
            properties: { ...problemSchema.properties, diagnostics: { type: 'array', items: diagnosticSchema } },
          },
        },
      },
    },
    async (request, reply) => {
      const q = request.query;
      return answer(request, reply, {
        question: 'config',
        ...taskBody(request.body),
        options: {
          format: q.format,
          provenance: q.provenance,
          allResources: q.allResources,
          redact: q.redact,
          ...(q.environment ? { environment: q.environment } : {}),
        },
      });
    },
  );
}
