/**
 * Compose's merge of one model over another (compose-go override/merge.go): mappings merge key by
 * key, sequences append, scalars are replaced, and a table of path patterns picks special mergers.
 * Every value travels as a Slot (value + its location), so the merged tree says, for each value,
 * which file set it: the override's position when it wins, the base's when the base is kept.
 */
import type { TreeObject, Tree } from '../yaml/located.js';
import { cloneTree, treeSize } from '../yaml/located.js';
import { nextPath } from '../yaml/treepath.js';
import type { TreePath } from '../yaml/treepath.js';
import { compareGo, goType, goV } from '../compat/go.js';
import { MergeError } from './types.js';
import type { Slot } from './types.js';
import {
  ruleTable,
  isObject,
  itemsOf,
  makeMap,
  makeSeq,
  pathSegments,
  pathString,
  place,
  selfOf,
  slotAt,
} from './slots.js';

type Merger = (base: Slot, override: Slot, path: TreePath) => Slot;

/**
 * Where the merge running now reports the nodes it copies (a sequence merged is a new list of both
 * sides' items): the loader counts them against its copiedNodes budget, since a list grown by each
 * of n documents or include references is copied whole each time (Go's `append` copies it too).
 */
let copies: ((n: number) => void) | undefined;

function counted<T>(count: ((n: number) => void) | undefined, merge: () => T): T {
  const outer = copies;
  copies = count;
  try {
    return merge();
  } finally {
    copies = outer;
  }
}

/** A merged sequence: a new list of `items`, counted as copied. */
function mergedSeq(items: readonly Slot[], self: ReturnType<typeof selfOf>): Tree[] {
  copies?.(items.length);
  return makeSeq(items, self);
}

/**
 * Merges `override` over `base` (compose-go override.Merge). Neither input is modified (unless
 * `mutate`); `copied` is told how many nodes each merged sequence copies.
 */
export function mergeModels(
  base: TreeObject,
  override: TreeObject,
  opts: { mutate?: boolean; copied?: (n: number) => void } = {},
): TreeObject {
  // mutate: the caller owns both inputs (the loader), so the copies can be skipped
  return counted(opts.copied, () =>
    opts.mutate ? mergeMappings(base, override, '') : mergeMappings(cloneTree(base), cloneTree(override), ''),
  );
}

/** Merges a service over the service it extends (compose-go override.ExtendService). */
export function extendService(base: TreeObject, override: TreeObject): TreeObject {
  const merged = mergeYaml({ value: cloneTree(base) }, { value: cloneTree(override) }, 'services.x');
  return merged.value as TreeObject;
}

/**
 * Merges `override` over `base` at `path` as it is written, dots and all (compose-go include.go
 * importResource: override.MergeYaml at tree.NewPath(key, name), which joins without escaping, so
 * a resource named `web.v2` is two segments there and the rules for `services.*.command` and the
 * like do not reach its keys). Neither input is modified.
 */
export function mergeAt(base: Tree, override: Tree, path: TreePath, copied?: (n: number) => void): Tree {
  // both sides are copied whole: the override may be what n earlier merges made
  copied?.(treeSize(base) + treeSize(override));
  return counted(copied, () => mergeYaml({ value: cloneTree(base) }, { value: cloneTree(override) }, path).value);
}

function mergeYaml(base: Slot, over: Slot, path: TreePath): Slot {
  const merger = mergerFor(path);
  return merger ? merger(base, over, path) : mergeGeneric(base, over, path);
}

/** The rules without exceptions: null keeps the base, mappings merge, sequences append, scalars are replaced. */
function mergeGeneric(base: Slot, over: Slot, path: TreePath): Slot {
  if (over.value === null) return base;
  if (isObject(base.value)) {
    if (!isObject(over.value)) throw cannotOverride(path);
    return { ...base, value: mergeMappings(base.value, over.value, path) };
  }
  if (Array.isArray(base.value)) {
    if (!Array.isArray(over.value)) throw cannotOverride(path);
    return { ...base, value: mergedSeq([...itemsOf(base.value), ...itemsOf(over.value)], selfOf(base)) };
  }
  return over;
}

