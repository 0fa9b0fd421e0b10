/**
 * The methods a path answers, for the 405 a known route gives a method it does not take (RFC 9110
 * 15.5.6: "The origin server MUST generate an Allow header field"). fastify answers those with its
 * not-found handler, as it answers an unknown path; its own router tells the two apart
 * (`findRoute`, find-my-way's `find`: the path matched as a request's is), asked for each method a
 * route was registered with.
 */
import type { FastifyInstance } from 'fastify';

export type AllowedMethods = (url: string) => string[];

/** Records the methods of every route registered from now on; returns the methods a URL answers, sorted. */
export function allowedMethods(app: FastifyInstance): AllowedMethods {
  const methods = new Set<string>();
  app.addHook('onRoute', (route) => {
    for (const m of [route.method].flat()) methods.add(m.toUpperCase());
  });
  return (url) => [...methods].filter((method) => app.findRoute({ method, url })).sort();
}
