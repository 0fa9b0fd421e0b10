import type { FastifyRequest } from 'fastify';
import { parseBundle, type Bundle } from '../bundle/bundle.js';

/** The request body (already shape-checked by the route schema) as a normalized Bundle. */
export function requestBundle(request: FastifyRequest, pointer = ''): Bundle {
  const body = request.body as Record<string, unknown>;
  return parseBundle(pointer ? body[pointer.slice(1)] : body, undefined, pointer);
}
