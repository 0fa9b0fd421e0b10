/**
 * The services' dependency graph (compose-go graph/services.go newGraph, graph/traversal.go): the
 * order `docker compose up` starts services in (dependencies first), the order `down` and `stop`
 * stop them in (dependents first), and which services `stop db` reaches (db and what depends on it).
 */
import { compareGo, goQuote, goV } from '../compat/go.js';
import { isObject } from '../yaml/located.js';
import { cycles } from '../validate/graph.js';
import { dependsOn, ProjectError, servicesOf, sortedKeys, strings, type Project } from './project.js';

/** A disabled service's profiles, for the message that says how to enable it. */
const profilesOf = (s: unknown): string[] => (isObject(s) ? strings(s.profiles) : []);

export interface DependencyGraph {
  /** for each enabled service, the services it depends on and the services that depend on it, by name */
  [service: string]: { dependencies: string[]; dependents: string[] };
}

/**
 * newGraph: an edge for each `depends_on` entry on an enabled service; an entry on a service that is
 * not enabled is dropped when `required: false`, else an error (`service "a" depends on unknown
 * service "b"`, or `service "b" is required by "a" but is disabled. Can be enabled by profiles
 * [debug]`); a cycle is an error (`dependency cycle detected: a -> b -> a`). Where compose-go
 * reports whichever error its map order meets first, we report the first by service name.
 */
export function dependencyGraph(project: Project): DependencyGraph {
  const services = servicesOf(project.model);
  const disabled = project.disabled ?? {};
  const graph: DependencyGraph = {};
  const names = sortedKeys(services);
  for (const name of names) graph[name] = { dependencies: [], dependents: [] };
  const edges = new Map<string, Map<string, true>>();
  for (const name of names) {
    const deps = new Map<string, true>();
    for (const [dep, required] of [...dependsOn(services[name])].sort(([a], [b]) => compareGo(a, b))) {
      if (!Object.hasOwn(graph, dep)) {
        if (!required) continue;
        if (Object.hasOwn(disabled, dep))
          throw new ProjectError(
            'disabled-dependency',
            `service ${goQuote(dep)} is required by ${goQuote(name)} but is disabled. Can be enabled by profiles ${goV(profilesOf(disabled[dep]))}`,
            name,
          );
        throw new ProjectError(
          'undefined-dependency',
          `service ${goQuote(name)} depends on unknown service ${goQuote(dep)}`,
          name,
        );
      }
      deps.set(dep, true);
    }
    edges.set(name, deps);
  }
  const [cycle] = cycles(edges);
  if (cycle) throw new ProjectError('dependency-cycle', `dependency cycle detected: ${cycle.join(' -> ')}`, cycle[0]);
  for (const [name, deps] of edges)
    for (const dep of deps.keys()) {
      graph[name].dependencies.push(dep);
      graph[dep].dependents.push(name);
    }
  for (const name of names) graph[name].dependents.sort(compareGo);
  return graph;
}

export interface OrderOptions {
  /** InReverseOrder: each service before the services it depends on (`docker compose down`) */
  reverse?: boolean;
  /**
   * WithRootNodesAndDown: only these services and the services that depend on them, directly or not
   * (`docker compose stop db` stops db and what needs it); the others are passed over
   */
  from?: readonly string[];
}

/**
 * The services in the order compose-go's graph walk visits them: a service once every service it
 * depends on was visited (with `reverse`, once every service depending on it was). compose-go visits
 * the services that are ready at the same time concurrently; we list each such wave by name. Fails
 * as dependencyGraph does.
 */
export function dependencyOrder(project: Project, options: OrderOptions = {}): string[] {
  const graph = dependencyGraph(project);
  const before = (n: string): string[] => (options.reverse ? graph[n].dependents : graph[n].dependencies);
  const after = (n: string): string[] => (options.reverse ? graph[n].dependencies : graph[n].dependents);
  const visit = reachedFrom(graph, options.from);
  const waiting = new Map<string, number>();
  let wave: string[] = [];
  for (const n of Object.keys(graph)) {
    waiting.set(n, before(n).length);
    if (before(n).length === 0) wave.push(n);
  }
  const order: string[] = [];
  while (wave.length) {
    wave.sort(compareGo);
    const next: string[] = [];
    for (const n of wave) {
      if (!visit || visit.has(n)) order.push(n);
      for (const m of after(n)) {
        const left = (waiting.get(m) ?? 0) - 1;
        waiting.set(m, left);
        if (left === 0) next.push(m);
      }
    }
    wave = next;
  }
  return order;
}

/** The `from` services and every service that depends on one of them, directly or not (none: all). */
function reachedFrom(graph: DependencyGraph, from: readonly string[] | undefined): Set<string> | undefined {
  if (!from || from.length === 0) return undefined;
  const seen = new Set<string>();
  const stack = from.filter((n) => Object.hasOwn(graph, n));
  for (const n of stack) seen.add(n);
  for (let n = stack.pop(); n !== undefined; n = stack.pop())
    for (const m of graph[n].dependents)
      if (!seen.has(m)) {
        seen.add(m);
        stack.push(m);
      }
  return seen;
}
