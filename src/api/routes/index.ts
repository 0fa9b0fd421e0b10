/** Every route of the API, one file each; app.ts registers them in this order. */
import type { FastifyPluginAsync } from 'fastify';
import healthRoute from './health.js';
import validateRoute from './validate.js';
import configRoute from './config.js';
import auditRoute from './audit.js';
import diffRoute from './diff.js';
import reviewRoute from './review.js';
import rulePagesRoute from './rule-pages.js';

export const routes: FastifyPluginAsync[] = [
  healthRoute,
  validateRoute,
  configRoute,
  auditRoute,
  diffRoute,
  reviewRoute,
  rulePagesRoute,
];
