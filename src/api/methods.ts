/**
 * The methods a path answers, for the 405 a known route gives a method it does not take (RFC 9110
 * 15.5.6: "The origin server MUST generate an Allow header field"). fastify answers those with its
 * not-found handler, as it answers an unknown path; to tell the two apart, every route is also
 * registered in a router of its own, the one fastify routes with (find-my-way, fastify's default
 * options: case-sensitive, trailing slash significant), so a path matches here as it matches there.
 */
import type { FastifyInstance } from 'fastify';
import FindMyWay from 'find-my-way';

export type AllowedMethods = (path: string) => string[];

/** Records every route registered from now on; returns the methods a path answers, sorted. */
export function allowedMethods(app: FastifyInstance): AllowedMethods {
  const router = FindMyWay();
  const methods = new Set<FindMyWay.HTTPMethod>();
  const handler = () => undefined;
  app.addHook('onRoute', (route) => {
    for (const m of [route.method].flat()) {
      const method = m.toUpperCase() as FindMyWay.HTTPMethod;
      methods.add(method);
      router.on(method, route.url, handler);
    }
  });
  return (path) => [...methods].filter((m) => router.find(m, path) !== null).sort();
}
