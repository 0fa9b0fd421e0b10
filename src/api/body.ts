import type { FastifyRequest } from 'fastify';
import { parseBundle, type Bundle } from '../bundle/bundle.js';

/** The request body (already shape-checked by the route schema) as a normalized Bundle. */
export function requestBundle(request: FastifyRequest): Bundle {
  return parseBundle(request.body);
}
