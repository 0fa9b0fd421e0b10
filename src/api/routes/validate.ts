import type { FastifyInstance } from 'fastify';
import { diagnosticSchema, environmentSummarySchema } from '../schemas.js';
import { answer } from '../plugins/work.js';
import { BODY_SCHEMAS, taskBody } from '../request-task.js';

export default async function validateRoute(app: FastifyInstance): Promise<void> {
  app.post(
    '/v1/validate',
    {
      schema: {
        summary:
          'Validate a Compose bundle: every file against the Compose schema, every environment merged and checked',
        // no parameter: one given (`format=junit`) would be ignored
        querystring: { type: 'object', additionalProperties: false, properties: {} },
        body: BODY_SCHEMAS.validate,
        response: {
          200: {
            type: 'object',
            required: ['valid', 'environments', 'diagnostics'],
            properties: {
              valid: { type: 'boolean' },
              environments: { type: 'object', additionalProperties: environmentSummarySchema },
              diagnostics: { type: 'array', items: diagnosticSchema },
            },
          },
        },
      },
    },
    async (request, reply) =>
      answer(request, reply, { question: 'validate', ...taskBody(request.body), options: {} }),
  );
}
