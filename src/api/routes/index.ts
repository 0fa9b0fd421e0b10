/** Every route of the API, one file each; app.ts registers them in this order. */
import type { FastifyPluginAsync } from 'fastify';
import type { Budgets } from '../../limits.js';
import healthRoute from './health.js';
import validateRoute from './validate.js';
import configRoute from './config.js';
import auditRoute from './audit.js';
import diffRoute from './diff.js';
import reviewRoute from './review.js';

/** What every route is registered with: the service's work budgets (COMPOSE_REVIEW_MAX_*). */
export interface RouteOptions {
  budgets?: Partial<Budgets>;
}

export const routes: FastifyPluginAsync<RouteOptions>[] = [
  healthRoute,
  validateRoute,
  configRoute,
  auditRoute,
  diffRoute,
  reviewRoute,
];
