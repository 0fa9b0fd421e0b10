/** The dependency graph's cycles, reported as compose-go graph/cycle.go reports them. */
import type { Ref } from './checker.js';

/**
 * One cycle per strongly connected component (Tarjan, iterative: a long chain must not overflow the
 * stack), printed like compose-go graph/cycle.go: from the component's first name in sorted order,
 * following the first dependency (sorted) that stays in the component, until a name repeats.
 */
export function cycles(edges: Map<string, Map<string, Ref>>): string[][] {
  const next = (n: string): string[] => [...(edges.get(n)?.keys() ?? [])].filter((m) => edges.has(m)).sort();
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const components: string[][] = [];
  for (const root of [...edges.keys()].sort()) {
    if (index.has(root)) continue;
    const work: [string, string[], number][] = [];
    const open = (n: string): void => {
      index.set(n, index.size);
      low.set(n, index.get(n) as number);
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
        else if (onStack.has(m)) low.set(n, Math.min(low.get(n) as number, index.get(m) as number));
        continue;
      }
      work.pop();
      if (work.length) {
        const parent = work[work.length - 1][0];
        low.set(parent, Math.min(low.get(parent) as number, low.get(n) as number));
      }
      if (low.get(n) === index.get(n)) {
        const comp: string[] = [];
        let m: string;
        do {
          m = stack.pop() as string;
          onStack.delete(m);
          comp.push(m);
        } while (m !== n);
        if (comp.length > 1 || edges.get(n)?.has(n)) components.push(comp);
      }
    }
  }
  return components
    .map((comp) => {
      const inComp = new Set(comp);
      const path = [comp.reduce((a, b) => (b < a ? b : a))];
      for (;;) {
        const m = next(path[path.length - 1]).find((x) => inComp.has(x)) as string;
        const i = path.indexOf(m);
        if (i >= 0) return [...path.slice(i), m];
        path.push(m);
      }
    })
    .sort((a, b) => (a[0] < b[0] ? -1 : 1));
}