function cannotOverride(path: TreePath): MergeError {
  return new MergeError(`cannot override ${pathString(path)}`, pathSegments(path));
}

/** Merges `other` into `mapping` in place (both are this merge's own copies). */
function mergeMappings(mapping: TreeObject, other: TreeObject, path: TreePath): TreeObject {
  for (const k of Object.keys(other)) {
    const over = slotAt(other, k);
    place(mapping, k, Object.hasOwn(mapping, k) ? mergeYaml(slotAt(mapping, k), over, nextPath(path, k)) : over);
  }
  return mapping;
}

/** A container built from both sides sits where the base's was (the override's if base was null). */
function merged(base: Slot, over: Slot, value: Tree): Slot {
  const from = base.value !== null || !over.loc ? base : over;
  return { value, loc: from.loc, key: base.key ?? over.key };
}

// Go panics on a logging that is not a mapping; we fall back to the generic rules instead.
const mergeLogging: Merger = (base, over, path) => {
  if (!isObject(base.value) || !isObject(over.value)) return mergeGeneric(base, over, path);
  // options merge only when both files name the same driver, or one names none
  const sameDriver =
    !Object.hasOwn(over.value, 'driver') ||
    !Object.hasOwn(base.value, 'driver') ||
    over.value.driver === base.value.driver;
  return sameDriver ? { ...base, value: mergeMappings(base.value, over.value, path) } : over;
};

const mergeBuild: Merger = (base, over, path) => {
  const toBuild = (s: Slot): TreeObject | null =>
    typeof s.value === 'string'
      ? makeMap([['context', { value: s.value, loc: s.loc, key: s.loc }]], s.loc)
      : isObject(s.value)
        ? s.value
        : null;
  const b = toBuild(base);
  const o = toBuild(over);
  if (!o) return b ? { ...base, value: b } : over;
  return merged(base, over, mergeMappings(b ?? {}, o, path));
};

const DEPENDS_ON_DEFAULT: TreeObject = { condition: 'service_started', required: true };

function mappingMerger(defaults: TreeObject | null): Merger {
  return (base, over, path) => {
    const b = toMapping(base, defaults);
    const o = toMapping(over, defaults);
    if (!o) return b ? { ...base, value: b } : base;
    return merged(base, over, mergeMappings(b ?? {}, o, path));
  };
}

/** compose-go convertIntoMapping: a list of names becomes `{name: null}` or `{name: {...defaults}}`. */
function toMapping(s: Slot, defaults: TreeObject | null): TreeObject | null {
  if (isObject(s.value)) return s.value;
  if (!Array.isArray(s.value)) return null;
  return makeMap(
    itemsOf(s.value).map((item): [string, Slot] => {
      // the defaults were written nowhere: the list item is their best provenance
      const value =
        defaults === null
          ? null
          : makeMap(
              Object.keys(defaults).map((k): [string, Slot] => [
                k,
                { value: defaults[k], loc: item.loc, key: item.loc },
              ]),
              item.loc,
            );
      return [goV(item.value, item.loc), { value, loc: item.loc, key: item.loc }];
    }),
    selfOf(s),
  );
}

/** compose-go convertIntoSequence: a mapping becomes sorted `KEY=value` items (`KEY` when null). */
function toSequence(s: Slot): Slot[] {
  const v = s.value;
  if (typeof v === 'string') return [s];
  if (Array.isArray(v)) return itemsOf(v);
  if (!isObject(v)) return [];
  const seq: Slot[] = [];
  for (const k of Object.keys(v)) {
    const entry = slotAt(v, k);
    const val = entry.value;
    // the item stands for the whole `KEY: value` entry, which starts at the key
    if (val === null) seq.push({ value: k, loc: entry.key ?? entry.loc });
    else if (Array.isArray(val))
      for (const item of itemsOf(val))
        seq.push({ value: `${k}=${goV(item.value, item.loc)}`, loc: item.loc ?? entry.key });
    else seq.push({ value: `${k}=${goV(val, entry.loc)}`, loc: entry.key ?? entry.loc });
  }
  return seq.sort((a, b) => compareGo(a.value as string, b.value as string));
}

