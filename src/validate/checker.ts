/** What the semantic checks share: the checker that reports at a model path, and tolerant readers of the model. */
import type { Diagnostic, Location, QuotedPart, Severity } from '../diagnostics.js';
import { diagnostic, formatPath, quoting } from '../diagnostics.js';
import { isObject, keyLoc, locate, valueLoc } from '../yaml/located.js';
import type { Tree, TreeObject } from '../yaml/located.js';
import { didYouMean } from './suggest.js';
import { jsonQuote } from '../utf8.js';

export type Segment = string | number;

/** errdefs.ErrInvalid, which compose-go wraps most consistency errors in. */
export const INVALID = ': invalid compose project';

/** One reference a service makes, with where it is written. */
export interface Ref {
  name: string;
  segs: Segment[];
  /** the key to point at (map entries) rather than the value (list items) */
  key?: boolean;
}

export class Checker {
  readonly out: Diagnostic[] = [];
  readonly services: TreeObject;
  constructor(
    readonly model: TreeObject,
    readonly partial: boolean,
    readonly consistency: boolean,
    readonly validation = true,
    readonly normalized = true,
    /** where the last file that names each resource (`services.web`) names it, for a merged model */
    readonly lastDefinitions?: Pick<ReadonlyMap<string, Location>, 'get'>,
  ) {
    this.services = isObject(model.services) ? model.services : {};
  }
  loc(segs: readonly Segment[], key = false): Location | undefined {
    if (segs.length === 0) return undefined;
    const parent = get(this.model, segs.slice(0, -1));
    const last = segs[segs.length - 1];
    return (
      (key && typeof last === 'string' ? keyLoc(parent, last) : valueLoc(parent, last)) ?? locate(this.model, segs)
    );
  }
  report(
    code: string,
    message: string,
    segs: Segment[],
    opts: {
      key?: boolean;
      hint?: string;
      severity?: Severity;
      compose?: string;
      lacking?: boolean;
      /** the pieces of values the message quotes (src/diagnostics.ts quoting) */
      quotes?: readonly QuotedPart[];
    } = {},
  ): void {
    // what a merged resource lacks, no file gives: the last file that defines it is where to add it
    const last = opts.lacking ? this.lastDefinitions?.get(formatPath(segs)) : undefined;
    const d = diagnostic(
      code,
      opts.severity ?? 'error',
      message,
      last ?? this.loc(segs, opts.key),
      formatPath(segs),
      opts.hint,
      opts.compose,
    );
    this.out.push(quoting(d, opts.quotes));
  }
  defined(section: string, name: string): boolean {
    const s = this.model[section];
    return isObject(s) && Object.hasOwn(s, name);
  }
  /** each section's names, read once for every hint (a copy per undefined name was n × n over n services) */
  readonly #known = new Map<string, { names: string[]; lowered: string[]; chars: number }>();
  /** what the did-you-mean comparisons of this check may still cost, in characters compared */
  #hintWork = HINT_WORK;
  /**
   * The hint for a name `section` does not define (hintName), its did-you-mean while this check's
   * budget of comparisons lasts: n services each naming an undefined one compare n names n times.
   */
  hint(name: string, section = 'services'): string {
    let known = this.#known.get(section);
    if (!known) {
      const s = this.model[section];
      const names = isObject(s) ? Object.keys(s) : [];
      let chars = 0;
      for (const n of names) chars += n.length;
      this.#known.set(section, (known = { names, lowered: names.map((n) => n.toLowerCase()), chars }));
    }
    // a comparison reads both names (editDistance: a band of at most 7 cells a character)
    const cost = known.chars + known.names.length * name.length;
    const suggest = cost <= this.#hintWork;
    if (suggest) this.#hintWork -= cost;
    return hintName(name, known.names, section, suggest, known.lowered);
  }
}

/**
 * Characters the did-you-mean hints of one check may compare: far beyond a project's few typos (50
 * services and 3 undefined names are about 2,500); past it, a hint says what it says without a
 * close match. 4,000 services each depending on an undefined one took 9.9 s to validate, every hint
 * comparing every name in a whole table; 0.25-0.32 s now, the first 33 hints naming their match (about
 * 20 ns a character: the hints of one check cost at most about 20 ms).
 */
export const HINT_WORK = 1_000_000;

function get(node: unknown, segs: readonly Segment[]): unknown {
  for (const s of segs) {
    if (typeof node !== 'object' || node === null) return undefined;
    node = (node as Record<string, unknown>)[s as string];
  }
  return node;
}

export const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);
export const hasVar = (s: string): boolean => s.includes('${') || /\$[A-Za-z_]/.test(s);

/** Integer value of a number or numeric string (`"3"`), undefined otherwise (e.g. unresolved `${N}`). */
export function int(v: unknown): number | undefined {
  if (typeof v === 'number' && Number.isInteger(v)) return v;
  if (typeof v === 'string' && /^[-+]?\d+$/.test(v.trim())) return Number(v);
  return undefined;
}

const UNITS: Record<string, number> = { b: 1, k: 1024, m: 1024 ** 2, g: 1024 ** 3, t: 1024 ** 4, p: 1024 ** 5 };
/** Bytes of `512M`, `1.5gb`, `1024` (docker/go-units RAMInBytes: binary multipliers). */
export function bytes(v: unknown): number | undefined {
  if (typeof v === 'number') return v;
  const m = typeof v === 'string' ? /^\s*(\d+(?:\.\d+)?)\s*([kmgtp]?)(?:i?b)?\s*$/i.exec(v) : null;
  return m ? Math.trunc(Number(m[1]) * UNITS[(m[2] || 'b').toLowerCase()]) : undefined;
}
export function float(v: unknown): number | undefined {
  const n = typeof v === 'number' ? v : typeof v === 'string' && v.trim() !== '' ? Number(v) : NaN;
  return Number.isFinite(n) ? n : undefined;
}

/** Names in a list (`[a, b]`) or a mapping (`{a: ..., b: ...}`), with where each is written. */
export function names(v: Tree | undefined, at: Segment[], fromItem: (item: Tree) => string | undefined = str): Ref[] {
  if (Array.isArray(v))
    return v.flatMap((item, i) => {
      const n = fromItem(item);
      // long syntax `{source: x}`: point at the source itself
      return n === undefined
        ? []
        : [{ name: n, segs: isObject(item) && item.source !== undefined ? [...at, i, 'source'] : [...at, i] }];
    });
  if (isObject(v)) return Object.keys(v).map((k) => ({ name: k, segs: [...at, k], key: true }));
  return [];
}
/** `secrets: [a, {source: b}]` */
export const sourceOf = (item: Tree): string | undefined =>
  typeof item === 'string' ? item : isObject(item) ? str(item.source) : undefined;

export type ServiceCheck = (c: Checker, name: string, s: TreeObject, at: Segment[]) => void;

/** The hint for an unknown name: the closest known one (unless `suggest` is false), or what is known. */
export function hintName(
  name: string,
  known: string[],
  section = 'services',
  suggest = true,
  lowered?: readonly string[],
): string {
  const close = suggest ? didYouMean(name, known, lowered) : undefined;
  if (close) return `did you mean ${jsonQuote(close)}?`;
  if (section !== 'services') return `declare it under top-level ${section}:`;
  return known.length > 0 && known.length <= 12
    ? `defined services: ${known.join(', ')}`
    : 'no service of that name is defined';
}
