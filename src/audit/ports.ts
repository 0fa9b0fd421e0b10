/**
 * The ports a service publishes, read from the long syntax or the short one (split as compose-go
 * reads it: src/syntax/ports.ts), whatever the model holds: the port rules' reader.
 */
import type { Location } from '../diagnostics.js';
import { splitPortSpec } from '../syntax/ports.js';
import { isObject, valueLoc } from '../yaml/located.js';
import type { Tree, TreeObject } from '../yaml/located.js';
import { list, str } from './model.js';

export interface PortSpec {
  index: number;
  /** undefined: all interfaces */
  hostIp?: string;
  /** host port or range; undefined: an ephemeral port picked by the engine */
  published?: string;
  target?: string;
  protocol: string;
  /** the item was a short-syntax string or number */
  short: boolean;
}

/** Short syntax `[[IP:]HOST:]CONTAINER[/PROTOCOL]`, split as docker/go-connections nat.ParsePortSpec does. */
export function parsePortShort(raw: string): Omit<PortSpec, 'index' | 'short'> {
  const { hostIp, published, target, protocol } = splitPortSpec(raw.trim());
  return {
    target,
    published: published || undefined,
    hostIp: hostIp || undefined,
    protocol: protocol.toLowerCase() || 'tcp',
  };
}

/** The port rules all read a service's ports: each list is read once (the specs are shared: read them only). */
const portSpecs = new WeakMap<Tree[], PortSpec[]>();

export function ports(svc: TreeObject): PortSpec[] {
  const known = Array.isArray(svc.ports) ? portSpecs.get(svc.ports) : undefined;
  if (known) return known;
  const out: PortSpec[] = [];
  list(svc.ports).forEach((p, index) => {
    if (typeof p === 'string' || typeof p === 'number') out.push({ index, short: true, ...parsePortShort(String(p)) });
    else if (isObject(p)) {
      out.push({
        index,
        short: false,
        target: str(p.target),
        published: str(p.published) || undefined,
        hostIp: str(p.host_ip) || undefined,
        protocol: (str(p.protocol) ?? 'tcp').toLowerCase(),
      });
    }
  });
  if (Array.isArray(svc.ports)) portSpecs.set(svc.ports, out);
  return out;
}

/**
 * `specs` (ports of `svc`) grouped by the entry as written they come from, in order: a short-syntax
 * range expands to one mapping per port, all sitting where the range is written (in compose-go's
 * order, which is not the ports' own), and a rule that reports each of them would report the same
 * line thousands of times.
 */
export function portEntries(svc: TreeObject, specs: readonly PortSpec[]): PortSpec[][] {
  const out: PortSpec[][] = [];
  const byEntry = new Map<Location, PortSpec[]>();
  for (const p of specs) {
    const loc = valueLoc(svc.ports, p.index);
    const group = loc && byEntry.get(loc);
    if (group) group.push(p);
    else {
      const fresh = [p];
      out.push(fresh);
      if (loc) byEntry.set(loc, fresh);
    }
  }
  return out;
}

/** `80` for one port, `8000-8010` for a run of several. */
export function portSpan(values: readonly (string | undefined)[]): string | undefined {
  let lo = Infinity;
  let hi = -Infinity;
  for (const v of values) {
    const r = portRange(v);
    if (!r) return values.length === 1 ? values[0] : undefined;
    lo = Math.min(lo, r[0]);
    hi = Math.max(hi, r[1]);
  }
  return values.length === 0 ? undefined : lo === hi ? String(lo) : `${lo}-${hi}`;
}

export function allInterfaces(hostIp: string | undefined): boolean {
  return hostIp === undefined || ['0.0.0.0', '::', '[::]', '*', ''].includes(hostIp.trim());
}

/**
 * Ranges already read (several rules ask for each port's), in a map that hostile input cannot grow
 * without end, emptied after each audit (forgetPortRanges): a worker kept the 65,535 ranges of one
 * `1-65535` answer, 7.5 MB of its heap, for every later request.
 */
const ranges = new Map<string, readonly [number, number] | undefined>();

/** Empties the ranges read so far: an audit's own, never kept for the next one. */
export function forgetPortRanges(): void {
  ranges.clear();
  lastText = '';
  lastRange = undefined;
}

/** The string portRange was last asked about, and its answer. */
let lastText = '';
let lastRange: readonly [number, number] | undefined;

/** The largest port number (16 bits, as the engine's go-connections parses a port with ParseUint(s, 10, 16)). */
const MAX_PORT = 65_535;

/**
 * `"8000-8010"` -> [8000, 8010]; `"80"` -> [80, 80]; undefined when not a port, a number above
 * 65,535 included: the long syntax's `published` is any string to Compose, and a rule counting the
 * ports of `9007199254740993` ran for ever (past 2^53, `port++` leaves the number as it was).
 */
export function portRange(s: string | undefined): readonly [number, number] | undefined {
  if (s === undefined) return undefined;
  // rules ask for one port's range several times in a row (is it 2375, 2376, each debugger's port?):
  // 65,535 ports of a range asked 15 times each were a million map lookups
  if (s === lastText) return lastRange;
  let r = ranges.get(s);
  if (r === undefined && !ranges.has(s)) {
    const m = /^\s*(\d+)(?:\s*-\s*(\d+))?\s*$/.exec(s);
    if (m) {
      const lo = Number(m[1]);
      const hi = m[2] === undefined ? lo : Number(m[2]);
      if (lo <= MAX_PORT && hi <= MAX_PORT) r = lo <= hi ? [lo, hi] : [hi, lo];
    }
    if (ranges.size >= 100_000) ranges.clear();
    ranges.set(s, r);
  }
  lastText = s;
  lastRange = r;
  return r;
}

export function rangeHas(s: string | undefined, port: number): boolean {
  const r = portRange(s);
  return r !== undefined && r[0] <= port && port <= r[1];
}
