/**
 * The fastify application: one route a file, schemas on every route, problem+json for every error.
 * Request bodies and file contents are never logged (the serializers below only keep method/url/id).
 */
import Fastify, { type FastifyInstance, type FastifyServerOptions } from 'fastify';
import { BundleError } from '../bundle/bundle.js';
import { problem, sendProblem, problemSchema } from './problem.js';
import { routes } from './routes/index.js';

export interface AppOptions {
  logger?: FastifyServerOptions['logger'];
  /** bytes; default 16 MiB */
  bodyLimit?: number;
}

export function buildApp(options: AppOptions = {}): FastifyInstance {
  const app = Fastify({
    logger: options.logger ?? false,
    bodyLimit: options.bodyLimit ?? 16 << 20,
    requestIdHeader: 'x-request-id',
    onProtoPoisoning: 'error',
    onConstructorPoisoning: 'error',
    // coerceTypes: query strings (`?redact=false`) arrive as text
    ajv: { customOptions: { allErrors: false, coerceTypes: 'array', removeAdditional: false } },
  });
  app.addSchema(problemSchema);
  // JSON only (plus the upload formats registered by their plugins): text/plain gets a 415
  app.removeContentTypeParser('text/plain');

  app.setErrorHandler((err, request, reply) => {
    if (err instanceof BundleError) return sendProblem(reply, problem(err.status, err.message, err.pointer));
    const e = err as { validation?: unknown; statusCode?: number; code?: string; message: string };
    if (e.validation) return sendProblem(reply, problem(400, `invalid request: ${e.message}`));
    const status = e.statusCode && e.statusCode >= 400 && e.statusCode < 500 ? e.statusCode : 500;
    if (status === 500) request.log.error({ err: { message: e.message, code: e.code, stack: (err as Error).stack } }, 'request failed');
    const detail =
      e.code === 'FST_ERR_CTP_INVALID_JSON_BODY' || e.code === 'FST_ERR_CTP_EMPTY_JSON_BODY'
        ? 'the request body is not valid JSON'
        : e.code === 'FST_ERR_CTP_BODY_TOO_LARGE'
          ? 'the request body is too large'
          : e.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE'
            ? 'unsupported content type: send application/json'
            : status === 500
              ? 'internal error'
              : e.message;
    return sendProblem(reply, problem(status, detail));
  });
  app.setNotFoundHandler((request, reply) => sendProblem(reply, problem(404, `no route ${request.method} ${request.url.split('?')[0]}`)));

  for (const route of routes) app.register(route);
  return app;
}