const mergeToSequence: Merger = (base, over) =>
  merged(base, over, mergedSeq([...toSequence(base), ...toSequence(over)], selfOf(base.value !== null ? base : over)));

const mergeExtraHosts: Merger = (base, over) => {
  const right = toSequence(base);
  // only the override's entries the base lacks are appended (duplicates within the override stay);
  // a set of the base's (Go scans them for each entry), where NaN, unequal to itself, is never found
  const inBase = new Set(right.map((r) => r.value));
  const left = toSequence(over).filter((o) => !inBase.has(o.value) || Number.isNaN(o.value));
  return merged(base, over, mergedSeq([...right, ...left], selfOf(base.value !== null ? base : over)));
};

const override: Merger = (_base, over) => over;

// compose-go's mergeUlimit merges the override with itself, which amounts to the override winning.
const mergeUlimit: Merger = override;

const subnet = (m: TreeObject | null): Tree => m?.subnet ?? null;

/**
 * compose-go mergeIPAMConfig, kept as it is, including its aliasing: a base config merged with an
 * override is modified in place and compared again against the next overrides. Go looks the subnets
 * up by scanning the configs, for every base and override config: cubic. Here the configs are
 * indexed by subnet (SubnetIndex), which finds the same first config in about constant time.
 */
const MAX_IPAM_PAIRS = 1_000_000;

const mergeIPAMConfig: Merger = (base, over, path) => {
  if (!Array.isArray(base.value) || !Array.isArray(over.value))
    throw new MergeError(`${pathString(path)}: unexpected type ${goType(base.value)}`, pathSegments(path));
  const configs: (Slot & { map: TreeObject | null })[] = [];
  const overrides = itemsOf(over.value).map((s) => ({ ...s, map: toMapping(s, null) }));
  // every base config meets every override config, as in Go: past a million pairs, a refusal (no
  // real network has thousands of IPAM configs; two lists of 3,000 took seconds)
  if (base.value.length * overrides.length > MAX_IPAM_PAIRS)
    throw new MergeError(
      `${pathString(path)}: merging ${base.value.length} IPAM configs with ${overrides.length} makes more than ${MAX_IPAM_PAIRS.toLocaleString('en-US')} pairs`,
      pathSegments(path),
      'merge-limit',
    );
  const index = new SubnetIndex(configs);
  for (const original of itemsOf(base.value)) {
    const right = toMapping(original, null) ?? {};
    index.begin(right);
    for (const left of overrides) {
      if (subnet(left.map) !== subnet(right) && index.first(subnet(left.map)) < 0) {
        configs.push({ value: left.map, loc: left.loc, map: left.map });
        index.added(configs.length - 1);
        continue;
      }
      const m = mergeMappings(right, left.map ?? {}, path);
      const slot = { value: m, loc: original.loc, map: m };
      const i = index.first(subnet(m));
      if (i >= 0) configs[i] = slot;
      else configs.push(slot);
      index.placed(i >= 0 ? i : configs.length - 1);
    }
    index.end();
  }
  return merged(base, over, makeSeq(configs, selfOf(base)));
};

/**
 * The first config of a list with a given subnet, as mergeIPAMConfig changes the list. Only the base
 * config being merged (`right`) changes its subnet, so the configs that are it are kept apart
 * (`current`), and the others are indexed by subnet in heaps of positions, checked when read (a
 * position whose config was replaced since is dropped then).
 */
class SubnetIndex {
  private readonly heaps = new Map<Tree, number[]>();
  private right: TreeObject | null = null;
  /** positions holding `right` (it stays where it is put until it is done with), and the first of them */
  private current = new Set<number>();
  private firstCurrent = -1;

