import type { FastifyInstance } from 'fastify';
import type { RouteOptions } from './index.js';
import { bundleSchema, diagnosticSchema } from '../schemas.js';
import { problemSchema } from '../problem.js';
import { requestBundle, requireEnvironments } from '../body.js';
import { loadBundle } from '../../load/bundle.js';
import { provenance } from '../../load/provenance.js';
import { configDocument, renderConfig } from '../../report/config.js';

export default async function configRoute(app: FastifyInstance, opts: RouteOptions = {}): Promise<void> {
  app.post(
    '/v1/config',
    {
      schema: {
        summary: 'The merged, canonical model of each environment, like `docker compose config`',
        querystring: {
          type: 'object',
          properties: {
            format: { type: 'string', enum: ['json', 'yaml'], default: 'json' },
            provenance: { type: 'boolean', default: false },
            environment: { type: 'string' },
            allResources: {
              type: 'boolean',
              default: false,
              description:
                'keep networks, volumes, secrets, configs and models no service uses (docker compose --all-resources)',
            },
          },
        },
        body: bundleSchema,
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
      const q = request.query as {
        format: 'json' | 'yaml';
        provenance: boolean;
        environment?: string;
        allResources: boolean;
      };
      const result = loadBundle(requestBundle(request), {
        budgets: opts.budgets,
        ...(q.environment ? { only: [q.environment] } : {}),
        allResources: q.allResources,
      });
      requireEnvironments(result.specs, q.environment);
      const failed = Object.entries(result.environments).filter(([, e]) => !e.model);
      if (failed.length || Object.keys(result.environments).length === 0) {
        const detail = failed.length
          ? `environment${failed.length > 1 ? 's' : ''} ${failed.map(([n]) => n).join(', ')} cannot be loaded`
          : 'no environment: name the Compose files in "environments" or use a default name such as compose.yaml';
        return reply
          .code(422)
          .type('application/problem+json')
          .send({
            type: 'about:blank',
            title: 'Unprocessable Content',
            status: 422,
            detail,
            diagnostics: result.diagnostics,
          });
      }
      const environments: Record<string, unknown> = Object.create(null);
      for (const [name, env] of Object.entries(result.environments)) {
        const out: Record<string, unknown> = { files: env.files, projectName: env.name };
        // yaml: the Compose file text of the interpolated model, `$` doubled like `docker compose config`;
        // json: the same document as data (secrets left out, `$` as is), models included
        if (q.format === 'yaml') out.yaml = renderConfig(env.model!, 'yaml');
        else out.model = configDocument(env.model!);
        if (q.provenance) out.provenance = provenance(env.model!);
        environments[name] = out;
      }
      return { environments, diagnostics: result.diagnostics };
    },
  );
}
