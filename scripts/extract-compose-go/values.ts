// The values of the small Go evaluator that runs compose-go's test functions: Go literals are
// evaluated concretely; a call into compose-go (the code under test) yields a symbolic value (Sym) that
// remembers which vector it belongs to and the model path reached from it, so the assertions made on it
// become the vector's expectations.
import type { Node } from './source.js';

export type Seg = string | number;
export type Val =
  | null
  | boolean
  | number
  | string
  | Val[]
  | GoMap
  | GoStruct
  | Typed
  | Fn
  | Native
  | Sym
  | SymCond
  | TypeRef
  | Tuple
  | Opaque
  | Poison
  | SymContains
  | SymHas
  | GoError;

/** A Go construct the evaluator does not model: the statement using it is skipped, with this reason. */
export class Unsupported extends Error {}

export class GoMap {
  constructor(
    public type: string,
    public m: Map<string | number | boolean, Val> = new Map(),
  ) {}
}

export class GoStruct {
  constructor(
    public type: string,
    public f: Map<string, Val> = new Map(),
  ) {}
}

/** A value of a named scalar type (types.FileMode(0o440), types.Duration(...)), or []byte. */
export class Typed {
  constructor(
    public type: string,
    public v: Val,
  ) {}
}

export class Fn {
  constructor(
    public name: string,
    public params: { name: string; variadic: boolean; type: string }[],
    public results: string[],
    public body: Node,
    public scope: Scope,
    public pkg: string,
    public file: string,
    public imports: Map<string, string> = new Map(),
  ) {}
}

export class Native {
  constructor(
    public name: string,
    public call: (args: Val[], node: Node) => Val,
  ) {}
}

export class TypeRef {
  constructor(public type: string) {}
}

export class Tuple {
  constructor(public vals: Val[]) {}
}

export class Opaque {
  constructor(
    public what: string,
    public methods: Record<string, (args: Val[], node: Node) => Val> = {},
  ) {}
}

/** A value that could not be computed; using it skips the statement with the reason. */
export class Poison {
  constructor(public reason: string) {}
}

export interface Assertion {
  path: Seg[];
  op: string;
  value?: unknown;
  go_type?: string;
  value_types?: Record<string, string>;
  apply?: unknown[][];
  /** the assertion holds where the result has this path (a key of a result map the test ranged over) */
  if_present?: Seg[];
  go: string;
}

/** One call into compose-go and what the test expects of it. */
export interface Vec {
  id: string;
  function: string;
  data: Record<string, unknown>;
  assertions: Assertion[];
  skipped_assertions: string[];
  error?: string | true;
  error_exact?: string;
  error_type?: string;
  error_fields?: unknown;
  ok?: boolean;
  /** result index -> go type of the call's non-error results */
  results: string[];
}

export class Sym {
  constructor(
    public vec: Vec,
    public path: Seg[],
    public type: string,
    public kind: 'value' | 'error' | 'errmsg' | 'len' = 'value',
    /** string functions the test applies to the result before comparing (strings.ReplaceAll) */
    public apply: unknown[][] = [],
  ) {}
}

/** `sym == value` / `sym != value`, as a condition. */
export class SymCond {
  constructor(
    public sym: Sym,
    public op: '==' | '!=',
    public value: Val,
  ) {}
  negate(): SymCond {
    return new SymCond(this.sym, this.op === '==' ? '!=' : '==', this.value);
  }
}

/** `strings.Contains(sym, sub)` / `strings.HasPrefix(sym, sub)`, as a condition. */
export class SymContains {
  constructor(
    public sym: Sym,
    public sub: string,
    public negated = false,
  ) {}
}

/**
 * Whether a result list holds an element equal to `value`: the flag a search loop over the result
 * sets (`for _, x := range result { if x == value { found = true; break } }`), negated by `!found`.
 */
export class SymHas {
  constructor(
    public sym: Sym,
    public value: Val,
    public go: string,
    public negated = false,
  ) {}
}

/** A Go error value the test builds (errors.New, fmt.Errorf, &MissingRequiredError{...}). */
export class GoError {
  constructor(
    public message: string,
    public type = 'error',
    public fields?: GoStruct,
  ) {}
}

export class Scope {
  vars = new Map<string, { v: Val; type?: string }>();
  constructor(public parent?: Scope) {}
  lookup(name: string): { v: Val; type?: string } | undefined {
    for (let s: Scope | undefined = this; s; s = s.parent) {
      const b = s.vars.get(name);
      if (b) return b;
    }
    return undefined;
  }
  define(name: string, v: Val, type?: string): void {
    if (name !== '_') this.vars.set(name, { v, type });
  }
}

export function typeName(v: Val): string {
  if (v === null) return 'nil';
  if (Array.isArray(v)) return 'slice';
  if (typeof v === 'object') return v.constructor.name;
  return typeof v;
}
