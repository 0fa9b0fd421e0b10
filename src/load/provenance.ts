/** The provenance map: every leaf path of a model -> the place that set its final value. */
import type { Location } from '../diagnostics.js';
import { formatPath } from '../diagnostics.js';
import { isObject, valueLoc, keyLoc, type Tree } from '../yaml/located.js';
import { emptyRecord } from '../records.js';

export function provenance(model: Tree): Record<string, Location> {
  const out: Record<string, Location> = emptyRecord();
  const walk = (node: Tree, path: (string | number)[], inherited: Location | undefined): void => {
    if (Array.isArray(node)) {
      node.forEach((v, i) => {
        const loc = valueLoc(node, i) ?? inherited;
        if (typeof v === 'object' && v !== null) walk(v, [...path, i], loc);
        else if (loc) out[formatPath([...path, i])] = loc;
      });
    } else if (isObject(node)) {
      for (const k of Object.keys(node)) {
        const v = node[k];
        const loc = valueLoc(node, k) ?? keyLoc(node, k) ?? inherited;
        if (typeof v === 'object' && v !== null && Object.keys(v).length > 0) walk(v, [...path, k], loc);
        else if (loc) out[formatPath([...path, k])] = loc;
      }
    }
  };
  walk(model, [], undefined);
  return out;
}

export function formatLocation(l: Location): string {
  return `${l.file}:${l.line}:${l.column}`;
}
