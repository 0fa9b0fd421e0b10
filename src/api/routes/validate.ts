import type { FastifyInstance } from 'fastify';
import { bundleSchema, diagnosticSchema, environmentSummarySchema } from '../schemas.js';
import { requestBundle } from '../body.js';
import { answer } from '../plugins/work.js';

export default async function validateRoute(app: FastifyInstance): Promise<void> {
  app.post(
    '/v1/validate',
    {
      schema: {
        summary:
          'Validate a Compose bundle: every file against the Compose schema, every environment merged and checked',
        body: bundleSchema,
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
      answer(request, reply, { question: 'validate', input: requestBundle(request), options: {} }),
  );
}
