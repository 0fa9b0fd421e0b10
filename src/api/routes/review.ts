import type { FastifyInstance, FastifyRequest } from 'fastify';
import { bundleSchema, diagnosticSchema, findingSchema, countsSchema, failOnSchema } from '../schemas.js';
import { alignPairEnvironments, parseBundle, BundleError, type Bundle } from '../../bundle/bundle.js';
import { review, reviewChange, type ReviewOptions } from '../../review/review.js';
import { reviewMarkdown, changeReviewMarkdown } from '../../report/review.js';
import { diffData } from '../../report/diff.js';
import { countBySeverity, mergeEnvironments, type FailOn } from '../../report/findings.js';
import { countFinding } from '../metrics.js';
import { shown } from '../../report/diff.js';
import { requireEnvironments } from '../body.js';
import type { RouteOptions } from './index.js';

const verdictSchema = {
  type: 'object',
  properties: { status: { type: 'string', enum: ['pass', 'fail'] }, reason: { type: 'string' } },
} as const;
const entrySchema = { type: 'object', additionalProperties: true } as const;

interface Query {
  format: 'json' | 'markdown';
  failOn: FailOn;
  redact: boolean;
  from?: string;
  to?: string;
  linkBase?: string;
}

function bundles(request: FastifyRequest): { bundle?: Bundle; base?: Bundle; head?: Bundle } {
  const body = request.body as Record<string, unknown>;
  if (body.base !== undefined || body.head !== undefined) {
    if (body.base === undefined || body.head === undefined)
      throw new BundleError(
        'a change review needs both "base" and "head" bundles',
        body.base === undefined ? '/base' : '/head',
      );
    const [base, head] = alignPairEnvironments(body.base, body.head);
    return { base: parseBundle(base, undefined, '/base'), head: parseBundle(head, undefined, '/head') };
  }
  return { bundle: parseBundle(body) };
}

export default async function reviewRoute(app: FastifyInstance, opts: RouteOptions = {}): Promise<void> {
  app.post(
    '/v1/review',
    {
      schema: {
        summary:
          'One call for CI and PR bots: validation, findings, environment diff, drift risks, verdict and a PR comment; or base vs head',
        querystring: {
          type: 'object',
          properties: {
            format: { type: 'string', enum: ['json', 'markdown'], default: 'json' },
            failOn: failOnSchema,
            redact: { type: 'boolean', default: true },
            from: { type: 'string' },
            to: { type: 'string' },
            linkBase: { type: 'string', pattern: '^https?://' },
          },
        },
        body: {
          type: 'object',
          properties: { ...bundleSchema.properties, base: bundleSchema, head: bundleSchema },
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
              diff: { type: 'object', additionalProperties: true },
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
      const q = request.query as Query;
      const options: ReviewOptions = {
        budgets: opts.budgets,
        failOn: q.failOn,
        ...(q.from ? { from: q.from } : {}),
        ...(q.to ? { to: q.to } : {}),
      };
      const md = { redact: q.redact, ...(q.linkBase ? { linkBase: q.linkBase } : {}) };
      const { bundle, base, head } = bundles(request);
      if (base && head) {
        const c = reviewChange(base, head, options);
        const markdown = changeReviewMarkdown(c, md);
        if (q.format === 'markdown') return reply.type('text/markdown; charset=utf-8').send(markdown);
        const changes: Record<string, unknown> = Object.create(null);
        for (const [n, e] of Object.entries(c.environments))
          changes[n] = { status: e.status, entries: e.entries.map((x) => shown(x, q.redact)) };
        return {
          verdict: c.verdict,
          failOn: q.failOn,
          diagnostics: c.head.diagnostics,
          changes,
          newFindings: c.newFindings,
          fixedFindings: c.fixedFindings,
          markdown,
        };
      }
      const r = review(bundle!, options);
      requireEnvironments(r.result.specs, q.from, q.to);
      for (const f of [...r.audit.findings, ...r.drift]) countFinding(f.rule, f.severity);
      const markdown = reviewMarkdown(r, md);
      if (q.format === 'markdown') return reply.type('text/markdown; charset=utf-8').send(markdown);
      const environments: Record<string, unknown> = Object.create(null);
      for (const [n, e] of Object.entries(r.audit.environments))
        environments[n] = {
          role: e.role,
          loaded: e.loaded,
          files: r.result.environments[n].files,
          counts: countBySeverity([...e.findings, ...e.suppressed]),
        };
      return {
        verdict: r.verdict,
        failOn: r.failOn,
        counts: r.counts,
        diagnostics: r.diagnostics,
        environments,
        findings: mergeEnvironments(r.audit.findings),
        ...(r.diff ? { diff: diffData(r.diff, { redact: q.redact }) } : {}),
        drift: r.drift,
        markdown,
      };
    },
  );
}
