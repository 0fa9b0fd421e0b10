/**
 * Ports: the canonical `services.*.ports` transform (transform/ports.go), each short-syntax entry
 * read by src/syntax/ports.ts, and the port defaults.
 */
import type { Tree, TreeObject } from '../yaml/located.js';
import { isObject, valueLoc } from '../yaml/located.js';
import { exactInt } from '../compat/go-int.js';
import { goType } from '../compat/go.js';
import { NormalizeError } from './errors.js';
import { quotedParts, quoting } from '../diagnostics.js';
import { parsePortConfig, PortSpecError, portSpecSize, type PortConfig } from '../syntax/ports.js';
import { raiseHint, type Usage } from '../limits.js';
import {
  built,
  childWalk,
  fail,
  pathText,
  placeError,
  reindexed,
  setDefault,
  type Transformer,
  type Walk,
} from './walk.js';

/** Counts `n` expanded ports against the environment's `ports` budget, before they are made. */
function countPorts(usage: Usage, n: number, w: Walk): void {
  usage.ports += n;
  const max = usage.budgets.ports;
  if (usage.ports > max)
    throw new NormalizeError(
      `port ranges expand to more than ${max.toLocaleString('en-US')} ports in this environment`,
      'port-limit',
      w.segs,
      w.loc ?? w.at,
      raiseHint('ports'),
    );
}

/** mapstructure encoding of a ServicePortConfig: yaml field order, empty fields omitted. */
function portTree(p: PortConfig, loc: Parameters<typeof built>[1]): TreeObject {
  const fields: [string, Tree][] = [['mode', p.mode]];
  if (p.host_ip !== undefined) fields.push(['host_ip', p.host_ip]);
  if (p.target !== undefined) fields.push(['target', p.target]);
  if (p.published !== undefined) fields.push(['published', p.published]);
  fields.push(['protocol', p.protocol]);
  return built(fields, loc);
}

/**
 * transform.transformPorts on `services.*.ports`: each short entry becomes one long-form mapping
 * per port of its range, each sitting where its string (or number) sits.
 */
export const transformPorts: Transformer = (data, w, options) => {
  if (!Array.isArray(data)) return fail(w, `${pathText(w)}: invalid type ${goType(data)} for port`);
  const ports: Tree[] = [];
  const from: number[] = [];
  for (let i = 0; i < data.length; i++) {
    const entry = data[i];
    const item = childWalk(data, w, i);
    // go-yaml's type: an integer past int64 is a uint64, past uint64 a float64 (compat/go.ts goType)
    const isInt = typeof entry === 'number' && goType(entry, valueLoc(data, i)) === 'int';
    if (isInt || typeof entry === 'string') {
      const spec = String(exactInt(entry, valueLoc(data, i)) ?? entry);
      let size: number;
      try {
        size = portSpecSize(spec);
      } catch (e) {
        // Go ignores parse errors of strings only (`${HOST}:80` before interpolation)
        if (!isInt && options.ignoreParseError) return data;
        const error = e instanceof PortSpecError ? quoting(new NormalizeError(e.message, e.code), quotedParts(e)) : e;
        return placeError(error, item);
      }
      if (options.usage) countPorts(options.usage, size, item);
      const parsed = parsePortConfig(spec);
      for (const p of parsed) {
        ports.push(portTree(p, item.loc));
        from.push(i);
      }
    } else if (isObject(entry)) {
      ports.push(entry);
      from.push(i);
    } else return fail(w, `${pathText(w)}: invalid type ${goType(entry, valueLoc(data, i))} for port`);
  }
  return reindexed(ports, from, data);
};

/** transform.portDefaults on `services.*.ports.*`. */
export const portDefaults: Transformer = (data, w) => {
  if (!isObject(data)) return data;
  setDefault(data, 'protocol', 'tcp', w.at);
  setDefault(data, 'mode', 'ingress', w.at);
  return data;
};
