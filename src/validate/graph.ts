/** The dependency graph's cycles, reported as compose-go graph/cycle.go reports them. */

import { compareGo } from '../compat/go.js';

/**
 * The cycles of a dependency graph (node -> the nodes it depends on; only nodes of the map count),
 * one per strongly connected component that has one. The first is the one compose-go's checkCycle
 * reports: a depth-first search from each node in name order, following dependencies in name order,
 * up to the first dependency already on the path (`B -> D -> C -> B`). compose-go's search walks every
 * path again from every node (exponential on a wide graph): here a node whose dependencies were all
 * searched without a cycle is not searched again, which finds the same first cycle in linear time.
 * The search then goes on past that cycle's component for the others.
 */
export function cycles(edges: Map<string, Map<string, unknown>>): string[][] {
  // a graph without an edge has no cycle: most projects, whose services depend on nothing (the
  // search below sorts and numbers every node first: 31 ms of loading 10,000 such services)
  let edgeless = true;
  for (const deps of edges.values())
    if (deps.size > 0) {
      edgeless = false;
      break;
    }
  if (edgeless) return [];
  const next = (n: string): string[] => [...(edges.get(n)?.keys() ?? [])].filter((m) => edges.has(m)).sort(compareGo);
  const component = components(edges, next);
  const reported = new Set<number>();
  const state = new Map<string, 'path' | 'done'>();
  const out: string[][] = [];
  for (const root of [...edges.keys()].sort(compareGo)) {
    if (state.has(root)) continue;
    // the path from the root, each node with its dependencies and how many were searched
    const path: [node: string, deps: string[], searched: number][] = [[root, next(root), 0]];
    const at = new Map<string, number>([[root, 0]]);
    state.set(root, 'path');
    while (path.length) {
      const frame = path[path.length - 1];
      if (frame[2] >= frame[1].length) {
        path.pop();
        at.delete(frame[0]);
        state.set(frame[0], 'done');
        continue;
      }
      const m = frame[1][frame[2]++];
      const c = component.get(m) ?? -1;
      if (reported.has(c) || state.get(m) === 'done') continue;
      if (state.get(m) === 'path') {
        out.push([...path.slice(at.get(m)).map(([n]) => n), m]);
        reported.add(c);
        continue;
      }
      state.set(m, 'path');
      at.set(m, path.length);
      path.push([m, next(m), 0]);
    }
  }
  return out;
}

/** Strongly connected components (Tarjan, iterative: a long chain must not overflow the stack). */
function components(edges: Map<string, unknown>, next: (n: string) => string[]): Map<string, number> {
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  // every node read below was numbered when it was opened
  const num = (m: Map<string, number>, n: string): number => m.get(n) ?? 0;
  const stack: string[] = [];
  const onStack = new Set<string>();
  const component = new Map<string, number>();
  let count = 0;
  for (const root of edges.keys()) {
    if (index.has(root)) continue;
    const work: [string, string[], number][] = [];
    const open = (n: string): void => {
      index.set(n, index.size);
      low.set(n, num(index, n));
      stack.push(n);
      onStack.add(n);
      work.push([n, next(n), 0]);
    };
    open(root);
    while (work.length) {
      const frame = work[work.length - 1];
      const [n, children] = frame;
      if (frame[2] < children.length) {
        const m = children[frame[2]++];
        if (!index.has(m)) open(m);
        else if (onStack.has(m)) low.set(n, Math.min(num(low, n), num(index, m)));
        continue;
      }
      work.pop();
      if (work.length) {
        const parent = work[work.length - 1][0];
        low.set(parent, Math.min(num(low, parent), num(low, n)));
      }
      if (num(low, n) === num(index, n)) {
        for (let m = stack.pop(); m !== undefined; m = m === n ? undefined : stack.pop()) {
          onStack.delete(m);
          component.set(m, count);
        }
        count++;
      }
    }
  }
  return component;
}
