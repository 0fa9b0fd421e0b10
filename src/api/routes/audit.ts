import type { FastifyInstance } from 'fastify';
import { bundleSchema, diagnosticSchema, findingSchema, countsSchema, failOnSchema } from '../schemas.js';
import { requestBundle, requireEnvironments } from '../body.js';
import { loadBundle } from '../../load/bundle.js';
import { auditProject } from '../../audit/project.js';
import { ruleCatalog } from '../../audit/rules/index.js';
import { countBySeverity, exceedsThreshold, mergeEnvironments, type FailOn } from '../../report/findings.js';
import { renderFindings, FINDING_FORMATS, type FindingFormat } from '../../report/render.js';
import { countFinding } from '../metrics.js';
import type { RouteOptions } from './index.js';

export default async function auditRoute(app: FastifyInstance, opts: RouteOptions = {}): Promise<void> {
  app.post(
    '/v1/audit',
    {
      schema: {
        summary: 'Hardening audit of every environment of a bundle',
        querystring: {
          type: 'object',
          properties: {
            format: { type: 'string', enum: [...FINDING_FORMATS], default: 'json' },
            failOn: failOnSchema,
            fix: { type: 'boolean', default: false },
            environment: { type: 'string' },
          },
        },
        body: bundleSchema,
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
                    role: { type: 'string' },
                    loaded: { type: 'boolean' },
                    counts: countsSchema,
                    fix: { type: 'object', properties: { yaml: { type: 'string' }, fixed: { type: 'integer' } } },
                  },
                },
              },
              findings: { type: 'array', items: findingSchema },
              suppressed: { type: 'array', items: findingSchema },
              diagnostics: { type: 'array', items: diagnosticSchema },
            },
          },
        },
      },
    },
    async (request, reply) => {
      const q = request.query as { format: FindingFormat; failOn: FailOn; fix: boolean; environment?: string };
      const bundle = requestBundle(request);
      const result = loadBundle(bundle, { budgets: opts.budgets, ...(q.environment ? { only: [q.environment] } : {}) });
      requireEnvironments(result.specs, q.environment);
      const audit = auditProject(result, { fix: q.fix });
      const diagnostics = [...result.diagnostics, ...audit.diagnostics];
      const failed = exceedsThreshold(audit.findings, q.failOn) || diagnostics.some((d) => d.severity === 'error');
      for (const f of audit.findings) countFinding(f.rule, f.severity);
      if (q.format !== 'json') {
        const r = renderFindings(q.format, [...diagnostics, ...audit.findings, ...audit.suppressed], bundle.files);
        return reply.type(r.contentType).header('x-compose-review-failed', String(failed)).send(r.body);
      }
      const environments: Record<string, unknown> = Object.create(null);
      for (const [name, e] of Object.entries(audit.environments))
        environments[name] = {
          role: e.role,
          loaded: e.loaded,
          counts: countBySeverity([...e.findings, ...e.suppressed]),
          ...(e.fix ? { fix: e.fix } : {}),
        };
      return {
        failed,
        failOn: q.failOn,
        counts: audit.counts,
        environments,
        findings: mergeEnvironments(audit.findings),
        suppressed: mergeEnvironments(audit.suppressed),
        diagnostics,
      };
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
    async () => ({ rules: ruleCatalog() }),
  );
}