  constructor(private readonly configs: readonly { map: TreeObject | null }[]) {}

  begin(right: TreeObject): void {
    this.right = right;
  }

  /** a config that is not `right` was appended at `i` */
  added(i: number): void {
    this.push(subnet(this.configs[i].map), i);
  }

  /** `right` was put at `i` */
  placed(i: number): void {
    this.current.add(i);
    if (this.firstCurrent < 0 || i < this.firstCurrent) this.firstCurrent = i;
  }

  /** `right` is done with: its positions are indexed under its final subnet */
  end(): void {
    const s = subnet(this.right);
    for (const i of this.current) this.push(s, i);
    this.current.clear();
    this.firstCurrent = -1;
    this.right = null;
  }

  /** Go's `slices.IndexFunc(configs, subnet ==)`: -1 when none */
  first(s: Tree): number {
    if (typeof s === 'number' && Number.isNaN(s)) return -1; // NaN equals nothing, in Go as with ===
    let best = subnet(this.right) === s ? this.firstCurrent : -1;
    const heap = this.heaps.get(s);
    while (heap && heap.length) {
      const i = heap[0];
      const m = this.configs[i].map;
      if (m !== this.right && subnet(m) === s) {
        if (best < 0 || i < best) best = i;
        break;
      }
      popMin(heap);
    }
    return best;
  }

  private push(s: Tree, i: number): void {
    if (typeof s === 'number' && Number.isNaN(s)) return;
    let heap = this.heaps.get(s);
    if (!heap) this.heaps.set(s, (heap = []));
    pushMin(heap, i);
  }
}

function pushMin(heap: number[], v: number): void {
  let i = heap.push(v) - 1;
  while (i > 0) {
    const parent = (i - 1) >> 1;
    if (heap[parent] <= v) break;
    heap[i] = heap[parent];
    i = parent;
  }
  heap[i] = v;
}

function popMin(heap: number[]): void {
  const last = heap.pop() as number;
  if (heap.length === 0) return;
  let i = 0;
  for (;;) {
    const l = 2 * i + 1;
    if (l >= heap.length) break;
    const c = l + 1 < heap.length && heap[l + 1] < heap[l] ? l + 1 : l;
    if (heap[c] >= last) break;
    heap[i] = heap[c];
    i = c;
  }
  heap[i] = last;
}

/** compose-go mergeSpecials: the first pattern that matches the path picks the merger. */
const mergerFor = ruleTable<Merger>([
  ['networks.*.ipam.config', mergeIPAMConfig],
  ['networks.*.labels', mergeToSequence],
  ['volumes.*.labels', mergeToSequence],
  ['services.*.annotations', mergeToSequence],
  ['services.*.build', mergeBuild],
  ['services.*.build.args', mergeToSequence],
  ['services.*.build.additional_contexts', mergeToSequence],
  ['services.*.build.extra_hosts', mergeExtraHosts],
  ['services.*.build.labels', mergeToSequence],
  ['services.*.command', override],
  ['services.*.depends_on', mappingMerger(DEPENDS_ON_DEFAULT)],
  ['services.*.deploy.labels', mergeToSequence],
  ['services.*.dns', mergeToSequence],
  ['services.*.dns_opt', mergeToSequence],
  ['services.*.dns_search', mergeToSequence],
  ['services.*.entrypoint', override],
  ['services.*.env_file', mergeToSequence],
  ['services.*.label_file', mergeToSequence],
  ['services.*.environment', mergeToSequence],
  ['services.*.extra_hosts', mergeExtraHosts],
  ['services.*.healthcheck.test', override],
  ['services.*.labels', mergeToSequence],
  ['services.*.volumes.*.volume.labels', mergeToSequence],
  ['services.*.logging', mergeLogging],
  ['services.*.models', mappingMerger(null)],
  ['services.*.networks', mappingMerger(null)],
  ['services.*.sysctls', mergeToSequence],
  ['services.*.tmpfs', mergeToSequence],
  ['services.*.ulimits.*', mergeUlimit],
]);
