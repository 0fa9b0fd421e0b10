import type { FastifyInstance } from 'fastify';
import type { RouteOptions } from './index.js';
import { findingSchema, bundleSchema } from '../schemas.js';
import { requestBundle } from '../body.js';
import { loadBundle } from '../../load/bundle.js';
import { defaultPair, diffEnvironments } from '../../diff/diff.js';
import { driftRisks } from '../../diff/drift.js';
import { diffData, formatDiffMarkdown, formatDiffText } from '../../report/diff.js';
import { BundleError } from '../../bundle/bundle.js';

export default async function diffRoute(app: FastifyInstance, opts: RouteOptions = {}): Promise<void> {
  app.post(
    '/v1/diff',
    {
      schema: {
        summary: 'Semantic diff between two environments (default development → production) with drift risks',
        querystring: {
          type: 'object',
          properties: {
            from: { type: 'string' },
            to: { type: 'string' },
            format: { type: 'string', enum: ['json', 'text', 'markdown'], default: 'json' },
            redact: { type: 'boolean', default: true },
          },
        },
        body: bundleSchema,
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
      const q = request.query as { from?: string; to?: string; format: 'json' | 'text' | 'markdown'; redact: boolean };
      const result = loadBundle(requestBundle(request), { budgets: opts.budgets });
      const envs = result.environments;
      const pair = q.from || q.to ? [envs[q.from ?? 'development'], envs[q.to ?? 'production']] : defaultPair(envs);
      if (!pair || !pair[0] || !pair[1]) {
        throw new BundleError(
          `cannot diff: need two environments (have ${Object.keys(envs).join(', ') || 'none'})`,
          '',
          422,
        );
      }
      const diff = diffEnvironments(pair[0], pair[1]);
      const drift = pair[0].model && pair[1].model ? driftRisks(pair[0], pair[1], { diff }) : [];
      if (q.format === 'text')
        return reply.type('text/plain; charset=utf-8').send(formatDiffText(diff, { redact: q.redact, drift }));
      if (q.format === 'markdown')
        return reply.type('text/markdown; charset=utf-8').send(formatDiffMarkdown(diff, { redact: q.redact, drift }));
      return { ...diffData(diff, { redact: q.redact, drift }), diagnostics: result.diagnostics };
    },
  );
}
