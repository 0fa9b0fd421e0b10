import type { JsonSchemaToTsProvider } from '@fastify/type-provider-json-schema-to-ts';
import type { FastifyInstance } from 'fastify';
import { findingSchema } from '../schemas.js';
import { answer } from '../plugins/work.js';
import { BODY_SCHEMAS, taskBody } from '../request-task.js';

export default async function diffRoute(app: FastifyInstance): Promise<void> {
  app.withTypeProvider<JsonSchemaToTsProvider>().post(
    '/v1/diff',
    {
      schema: {
        summary: 'Semantic diff between two environments (default development → production) with drift risks',
        querystring: {
          type: 'object',
          // a misspelled parameter (`failon=warning`) would be ignored, and a CI gate pass that should fail
          additionalProperties: false,
          properties: {
            from: { type: 'string' },
            to: { type: 'string' },
            format: { type: 'string', enum: ['json', 'text', 'markdown'], default: 'json' },
            redact: { type: 'boolean', default: true },
          },
        } as const,
        body: BODY_SCHEMAS.diff,
        response: {
          200: {
            type: 'object',
            additionalProperties: true,
            properties: {
              from: { type: 'string' },
              to: { type: 'string' },
              complete: { type: 'boolean', description: 'false when a side failed to load and was compared as empty' },
              summary: {
                type: 'object',
                additionalProperties: true,
                properties: { added: { type: 'integer' }, removed: { type: 'integer' }, changed: { type: 'integer' } },
              },
              entries: {
                type: 'array',
                items: {
                  type: 'object',
                  additionalProperties: true,
                  properties: {
                    path: { type: 'string' },
                    kind: { type: 'string', enum: ['added', 'removed', 'changed'] },
                  },
                },
              },
              drift: { type: 'array', items: findingSchema },
            },
          },
        },
      },
    },
    async (request, reply) => {
      const q = request.query;
      return answer(request, reply, {
        question: 'diff',
        ...taskBody(request.body),
        options: {
          format: q.format,
          redact: q.redact,
          ...(q.from ? { from: q.from } : {}),
          ...(q.to ? { to: q.to } : {}),
        },
      });
    },
  );
}
