import type { FastifyRequest } from 'fastify';
import { BundleError, parseBundle, type Bundle } from '../bundle/bundle.js';

/** The request body (already shape-checked by the route schema) as a normalized Bundle. */
export function requestBundle(request: FastifyRequest, pointer = ''): Bundle {
  const body = request.body as Record<string, unknown>;
  return parseBundle(pointer ? body[pointer.slice(1)] : body, undefined, pointer);
}

/** A query naming an environment the bundle does not have is the caller's mistake (422), not an empty answer. */
export function requireEnvironments(specs: Record<string, unknown>, ...names: (string | undefined)[]): void {
  for (const name of names)
    if (name !== undefined && !Object.hasOwn(specs, name))
      throw new BundleError(
        `no environment ${JSON.stringify(name)} in this bundle (have: ${Object.keys(specs).join(', ') || 'none'})`,
        '',
        422,
      );
}
