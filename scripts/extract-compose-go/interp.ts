// A small evaluator for the Go that compose-go's tests are written in. It runs each Test function:
// literals, locals, test helpers, loops over test tables and t.Run subtests are evaluated concretely;
// a call into compose-go's code under test (the API table in apis.ts) becomes a vector with its inputs,
// and the assertions made on the call's results (gotest.tools assert/is, testify require) become the
// vector's expectations. Whatever it does not model (goroutines talking through channels, custom Go
// callbacks, methods of the Go model) throws Unsupported: the statement is recorded as skipped, never guessed.
import { posix } from 'node:path';
import { causeOf } from './cause.js';
import { type Node, field, kids } from './source.js';
import { type GoTypes, qualify } from './gotypes.js';
import {
  Fn,
  GoMap,
  GoStruct,
  Native,
  Opaque,
  Poison,
  Scope,
  Sym,
  SymCond,
  Tuple,
  SymContains,
  SymHas,
  GoError,
  Typed,
  TypeRef,
  Unsupported,
  type Val,
  type Vec,
  type Seg,
  type Assertion,
  typeName,
} from './values.js';
import { render } from './render.js';
import { SkipTest, assertPackage } from './asserts.js';

export interface PackageInfo {
  /** directory of the package in the checkout, e.g. `loader/tests` */
  dir: string;
  /** Go package name of the code under test (`loader` for loader_test.go and loader/tests) */
  name: string;
  /** package-level declarations of the test files */
  scope: Scope;
}

export interface ApiContext {
  interp: Interp;
  node: Node;
  test: TestContext;
}
export type ApiHandler = (args: Val[], ctx: ApiContext) => Val;

export interface TestContext {
  file: string;
  test: string;
  subtests: string[];
  vecs: Vec[];
  /** files the test wrote (os.WriteFile), by path */
  diskFiles: Record<string, string>;
  processEnv: Record<string, string>;
  tempDirs: number;
  /** the last dotenv.Load vector: os.Getenv reads the environment it set */
  envVec?: Vec;
  /** the Go statement being evaluated, for the record */
  statement: string;
}

export class ReturnSignal {
  constructor(public v: Val) {}
}
class BreakSignal {}
class ContinueSignal {}
class FatalSignal {}

/** `strings.Compare(result, value)`, compared with 0 by the test. */
class SymCompare extends Opaque {
  constructor(
    public sym: Sym,
    public value: Val,
  ) {
    super('strings.Compare');
  }
}

/** `a || b` of two conditions on results: a branch that only fails the test asserts neither holds. */
class SymAny extends Opaque {
  constructor(public conds: SymCond[]) {
    super('condition on results');
  }
}

/** The value a missing map key compares with: `ok` of `v, ok := result[k]` is `v != ABSENT`. */
export const ABSENT = new Opaque('absent key');

export const NOT_MAPPED = "a compose-go function not in the extractor's API table";

/** Packages of compose-go whose API has no counterpart in compose-review: why their tests are skipped. */
const PACKAGE_REASONS: Record<string, string> = {
  cli: 'a Go API of the cli package with no counterpart',
  graph: 'the dependency graph walk is a Go API (depends_on cycles are covered by loader vectors)',
  utils: 'Go utility functions with no counterpart',
};

/**
 * Package variables of compose-go that a test may set and a vector carries, as a field of its own
 * that the adapters honour (with the option of compose-review that does the same): what the field is
 * called. The test sets them for a subtest and restores them with `defer`, which the interpreter does
 * not run: the value set lasts until the end of the (sub)test that set it.
 */
export const CARRIED_STATE: Record<string, string> = {
  // compose-go's lookup of variables on Windows (runtime.GOOS), compose-review's caseInsensitiveEnv
  'types.isCaseInsensitiveEnvVars': 'case_insensitive_env',
  // transform.RegisterDefaultValue's registrations (apis.ts), compose-review's defaultValues
  'transform.DefaultValues': 'default_values',
  // dotenv.RegisterFormat's registrations (apis.ts), compose-review's envFileFormats
  'dotenv.formats': 'env_file_formats',
};
const STD_PACKAGES: Record<string, string> = {};

export class Interp {
  /** per file: import alias -> package path */
  imports = new Map<string, string>();
  test!: TestContext;
  constructor(
    public types: GoTypes,
    public pkg: PackageInfo,
    public apis: Map<string, ApiHandler>,
    public apiTypes: Map<string, string[]>,
  ) {}

  // ---------------------------------------------------------------- names
  private localTypes(): Set<string> {
    const s = new Set<string>();
    for (const k of this.types.named.keys())
      if (k.startsWith(`${this.pkg.name}.`)) s.add(k.slice(this.pkg.name.length + 1));
    return s;
  }

  /** A type node's text, qualified (`ServiceConfig` in package types -> `types.ServiceConfig`). */
  typeText(n: Node): string {
    if (n.type === 'struct_type') return this.anonStruct(n);
    if (n.descendantsOfType('struct_type').some((x) => x !== null)) {
      const el = field(n, 'element');
      if (n.type === 'slice_type' && el) return `[]${this.typeText(el)}`;
      if (n.type === 'pointer_type') return `*${this.typeText(kids(n)[0])}`;
      if (n.type === 'map_type')
        return `map[${this.typeText(field(n, 'key') as Node)}]${this.typeText(field(n, 'value') as Node)}`;
      if (n.type === 'array_type' && el) return `[${field(n, 'length')?.text ?? ''}]${this.typeText(el)}`;
    }
    let text = n.text.replace(/\s+/g, ' ');
    // import aliases to package names
    text = text.replace(/(?<![\w.])([A-Za-z_]\w*)\.(?=[A-Z])/g, (m, alias: string) => {
      const path = this.imports.get(alias);
      return path ? `${path.split('/').pop()}.` : m;
    });
    return qualify(text, this.pkg.name, this.localTypes());
  }

  private anonStruct(n: Node): string {
    const key = `struct${n.startIndex}@${this.test?.file ?? ''}:${n.text.length}`;
    if (!this.types.structs.has(key)) this.types.addType('', key, n, this.localTypes());
    return `.${key}`;
  }

  // ---------------------------------------------------------------- statements
  runBlock(block: Node, scope: Scope, topLevel = false): void {
    const list = block.type === 'block' ? (kids(block).find((k) => k.type === 'statement_list') ?? null) : block;
    if (!list) return;
    for (const st of kids(list)) this.runStatementGuarded(st, scope, topLevel);
  }

  /** At the top level of a test (and of a subtest), an unsupported statement is recorded and skipped. */
  runStatementGuarded(st: Node, scope: Scope, topLevel: boolean): void {
    if (!topLevel) return this.runStatement(st, scope);
    const saved = this.test.statement;
    this.test.statement = st.text;
    try {
      this.runStatement(st, scope);
    } catch (e) {
      if (!(e instanceof Unsupported)) throw e;
      this.skipStatement(st, e.message);
      // poison what the statement would have defined
      // (poisoned with the first cause, so that later uses report it and not a name lookup)
      const left = st.type === 'short_var_declaration' ? field(st, 'left') : null;
      if (left)
        for (const id of kids(left))
          if (id.type === 'identifier') scope.define(id.text, new Poison(causeOf(`(${e.message})`)));
      if (st.type === 'var_declaration')
        for (const spec of kids(st))
          for (const nm of spec.childrenForFieldName('name')) if (nm) scope.define(nm.text, new Poison(e.message));
    } finally {
      this.test.statement = saved;
    }
  }

  skipStatement(st: Node, reason: string): void {
    const last = this.test.vecs[this.test.vecs.length - 1];
    const text = `${st.text.split('\n')[0].slice(0, 160)} (${reason})`;
    if (last && this.vecInCurrentTest(last)) last.skipped_assertions.push(text);
    else this.pendingSkips.push(text);
  }
  pendingSkips: string[] = [];
  /** the package variables of CARRIED_STATE the (sub)test has set, by qualified name, as JSON */
  carried = new Map<string, unknown>();
  /** skipped statements of the enclosing tests, for subtests */
  outerSkips: string[][] = [];

  vecInCurrentTest(v: Vec): boolean {
    return v.id === this.baseId();
  }

  baseId(): string {
    const sub = this.test.subtests.length ? `/${this.test.subtests.join('/')}` : '';
    return `${this.test.file}:${this.test.test}${sub}`;
  }

  runStatement(st: Node, scope: Scope): void {
    switch (st.type) {
      case 'expression_statement':
        this.eval(kids(st)[0], scope);
        return;
      case 'short_var_declaration': {
        const left = kids(field(st, 'left') as Node);
        const vals = this.evalList(field(st, 'right') as Node, scope, left.length);
        left.forEach((id, i) => {
          if (id.text === '_') return this.store(id, scope, vals[i]);
          const existing = scope.vars.get(id.text);
          if (existing) existing.v = vals[i];
          else scope.define(id.text, vals[i]);
        });
        return;
      }
      case 'var_declaration':
        for (const spec of kids(st)) this.varSpec(spec, scope);
        return;
      case 'const_declaration':
        this.constDecl(st, scope);
        return;
      case 'type_declaration':
        for (const spec of kids(st)) {
          const name = field(spec, 'name');
          const type = field(spec, 'type');
          if (name && type) scope.define(name.text, new TypeRef(this.typeText(type)));
        }
        return;
      case 'assignment_statement':
        this.assign(st, scope);
        return;
      case 'inc_statement':
      case 'dec_statement': {
        const target = kids(st)[0];
        const v = this.eval(target, scope);
        this.store(target, scope, this.arith(st.type === 'inc_statement' ? '+' : '-', v, 1));
        return;
      }
      case 'if_statement':
        this.ifStatement(st, scope);
        return;
      case 'for_statement':
        this.forStatement(st, scope);
        return;
      case 'expression_switch_statement':
        this.switchStatement(st, scope);
        return;
      case 'type_switch_statement':
        this.typeSwitch(st, scope);
        return;
      case 'return_statement': {
        const list = kids(st)[0];
        if (!list) throw new ReturnSignal(null);
        const vals = kids(list).map((e) => this.eval(e, scope));
        throw new ReturnSignal(vals.length === 1 ? vals[0] : new Tuple(vals));
      }
      case 'block':
        this.runBlock(st, new Scope(scope));
        return;
      case 'defer_statement':
        return; // cleanups (os.RemoveAll, cancel) do not change what the test asserts
      case 'break_statement':
        throw new BreakSignal();
      case 'continue_statement':
        throw new ContinueSignal();
      case 'go_statement': {
        // a goroutine that shares nothing with the test but a WaitGroup or a Mutex (no channel, no
        // select) makes the same calls, with the same expectations, run at its `go` statement: the test
        // waits for it before it ends. One that talks through a channel depends on the interleaving.
        const call = kids(st)[0];
        const channels = ['send_statement', 'select_statement', 'receive_statement'].some(
          (t) => call.descendantsOfType(t).length > 0,
        );
        if (channels || call.descendantsOfType('unary_expression').some((u) => field(u, 'operator')?.text === '<-'))
          throw new Unsupported('a goroutine that talks through a channel (Go concurrency, no counterpart)');
        this.eval(call, scope);
        return;
      }
      case 'empty_statement':
        return;
      default:
        throw new Unsupported(`statement ${st.type}`);
    }
  }

  private varSpec(spec: Node, scope: Scope): void {
    const names = spec.childrenForFieldName('name').filter((n): n is Node => n !== null);
    const typeNode = field(spec, 'type');
    const valueNode = field(spec, 'value');
    const vals = valueNode ? this.evalList(valueNode, scope, names.length) : [];
    const type = typeNode ? this.resolveTypeName(typeNode, scope) : undefined;
    names.forEach((n, i) => scope.define(n.text, valueNode ? vals[i] : this.zero(type ?? ''), type));
  }

  constDecl(st: Node, scope: Scope): void {
    let iota = 0;
    let lastValue: Node | null = null;
    for (const spec of kids(st)) {
      if (spec.type !== 'const_spec') continue;
      const names = spec.childrenForFieldName('name').filter((n): n is Node => n !== null);
      const valueNode: Node | null = field(spec, 'value') ?? lastValue;
      lastValue = valueNode;
      const inner = new Scope(scope);
      inner.define('iota', iota);
      const vals = valueNode ? this.evalList(valueNode, inner, names.length) : [];
      names.forEach((n, i) => scope.define(n.text, vals[i] ?? null));
      iota++;
    }
  }

  private evalList(list: Node, scope: Scope, want: number): Val[] {
    const exprs = kids(list);
    if (exprs.length === 1 && want > 1) {
      const v = this.eval(exprs[0], scope);
      if (v instanceof Tuple) return v.vals;
      // v, ok := m[k] / x.(T)
      if (exprs[0].type === 'index_expression') {
        const m = this.eval(field(exprs[0], 'operand') as Node, scope);
        if (m instanceof GoMap) return [v, m.m.has(scalarKey(this.eval(field(exprs[0], 'index') as Node, scope)))];
        // `v, ok := result[k]`: ok is "k is present in the result"
        if (m instanceof Sym && v instanceof Sym) return [v, new SymCond(v, '!=', ABSENT)];
        if (m instanceof Sym) throw new Unsupported('comma-ok on a result');
        return [v, v !== null];
      }
      if (exprs[0].type === 'type_assertion_expression') return [v, v !== null];
      throw new Unsupported(`multi-value from ${typeName(v)}`);
    }
    return exprs.map((e) => {
      const v = this.eval(e, scope);
      return v instanceof Tuple ? v.vals[0] : v;
    });
  }

  private assign(st: Node, scope: Scope): void {
    const left = kids(field(st, 'left') as Node);
    const op = (field(st, 'operator')?.text ?? st.children.find((c) => c && /=$/.test(c.type))?.type ?? '=').trim();
    if (op !== '=') {
      const cur = this.eval(left[0], scope);
      const rhs = this.eval(kids(field(st, 'right') as Node)[0], scope);
      this.store(left[0], scope, this.arith(op.slice(0, -1), cur, rhs));
      return;
    }
    const vals = this.evalList(field(st, 'right') as Node, scope, left.length);
    left.forEach((l, i) => this.store(l, scope, vals[i]));
  }

  store(target: Node, scope: Scope, v: Val): void {
    switch (target.type) {
      case 'identifier': {
        if (target.text === '_') {
          // `v, _ := f()`: the test looks at the result whatever the error
          if (v instanceof Sym && v.kind === 'error') v.vec.data.error_ignored = true;
          return;
        }
        const b = scope.lookup(target.text) ?? this.pkg.scope.lookup(target.text);
        if (!b) {
          const q = `${this.pkg.name}.${target.text}`;
          if (Object.hasOwn(CARRIED_STATE, q)) {
            // the value it has here (Linux) is what the adapters assume: only another one is carried
            const current = this.constant(q);
            if (current !== undefined && !(current instanceof Opaque) && goEqual(current, v)) this.carried.delete(q);
            else this.carried.set(q, render(this.types, v, '').json);
            return;
          }
          // a package variable of compose-go set to the value it has here (Linux) changes nothing
          const current = this.constant(q);
          if (current !== undefined && !(current instanceof Opaque) && goEqual(current, v)) return;
          throw new Unsupported(
            `assigns ${this.pkg.name}.${target.text}, a package variable of compose-go, a value it does not have on Linux (compose-go state)`,
          );
        }
        b.v = v;
        return;
      }
      case 'selector_expression': {
        const obj = this.eval(field(target, 'operand') as Node, scope);
        const name = (field(target, 'field') as Node).text;
        if (obj instanceof GoStruct) {
          obj.f.set(name, v);
          return;
        }
        throw new Unsupported(`field assignment on ${typeName(obj)}`);
      }
      case 'index_expression': {
        const obj = this.eval(field(target, 'operand') as Node, scope);
        const key = this.eval(field(target, 'index') as Node, scope);
        if (obj instanceof GoMap) {
          obj.m.set(scalarKey(key), v);
          return;
        }
        if (Array.isArray(obj) && typeof key === 'number') {
          obj[key] = v;
          return;
        }
        throw new Unsupported(`index assignment on ${typeName(obj)}`);
      }
      case 'unary_expression':
      case 'parenthesized_expression':
        return this.store(kids(target)[0], scope, v);
      default:
        throw new Unsupported(`assignment to ${target.type}`);
    }
  }

  private ifStatement(st: Node, scope: Scope): void {
    const inner = new Scope(scope);
    const init = field(st, 'initializer');
    if (init) this.runStatement(init, inner);
    const cond = this.eval(field(st, 'condition') as Node, inner);
    const cons = field(st, 'consequence') as Node;
    const alt = field(st, 'alternative');
    if (cond instanceof SymHas) {
      // `if !found { t.Errorf(...) }`: the result holds the element
      if (!alt && failsOnly(cons) && cond.negated)
        return this.addAssertion(cond.sym, 'contains', cond.value, cond.go, this.types.elem(cond.sym.type) ?? 'any');
      throw new Unsupported('branch on a result of the code under test');
    }
    if (cond instanceof SymContains) {
      if (!alt && failsOnly(cons)) return this.assertContains(new SymContains(cond.sym, cond.sub, !cond.negated));
      throw new Unsupported('branch on a result of the code under test');
    }
    if (cond instanceof SymAny) {
      if (alt || !failsOnly(cons)) throw new Unsupported('branch on a result of the code under test');
      for (const c of cond.conds) this.assertCond(c.negate(), st.text.split('\n')[0]);
      return;
    }
    if (cond instanceof SymCond || cond instanceof Sym) {
      // `if err != nil { t.Fatal(err) }`: a branch that only fails the test asserts its condition is false
      const c = cond instanceof Sym ? new SymCond(cond, '!=', false) : cond;
      // `if err != nil { assert.ErrorContains(t, err, ...) }`: no error is fine, an error must match
      if (!alt && c.sym.kind === 'error' && c.op === '!=' && c.value === null && !failsOnly(cons)) {
        this.runBlock(cons, new Scope(inner));
        c.sym.vec.data.error_optional = true;
        return;
      }
      if (failsOnly(cons)) {
        // the passing run takes the else branch, if any
        this.assertCond(c.negate(), st.text.split('\n')[0]);
        if (alt?.type === 'if_statement') this.ifStatement(alt, inner);
        else if (alt) this.runBlock(alt, new Scope(inner));
        return;
      }
      if (alt && failsOnly(alt)) {
        this.assertCond(c, st.text.split('\n')[0]);
        this.runBlock(cons, new Scope(inner));
        return;
      }
      throw new Unsupported('branch on a result of the code under test');
    }
    if (cond instanceof Poison) throw new Unsupported(cond.reason);
    if (truthy(cond)) this.runBlock(cons, new Scope(inner));
    else if (alt) {
      if (alt.type === 'if_statement') this.ifStatement(alt, inner);
      else this.runBlock(alt, new Scope(inner));
    }
  }

  private forStatement(st: Node, scope: Scope): void {
    const body = field(st, 'body') as Node;
    const range = kids(st).find((k) => k.type === 'range_clause');
    const forClause = kids(st).find((k) => k.type === 'for_clause');
    const loop = (inner: Scope): boolean => {
      try {
        this.runBlock(body, inner, true);
      } catch (e) {
        if (e instanceof BreakSignal) return false;
        if (!(e instanceof ContinueSignal)) throw e;
      }
      return true;
    };
    if (range) {
      const over = this.eval(field(range, 'right') as Node, scope);
      const left = field(range, 'left');
      const names = left ? kids(left).map((n) => n.text) : [];
      if (over instanceof Sym && over.kind === 'value' && names[1] && this.searchLoop(body, names[1], over, scope))
        return;
      if (over instanceof Sym && over.kind === 'value') {
        // a map the code under test returned: its keys are unknown here. The body runs for each key of
        // the test's own map it looks the key up in (`expected, ok := tC.expected[k]`, asserted ok:
        // the result's keys are among those), and what it asserts holds where the result has the key.
        const keys = names[0] ? this.keysLookedUp(body, names[0], scope) : undefined;
        if (!keys) throw new Unsupported('range over a result of the code under test');
        over.vec.assertions.push({ path: over.path, op: 'keys_subset', value: keys, go: st.text.split('\n')[0] });
        for (const k of keys) {
          const inner = new Scope(scope);
          inner.define(names[0], k);
          if (names[1])
            inner.define(names[1], new Sym(over.vec, [...over.path, k], this.types.elem(over.type) ?? 'any'));
          this.presentGuards.push({ vec: over.vec, path: [...over.path, k] });
          try {
            if (!loop(inner)) break;
          } finally {
            this.presentGuards.pop();
          }
        }
        return;
      }
      const entries: [Val, Val][] = Array.isArray(over)
        ? over.map((v, i) => [i, v])
        : over instanceof GoMap
          ? [...over.m.entries()].sort(([a], [b]) => String(a).localeCompare(String(b)))
          : typeof over === 'number'
            ? Array.from({ length: over }, (_, i) => [i, null])
            : typeof over === 'string'
              ? [...over].map((c, i) => [i, c.codePointAt(0) as number])
              : (() => {
                  throw new Unsupported(
                    over instanceof Opaque
                      ? `range over ${over.what} (compose-go state)`
                      : `range over ${typeName(over)}`,
                  );
                })();
      for (const [k, v] of entries) {
        const inner = new Scope(scope);
        if (names[0]) inner.define(names[0], k);
        if (names[1]) inner.define(names[1], v);
        if (!loop(inner)) break;
      }
      return;
    }
    const outer = new Scope(scope);
    const init = forClause && field(forClause, 'initializer');
    if (init) this.runStatement(init, outer);
    const condNode = forClause ? field(forClause, 'condition') : kids(st).find((k) => k !== body);
    const update = forClause && field(forClause, 'update');
    if (!condNode) throw new Unsupported('endless for loop');
    // the number of iterations the clause allows, known before the loop runs: the loop runs as many
    // times as the Go test's does, however many, and never more (see tripCount)
    const trips = this.tripCount(init, condNode, update, body, outer);
    for (let i = 0; ; i++) {
      if (!truthy(this.eval(condNode, outer))) break;
      if (i === trips) throw new Unsupported('loop ran past the count its clause allows');
      if (!loop(new Scope(outer))) break;
      if (update) this.runStatement(update, outer);
    }
  }

  /**
   * The iterations of a counted loop, `for i := a; i < n; i++` (`<`, `<=`, `>`, `>=`; `i++`, `i--`,
   * `i += k`, `i -= k`): the counter is declared by the clause, moves by a constant step towards a bound
   * the body cannot change (neither the counter nor the bound's variables are assigned in it), so the
   * count is the Go loop's own, read from the values the test computed (`half :=
   * defaultMaxNodeVisits/2 + 1`: compose-go's constant). Every non-range loop of compose-go's tests has
   * this form; any other (`for cond {}`) has no count known in advance and is not run.
   */
  private tripCount(
    init: Node | null | undefined,
    cond: Node,
    update: Node | null | undefined,
    body: Node,
    scope: Scope,
  ): number {
    const uncounted = (why: string): never => {
      throw new Unsupported(`loop not counted by its clause: ${why}`);
    };
    const declared = init?.type === 'short_var_declaration' ? kids(field(init, 'left') as Node) : [];
    if (declared.length !== 1) return uncounted('no single counter declared');
    const counter = declared[0].text;
    if (cond.type !== 'binary_expression' || field(cond, 'left')?.text !== counter)
      return uncounted('the condition does not compare the counter');
    const op = field(cond, 'operator')?.text ?? '';
    const boundNode = field(cond, 'right') as Node;
    let step: number | undefined;
    if (update?.type === 'inc_statement' || update?.type === 'dec_statement') {
      if (kids(update)[0]?.text === counter) step = update.type === 'inc_statement' ? 1 : -1;
    } else if (update?.type === 'assignment_statement' && field(update, 'left')?.text === counter) {
      const by = unwrap(this.eval(field(update, 'right') as Node, scope));
      const sign = { '+=': 1, '-=': -1 }[field(update, 'operator')?.text ?? ''];
      if (typeof by === 'number' && sign) step = sign * by;
    }
    if (!step) return uncounted('the update is not a constant step of the counter');
    // the variables the body assigns: of `x = `, `x.f = `, `x[k] = `, `*x = `, `x++`, the x
    const root = (n: Node | null | undefined): string | undefined =>
      !n
        ? undefined
        : n.type === 'identifier'
          ? n.text
          : ['selector_expression', 'index_expression', 'unary_expression', 'parenthesized_expression'].includes(n.type)
            ? root(field(n, 'operand') ?? kids(n).at(-1))
            : undefined;
    const assigned = new Set<string>();
    for (const t of ['assignment_statement', 'short_var_declaration', 'inc_statement', 'dec_statement'])
      for (const n of body.descendantsOfType(t)) {
        const left = n && (field(n, 'left') ?? kids(n)[0]);
        for (const target of left?.type === 'expression_list' ? kids(left) : [left]) {
          const name = root(target);
          if (name) assigned.add(name);
        }
      }
    const boundIds = [boundNode, ...boundNode.descendantsOfType('identifier')].filter((n) => n?.type === 'identifier');
    if (assigned.has(counter) || boundIds.some((n) => n && assigned.has(n.text)))
      return uncounted('the body assigns the counter or the bound');
    const start = unwrap(this.eval(declared[0], scope));
    const bound = unwrap(this.eval(boundNode, scope));
    if (typeof start !== 'number' || typeof bound !== 'number') return uncounted('a bound that is not a number');
    const span = { '<': bound - start, '<=': bound - start + 1, '>': start - bound, '>=': start - bound + 1 }[op];
    if (span === undefined || (op.startsWith('<') ? step < 0 : step > 0))
      return uncounted('the counter does not move towards the bound');
    return Math.max(0, Math.ceil(span / Math.abs(step)));
  }

  /**
   * A search of a result list: `for _, x := range result { if <x equals e> { found = true; break } }`,
   * the equality written `x == e`, `reflect.DeepEqual(x, e)` or `is.DeepEqual(x, e)().Success()` (either
   * order), `found` a bool of the test. `found` is then whether the list holds an element equal to e
   * (SymHas): `if !found { t.Errorf(...) }` asserts it does.
   */
  private searchLoop(body: Node, item: string, over: Sym, scope: Scope): boolean {
    const list = kids(body).find((k) => k.type === 'statement_list');
    const sts = list ? kids(list) : [];
    const st = sts[0];
    if (sts.length !== 1 || st.type !== 'if_statement' || field(st, 'alternative') || field(st, 'initializer'))
      return false;
    const cons = kids(field(st, 'consequence') as Node).find((k) => k.type === 'statement_list');
    const inner = cons ? kids(cons) : [];
    const set = /^(\w+) = true$/.exec(inner[0]?.text ?? '');
    if (!set || !(inner.length === 1 || (inner.length === 2 && inner[1].type === 'break_statement'))) return false;
    const flag = scope.lookup(set[1]);
    if (!flag || flag.v !== false) return false;
    // the operands of the equality, one of them the loop's item
    let cond = field(st, 'condition') as Node;
    let pair: Node[] = [];
    if (cond.type === 'binary_expression' && field(cond, 'operator')?.text === '==')
      pair = [field(cond, 'left') as Node, field(cond, 'right') as Node];
    else if (cond.type === 'call_expression') {
      const fn = field(cond, 'function') as Node;
      // is.DeepEqual(x, e)().Success(): the comparison is the innermost call
      if (fn.type === 'selector_expression' && field(fn, 'field')?.text === 'Success') {
        const made = field(fn, 'operand') as Node;
        cond = made.type === 'call_expression' ? (field(made, 'function') as Node) : made;
      }
      const name = cond.type === 'call_expression' ? field(cond, 'function')?.text : undefined;
      if (name === 'reflect.DeepEqual' || name === 'is.DeepEqual' || name === 'cmp.Equal')
        pair = kids(field(cond, 'arguments') as Node);
    }
    if (pair.length !== 2) return false;
    const other = pair[0].text === item ? pair[1] : pair[1].text === item ? pair[0] : undefined;
    if (!other || [other, ...other.descendantsOfType('identifier')].some((n) => n?.text === item)) return false;
    flag.v = new SymHas(over, this.eval(other, scope), st.text.split('\n')[0]);
    return true;
  }

  /** Assertions made while ranging over a result hold where the result has the key (see forStatement). */
  presentGuards: { vec: Vec; path: Seg[] }[] = [];

  /** The keys of the first map of the test that `body` indexes with the identifier `key`. */
  private keysLookedUp(body: Node, key: string, scope: Scope): string[] | undefined {
    for (const n of body.descendantsOfType('index_expression')) {
      if (!n || field(n, 'index')?.text !== key) continue;
      const operand = field(n, 'operand') as Node;
      if (operand.descendantsOfType('identifier').some((x) => x?.text === key)) continue;
      let m: Val;
      try {
        m = this.eval(operand, scope);
      } catch (e) {
        if (e instanceof Unsupported) continue;
        throw e;
      }
      if (m instanceof GoMap) return [...m.m.keys()].map(String).sort();
    }
    return undefined;
  }

  /** `switch x := v.(type)`: the case of v's type (a result's type is its Go type, known statically). */
  private typeSwitch(st: Node, scope: Scope): void {
    const inner = new Scope(scope);
    const v = this.eval(field(st, 'value') as Node, inner);
    const type = dynamicType(v);
    if (type === undefined) throw new Unsupported(`type switch on ${typeName(v)}`);
    let chosen: Node | undefined;
    for (const c of kids(st)) {
      if (c.type === 'default_case') chosen ??= c;
      if (c.type !== 'type_case') continue;
      if (c.childrenForFieldName('type').some((t) => t && this.typeText(t) === type)) {
        chosen = c;
        break;
      }
    }
    const alias = field(st, 'alias');
    if (alias) for (const id of kids(alias)) inner.define(id.text, v);
    this.runCase(chosen, inner);
  }

  private switchStatement(st: Node, scope: Scope): void {
    const inner = new Scope(scope);
    const init = field(st, 'initializer');
    if (init) this.runStatement(init, inner);
    const valueNode = field(st, 'value');
    const value = valueNode ? this.eval(valueNode, inner) : true;
    if (value instanceof Sym || value instanceof Poison) throw new Unsupported('switch on a result');
    let chosen: Node | undefined;
    for (const c of kids(st)) {
      if (c.type === 'default_case') chosen ??= c;
      if (c.type !== 'expression_case') continue;
      const vals = kids(field(c, 'value') as Node).map((e) => this.eval(e, inner));
      if (vals.some((v) => goEqual(v, value))) {
        chosen = c;
        break;
      }
    }
    this.runCase(chosen, inner);
  }

  /** The statements of the switch case chosen, if any (a `break` ends them). */
  private runCase(chosen: Node | undefined, scope: Scope): void {
    const list = chosen && kids(chosen).find((k) => k.type === 'statement_list');
    if (list)
      try {
        this.runBlock(list, new Scope(scope));
      } catch (e) {
        if (!(e instanceof BreakSignal)) throw e;
      }
  }

  // ---------------------------------------------------------------- expressions
  eval(n: Node, scope: Scope): Val {
    switch (n.type) {
      case 'interpreted_string_literal':
        return goString(n.text);
      case 'raw_string_literal':
        return n.text.slice(1, -1).replace(/\r/g, '');
      case 'int_literal':
        return goInt(n.text);
      case 'float_literal':
        return Number(n.text.replace(/_/g, ''));
      case 'rune_literal':
        return (goString(`"${n.text.slice(1, -1).replace(/"/g, '\\"')}"`) as string).codePointAt(0) as number;
      case 'true':
        return true;
      case 'false':
        return false;
      case 'nil':
        return null;
      case 'iota':
        return scope.lookup('iota')?.v ?? 0;
      case 'identifier':
        return this.ident(n.text, scope);
      case 'parenthesized_expression':
        return this.eval(kids(n)[0], scope);
      case 'composite_literal':
        return this.composite(n, scope);
      case 'func_literal':
        return this.makeFn('func', n, scope);
      case 'unary_expression':
        return this.unary(n, scope);
      case 'binary_expression':
        return this.binary(n, scope);
      case 'selector_expression':
        return this.selector(n, scope);
      case 'index_expression':
        return this.index(n, scope);
      case 'slice_expression':
        return this.sliceExpr(n, scope);
      case 'call_expression':
        return this.call(n, scope);
      case 'type_assertion_expression': {
        const v = this.eval(field(n, 'operand') as Node, scope);
        const t = this.typeText(field(n, 'type') as Node);
        if (v instanceof Sym) return new Sym(v.vec, v.path, t, v.kind);
        if (v instanceof Poison) throw new Unsupported(v.reason);
        return v;
      }
      case 'type_conversion_expression': {
        const t = this.typeText(field(n, 'type') as Node);
        // `NewSet[string](x)` reads as a conversion to a generic type: a call of a compose-go function
        const base = t.replace(/\[.*$/, '');
        const api = this.apis.get(base.includes('.') ? base : `${this.pkg.name}.${base}`);
        if (api)
          return api([this.eval(field(n, 'operand') as Node, scope)], { interp: this, node: n, test: this.test });
        return this.convert(t, this.eval(field(n, 'operand') as Node, scope));
      }
      case 'qualified_type':
      case 'type_identifier':
      case 'slice_type':
      case 'map_type':
      case 'pointer_type':
      case 'array_type':
        return new TypeRef(this.typeText(n));
      default:
        throw new Unsupported(`expression ${n.type}`);
    }
  }

  ident(name: string, scope: Scope): Val {
    const b = scope.lookup(name) ?? this.pkg.scope.lookup(name);
    if (b) {
      if (b.v instanceof Poison) throw new Unsupported(b.v.reason);
      return b.v;
    }
    const builtin = BUILTINS[name];
    if (builtin) return builtin(this);
    if (/^(string|bool|byte|rune|u?int(8|16|32|64)?|float(32|64)|any|error|uintptr)$/.test(name))
      return new TypeRef(name);
    const q = `${this.pkg.name}.${name}`;
    if (this.types.named.has(q)) return new TypeRef(q);
    const api = this.apis.get(q);
    if (api) return new Native(q, (args, node) => api(args, { interp: this, node, test: this.test }));
    const c = this.constant(q);
    if (c !== undefined) return c;
    throw new Unsupported(PACKAGE_REASONS[this.pkg.name] ?? `${q}: ${NOT_MAPPED}`);
  }

  /** An exported (or package) constant of compose-go, evaluated from its declaration. */
  constant(q: string): Val | undefined {
    if (this.constants.has(q)) return this.constants.get(q);
    const embedded = this.types.embedded.get(q);
    if (embedded !== undefined) return embedded;
    const decl = this.types.consts.get(q);
    if (!decl) return undefined;
    const imports = this.imports;
    this.imports = decl.imports ?? new Map();
    try {
      const sc = new Scope();
      sc.define('iota', decl.iota);
      const v = decl.value ? this.eval(decl.value, sc) : decl.iota;
      const typed = decl.type && isCustomScalarOrNamed(decl.type) ? new Typed(decl.type, v as Val) : v;
      this.constants.set(q, typed);
      return typed;
    } catch (e) {
      if (!(e instanceof Unsupported)) throw e;
      // a package variable the evaluator cannot build (a regexp, a table of Go funcs): opaque
      const o = new Opaque(q);
      this.constants.set(q, o);
      return o;
    } finally {
      this.imports = imports;
    }
  }

  makeFn(name: string, n: Node, scope: Scope, pkg = this.pkg.name): Fn {
    const params: { name: string; variadic: boolean; type: string }[] = [];
    const plist = field(n, 'parameters');
    if (plist)
      for (const p of kids(plist)) {
        const type = field(p, 'type');
        const typeT = type ? this.typeText(type) : '';
        const names = p.childrenForFieldName('name').filter((x): x is Node => x !== null);
        const variadic = p.type === 'variadic_parameter_declaration';
        if (names.length === 0) params.push({ name: '_', variadic, type: typeT });
        for (const nm of names) params.push({ name: nm.text, variadic, type: typeT });
      }
    const result = field(n, 'result');
    const results: string[] = [];
    if (result) {
      if (result.type === 'parameter_list')
        for (const p of kids(result)) {
          const t = field(p, 'type');
          const names = p.childrenForFieldName('name').filter((x): x is Node => x !== null);
          for (let i = 0; i < Math.max(1, names.length); i++) results.push(t ? this.typeText(t) : '');
          if (names.length) results.push(...[]);
        }
      else results.push(this.typeText(result));
    }
    const namedResults =
      result?.type === 'parameter_list'
        ? kids(result).flatMap((p) =>
            p
              .childrenForFieldName('name')
              .filter((x): x is Node => x !== null)
              .map((x) => x.text),
          )
        : [];
    const fn = new Fn(name, params, results, field(n, 'body') as Node, scope, pkg, this.test?.file ?? '', this.imports);
    (fn as Fn & { named?: string[] }).named = namedResults;
    return fn;
  }

  callFn(fn: Val, args: Val[], node: Node): Val {
    if (fn instanceof Native)
      try {
        return fn.call(args, node);
      } catch (e) {
        // a library function given a value it was not written for (a result where a list was expected)
        if (e instanceof TypeError) throw new Unsupported(`${fn.name} on ${args.map(typeName).join(', ')}`);
        throw e;
      }
    if (fn instanceof TypeRef) {
      if (args.length !== 1) throw new Unsupported('conversion arity');
      return this.convert(fn.type, args[0]);
    }
    if (!(fn instanceof Fn)) throw new Unsupported(`call of ${typeName(fn)}`);
    const scope = new Scope(fn.scope);
    fn.params.forEach((p, i) => {
      if (p.variadic) scope.define(p.name, args.slice(i));
      else scope.define(p.name, args[i] === undefined ? null : args[i]);
    });
    const named = (fn as Fn & { named?: string[] }).named ?? [];
    named.forEach((nm, i) => scope.define(nm, this.zero(fn.results[i] ?? '')));
    const imports = this.imports;
    this.imports = fn.imports;
    try {
      this.runBlock(fn.body, scope);
    } catch (e) {
      if (e instanceof ReturnSignal) {
        if (e.v === null && named.length && fn.results.length) {
          const vals = named.map((nm) => scope.lookup(nm)?.v ?? null);
          return vals.length === 1 ? vals[0] : new Tuple(vals);
        }
        return e.v;
      }
      throw e;
    } finally {
      this.imports = imports;
    }
    if (named.length) {
      const vals = named.map((nm) => scope.lookup(nm)?.v ?? null);
      return vals.length === 1 ? vals[0] : new Tuple(vals);
    }
    return null;
  }

  private composite(n: Node, scope: Scope, elided?: string): Val {
    const typeNode = field(n, 'type');
    const type = typeNode ? this.resolveTypeName(typeNode, scope) : (elided ?? '');
    return this.literalValue(field(n, 'body') as Node, type, scope);
  }

  /** A type node, where a locally declared type (type x struct{...} inside a test) is looked up. */
  resolveTypeName(t: Node, scope: Scope): string {
    if (t.type === 'type_identifier') {
      const b = scope.lookup(t.text) ?? this.pkg.scope.lookup(t.text);
      if (b?.v instanceof TypeRef) return b.v.type;
    }
    if (t.type === 'generic_type') return this.typeText(t).replace(/\[.*$/, '');
    return this.typeText(t);
  }

  literalValue(body: Node, type: string, scope: Scope): Val {
    const elems = kids(body);
    const u = this.types.underlying(type);
    const evalElem = (e: Node, t: string): Val => {
      const inner = e.type === 'literal_element' ? kids(e)[0] : e;
      if (inner.type === 'literal_value') return this.literalValue(inner, t.replace(/^\*/, ''), scope);
      if (
        inner.type === 'unary_expression' &&
        kids(inner)[0]?.type === 'composite_literal' &&
        !field(kids(inner)[0], 'type')
      )
        return this.composite(kids(inner)[0], scope, t.replace(/^\*/, ''));
      return this.eval(inner, scope);
    };
    if (u.startsWith('map[')) {
      const m = new GoMap(type);
      const elem = this.types.elem(type) ?? '';
      const keyType = u.slice(4, u.indexOf(']'));
      for (const e of elems) {
        if (e.type !== 'keyed_element') throw new Unsupported('map literal without key');
        const [k, v] = kids(e);
        m.m.set(scalarKey(evalElem(k, keyType)), evalElem(v, elem));
      }
      return m;
    }
    if (/^\[\d*\]/.test(u) || (u === '' && elems.every((e) => e.type !== 'keyed_element'))) {
      const elem = this.types.elem(type) ?? '';
      const out: Val[] = [];
      for (const e of elems) {
        if (e.type === 'keyed_element') {
          const [k, v] = kids(e);
          out[Number(evalElem(k, 'int'))] = evalElem(v, elem);
        } else out.push(evalElem(e, elem));
      }
      return out;
    }
    const fields = this.types.fields(type);
    const s = new GoStruct(type);
    elems.forEach((e, i) => {
      if (e.type === 'keyed_element') {
        const [k, v] = kids(e);
        const name = kids(k)[0]?.text ?? k.text;
        const ft = this.types.field(type, name)?.type ?? '';
        s.f.set(name, evalElem(v, ft));
      } else {
        const f = fields?.[i];
        if (!f) throw new Unsupported(`positional literal of ${type}`);
        s.f.set(f.name, evalElem(e, f.type));
      }
    });
    return s;
  }

  private unary(n: Node, scope: Scope): Val {
    const op = field(n, 'operator')?.text ?? n.children[0]?.text;
    const operand = field(n, 'operand') as Node;
    if (op === '&' && operand.type === 'composite_literal') return this.composite(operand, scope);
    const v = this.eval(operand, scope);
    switch (op) {
      case '&':
      case '*':
        return v;
      case '-':
        if (v instanceof Typed) return new Typed(v.type, -(v.v as number));
        return -(num(v) as number);
      case '+':
        return v;
      case '!':
        if (v instanceof SymCond) return v.negate();
        if (v instanceof SymContains) return new SymContains(v.sym, v.sub, !v.negated);
        if (v instanceof SymHas) return new SymHas(v.sym, v.value, v.go, !v.negated);
        if (v instanceof Sym) return new SymCond(v, '==', false);
        return !truthy(v);
      case '^':
        return ~(num(v) as number);
      default:
        throw new Unsupported(`unary ${op}`);
    }
  }

  private binary(n: Node, scope: Scope): Val {
    const op = (field(n, 'operator') as Node).type;
    const l = this.eval(field(n, 'left') as Node, scope);
    if (op === '&&') return truthy(l) ? this.eval(field(n, 'right') as Node, scope) : false;
    if (op === '||') {
      // `err != nil || tt.errorRequired`: a condition on a result or'ed with a value of the test table
      if (l instanceof SymCond) {
        const r = this.eval(field(n, 'right') as Node, scope);
        if (typeof r === 'boolean') return r ? true : l;
        // `if _, ok := env[k]; ok || err != nil { t.Error }`: either condition fails the test
        if (r instanceof SymCond) return new SymAny([l, r]);
        throw new Unsupported('condition on a result');
      }
      return truthy(l) ? true : this.eval(field(n, 'right') as Node, scope);
    }
    const r = this.eval(field(n, 'right') as Node, scope);
    if (op === '==' || op === '!=') {
      if (l instanceof SymCompare && r === 0) return new SymCond(l.sym, op, l.value);
      if (l instanceof Sym && !(r instanceof Sym)) return new SymCond(l, op, r);
      if (r instanceof Sym && !(l instanceof Sym)) return new SymCond(r, op, l);
      if (l instanceof Sym || r instanceof Sym) throw new Unsupported('comparing two results');
      return op === '==' ? goEqual(l, r) : !goEqual(l, r);
    }
    if (l instanceof Sym || r instanceof Sym) throw new Unsupported(`operator ${op} on a result`);
    if (['<', '>', '<=', '>='].includes(op)) {
      const a = unwrap(l) as number;
      const b = unwrap(r) as number;
      return op === '<' ? a < b : op === '>' ? a > b : op === '<=' ? a <= b : a >= b;
    }
    return this.arith(op, l, r);
  }

  arith(op: string, l: Val, r: Val): Val {
    const type = l instanceof Typed ? l.type : r instanceof Typed ? r.type : undefined;
    const a = unwrap(l);
    const b = unwrap(r);
    let v: unknown;
    if (op === '+' && (typeof a === 'string' || typeof b === 'string')) v = String(a) + String(b);
    else {
      const x = a as number;
      const y = b as number;
      if (typeof x !== 'number' || typeof y !== 'number') throw new Unsupported(`arithmetic on ${typeName(l)}`);
      switch (op) {
        case '+':
          v = x + y;
          break;
        case '-':
          v = x - y;
          break;
        case '*':
          v = x * y;
          break;
        case '/':
          v = Number.isInteger(x) && Number.isInteger(y) ? Math.trunc(x / y) : x / y;
          break;
        case '%':
          v = x % y;
          break;
        case '<<':
          v = x * 2 ** y;
          break;
        case '>>':
          v = Math.floor(x / 2 ** y);
          break;
        case '&':
          v = x & y;
          break;
        case '|':
          v = x | y;
          break;
        case '^':
          v = x ^ y;
          break;
        default:
          throw new Unsupported(`operator ${op}`);
      }
    }
    return type ? new Typed(type, v as Val) : (v as Val);
  }

  /** A file of the checkout, by a path relative to the package directory (the Go test's working dir). */
  readPackageFile: (p: string) => string | undefined = () => undefined;

  /** The call being evaluated (assertions record its Go text). */
  currentNode!: Node;
  currentScope!: Scope;

  runSubtest(name: string, body: () => void): void {
    this.test.subtests.push(name);
    const before = this.test.vecs.length;
    const skips = this.pendingSkips;
    const carried = new Map(this.carried);
    this.outerSkips.push(skips);
    this.pendingSkips = [];
    try {
      body();
    } catch (e) {
      if (e instanceof SkipTest) this.pendingSkips.unshift(e.message);
      else if (e instanceof Unsupported) this.pendingSkips.push(e.message);
      else if (!(e instanceof ReturnSignal)) throw e;
    } finally {
      this.closeScope(before);
      this.carried = carried;
      this.outerSkips.pop();
      this.pendingSkips = skips;
      this.test.subtests.pop();
    }
  }

  /** Called when a test or subtest ends: if it made no vector, a skip vector says why. */
  closeScope(before: number): void {
    const id = this.baseId();
    if (this.test.vecs.slice(before).some((v) => v.id === id || v.id.startsWith(`${id}/`))) return;
    // the reason is the first statement's cause; the others usually follow from it
    const reason = this.pendingSkips.length
      ? causeOf(this.pendingSkips[0])
      : 'no call into compose-go the extractor recognises';
    const data: Record<string, unknown> = { skip: reason };
    if (this.pendingSkips.length) data.skipped_statements = [...this.pendingSkips];
    this.test.vecs.push({
      id,
      function: '',
      data,
      assertions: [],
      skipped_assertions: [],
      results: [],
    });
  }

  private selector(n: Node, scope: Scope): Val {
    const operandNode = field(n, 'operand') as Node;
    const name = (field(n, 'field') as Node).text;
    if (
      operandNode.type === 'identifier' &&
      !scope.lookup(operandNode.text) &&
      !this.pkg.scope.lookup(operandNode.text)
    ) {
      const path = this.imports.get(operandNode.text);
      if (path) return this.qualified(path, name);
    }
    const obj = this.eval(operandNode, scope);
    return this.member(obj, name);
  }

  qualified(path: string, name: string): Val {
    const pkg = path.split('/').pop() as string;
    if (path === 'gotest.tools/v3/assert') return assertPackage(this, 'assert', name, this.currentNode);
    if (path === 'gotest.tools/v3/assert/cmp') return assertPackage(this, 'cmp', name, this.currentNode);
    if (path.startsWith('github.com/stretchr/testify/'))
      return assertPackage(this, name === 'Error' ? 'testify' : pkg, name, this.currentNode);
    if (path.startsWith('github.com/google/go-cmp/'))
      return new Native(`${pkg}.${name}`, () => new Opaque('cmp option'));
    const q = `${pkg}.${name}`;
    const std = STD[`${path}.${name}`] ?? STD[q];
    if (std) return std(this);
    if (this.types.named.has(q)) return new TypeRef(q);
    const api = this.apis.get(q);
    if (api) return new Native(q, (args, node) => api(args, { interp: this, node, test: this.test }));
    const c = this.constant(q);
    if (c !== undefined) return c;
    throw new Unsupported(
      PACKAGE_REASONS[pkg] ??
        (path.includes('compose-spec/compose-go')
          ? `${q}: ${NOT_MAPPED}`
          : `${q}: a Go library call the extractor does not model`),
    );
  }

  /** compose-go's exported constants and package variables, read from its sources (apis.ts fills it). */
  constants = new Map<string, Val>();

  member(obj: Val, name: string): Val {
    if (obj instanceof Poison) throw new Unsupported(obj.reason);
    if (obj instanceof Sym) return this.symMember(obj, name);
    if (obj instanceof GoStruct) {
      if (obj.f.has(name)) return obj.f.get(name) as Val;
      const f = this.types.field(obj.type, name);
      if (f) {
        // promoted through an embedded struct set explicitly
        for (const emb of this.types.fields(obj.type) ?? [])
          if (emb.inline && obj.f.get(emb.name) instanceof GoStruct) {
            const inner = (obj.f.get(emb.name) as GoStruct).f.get(name);
            if (inner !== undefined) return inner;
          }
        return this.zero(f.type);
      }
      const m = STRUCT_METHODS[`${this.types.underlying(obj.type)}.${name}`];
      if (m) return new Native(name, (args) => m(this, obj, args));
      throw new Unsupported(`method or field ${name} of ${obj.type}`);
    }
    if (obj instanceof Opaque) {
      const m = obj.methods[name];
      if (m) return new Native(`${obj.what}.${name}`, m);
      throw new Unsupported(`${obj.what}.${name}`);
    }
    if (obj instanceof Typed) {
      const m = TYPED_METHODS[`${obj.type}.${name}`];
      if (m) return new Native(name, (args) => m(this, obj, args));
      throw new Unsupported(`Go method ${obj.type}.${name}`);
    }
    if (obj instanceof GoMap && name === 'Copy') return new Native('Copy', () => new GoMap(obj.type, new Map(obj.m)));
    if (obj instanceof GoMap) {
      const m = MAP_METHODS[`${obj.type.replace(/\[.*$/, '')}.${name}`];
      if (m) return new Native(name, (args) => m(this, obj, args));
    }
    throw new Unsupported(`.${name} of ${typeName(obj)}`);
  }

  symMember(s: Sym, name: string): Val {
    if (s.kind === 'error') {
      if (name === 'Error') return new Native('Error', () => new Sym(s.vec, [], 'string', 'errmsg'));
      throw new Unsupported(`error.${name}`);
    }
    const f = this.types.field(s.type, name);
    // the services a project's profiles disabled, and the profiles: Go-side, under `$go` of a project result
    if (f && /^\*?types\.Project$/.test(s.type) && (name === 'DisabledServices' || name === 'Profiles'))
      return new Sym(s.vec, [...s.path, '$go', name], f.type);
    if (f && f.tags.some((t) => t.startsWith('-')))
      throw new Unsupported(`Go-only field ${s.type.replace(/^\*/, '')}.${name} (yaml:"-", not in the model)`);
    // the x-* keys inlined in a struct
    if (f && f.tags.length === 0 && /\.Extensions$/.test(f.type))
      return new Sym(s.vec, [...s.path, '$extensions'], f.type);
    if (f) return new Sym(s.vec, [...s.path, ...f.tags], f.type);
    const m =
      SYM_METHODS[`${s.type.replace(/^\*/, '')}.${name}`] ?? SYM_METHODS[`${this.types.underlying(s.type)}.${name}`];
    if (m) return new Native(name, (args) => m(this, s, args));
    throw new Unsupported(`Go method ${s.type.replace(/^\*/, '')}.${name}`);
  }

  private index(n: Node, scope: Scope): Val {
    const obj = this.eval(field(n, 'operand') as Node, scope);
    const key = this.eval(field(n, 'index') as Node, scope);
    if (obj instanceof Sym) {
      if (key instanceof Sym) throw new Unsupported('index by a result');
      const k = unwrap(key);
      if (typeof k !== 'string' && typeof k !== 'number') throw new Unsupported('index key');
      return new Sym(obj.vec, [...obj.path, k], this.types.elem(obj.type) ?? 'any');
    }
    if (obj instanceof GoMap) {
      const v = obj.m.get(scalarKey(key));
      return v === undefined ? this.zero(this.types.elem(obj.type) ?? '') : v;
    }
    if (Array.isArray(obj)) {
      const v = obj[unwrap(key) as number];
      if (v === undefined) throw new Unsupported('index out of range');
      return v;
    }
    if (typeof obj === 'string') return obj.charCodeAt(unwrap(key) as number);
    if (obj instanceof Native || obj instanceof Fn) return obj; // generic instantiation f[T]
    if (obj instanceof Opaque && /^\w+\.\w+$/.test(obj.what)) {
      // an entry of a compose-go table of functions (validation's checks["configs.*"])
      const name = `${obj.what}[${String(unwrap(key))}]`;
      const api = this.apis.get('(table entry)');
      if (api) return new Native(name, (args, node) => api([name, ...args], { interp: this, node, test: this.test }));
    }
    throw new Unsupported(`index on ${typeName(obj)}`);
  }

  private sliceExpr(n: Node, scope: Scope): Val {
    const obj = this.eval(field(n, 'operand') as Node, scope);
    const s = field(n, 'start');
    const e = field(n, 'end');
    const start = s ? (unwrap(this.eval(s, scope)) as number) : 0;
    const end = e ? (unwrap(this.eval(e, scope)) as number) : undefined;
    if (typeof obj === 'string' || Array.isArray(obj)) return obj.slice(start, end);
    throw new Unsupported(`slice of ${typeName(obj)}`);
  }

  private call(n: Node, scope: Scope): Val {
    const fnNode = field(n, 'function') as Node;
    const argsNode = field(n, 'arguments') as Node;
    // builtins that take a type: make(T, n), new(T)
    if (
      fnNode.type === 'identifier' &&
      (fnNode.text === 'make' || fnNode.text === 'new') &&
      !scope.lookup(fnNode.text)
    ) {
      const t = this.resolveTypeName(kids(argsNode)[0], scope);
      if (t.startsWith('chan '))
        throw new Unsupported('a Go channel: goroutines gather the results (Go concurrency, no counterpart)');
      const z = this.zero(t);
      if (z === null) {
        const u = this.types.underlying(t);
        return u.startsWith('map[') ? new GoMap(t) : u.startsWith('[]') ? [] : z;
      }
      return z;
    }
    this.currentNode = n;
    this.currentScope = scope;
    const fn = this.eval(fnNode, scope);
    const args: Val[] = [];
    for (const a of kids(argsNode)) {
      if (a.type === 'variadic_argument') {
        const v = this.eval(kids(a)[0], scope);
        if (!Array.isArray(v)) throw new Unsupported('variadic argument');
        args.push(...v);
      } else if (/_type$|^type_identifier$/.test(a.type) && a.type !== 'type_conversion_expression') {
        args.push(new TypeRef(this.resolveTypeName(a, scope)));
      } else {
        const v = this.eval(a, scope);
        args.push(v instanceof Tuple && kids(argsNode).length === 1 ? v : v instanceof Tuple ? v.vals[0] : v);
      }
    }
    // f(g()) where g returns several values
    const flat = args.length === 1 && args[0] instanceof Tuple ? args[0].vals : args;
    this.currentNode = n;
    this.currentScope = scope;
    return this.callFn(fn, flat, n);
  }

  convert(type: string, v: Val): Val {
    if (v instanceof Sym) return new Sym(v.vec, v.path, type, v.kind, v.apply);
    if (v instanceof Poison) throw new Unsupported(v.reason);
    const u = this.types.underlying(type);
    if (type === 'string' && typeof v === 'number') return String.fromCodePoint(v);
    if (type === '[]byte' || u === '[]byte') return typeof v === 'string' ? new Typed('[]byte', v) : v;
    if (v instanceof Typed && v.type === '$roundtrip') return v;
    if (type === 'string' && v instanceof Typed) return String(v.v);
    if (/^(u?int\d*|float\d+)$/.test(type)) return unwrap(v);
    if (isCustomScalar(type)) return new Typed(type, unwrap(v));
    if (v instanceof GoMap) return new GoMap(type, v.m);
    if (v instanceof GoStruct) return new GoStruct(type, v.f);
    return v;
  }

  zero(type: string): Val {
    const t = type.trim();
    if (t === 'strings.Builder') return new GoStruct(t, new Map([['buf', '']]));
    if (t === 'sync.WaitGroup' || t === 'sync.Mutex') return new GoStruct(t);
    if (
      t.startsWith('*') ||
      t.startsWith('[]') ||
      t.startsWith('map[') ||
      t === 'any' ||
      t === 'error' ||
      t.startsWith('func')
    )
      return null;
    if (t === 'string') return '';
    if (t === 'bool') return false;
    if (/^(u?int\d*|float\d+|byte|rune)$/.test(t)) return 0;
    const u = this.types.underlying(t);
    if (u === 'struct' || this.types.structs.has(u)) return new GoStruct(t);
    if (u === 'string') return isCustomScalar(t) ? new Typed(t, '') : '';
    if (/^(u?int\d*|float\d+)$/.test(u)) return isCustomScalar(t) ? new Typed(t, 0) : 0;
    if (u === 'bool') return false;
    if (u.startsWith('[]') || u.startsWith('map[')) return null;
    return null;
  }

  // ---------------------------------------------------------------- assertions
  assertCond(c: SymCond, go: string): void {
    const s = c.sym;
    if (s.kind === 'error') {
      if (c.value !== null) throw new Unsupported('error compared with a value');
      if (c.op === '==') this.expectOk(s);
      else this.expectError(s, true);
      return;
    }
    const value = c.value;
    if (value === ABSENT) return this.addAssertion(s, c.op === '!=' ? 'present' : 'absent', undefined, go);
    if (value === null) this.addAssertion(s, c.op === '==' ? 'null' : 'not_null', undefined, go);
    else this.addAssertion(s, c.op === '==' ? 'equals' : 'not_equals', value, go);
  }

  assertContains(c: SymContains): void {
    if (c.negated) throw new Unsupported('asserts a result does not contain a text');
    if (c.sym.kind === 'errmsg' || c.sym.kind === 'error') return this.expectError(c.sym, c.sub);
    this.addAssertion(c.sym, 'contains', c.sub, this.currentNode?.text ?? '');
  }

  expectOk(s: Sym): void {
    if (s.vec.error === undefined && s.vec.error_exact === undefined) s.vec.ok = true;
  }

  expectError(s: Sym, message: string | true, exact = false): void {
    delete s.vec.ok;
    if (exact) s.vec.error_exact = message as string;
    else if (message !== true || s.vec.error === undefined) s.vec.error = message;
  }

  addAssertion(s: Sym, op: string, value: Val | undefined, go: string, valueType = s.type): void {
    if (s.kind === 'errmsg') {
      if (op === 'equals') return this.expectError(s, value as string, true);
      if (op === 'contains') return this.expectError(s, value as string);
      throw new Unsupported(`${op} on an error message`);
    }
    if (s.kind === 'error') {
      if (op === 'equals' && value === null) return this.expectOk(s);
      if (op === 'equals' && value instanceof GoStruct && /Error$/.test(value.type))
        value = new GoError('', value.type, value);
      if (op === 'equals' && value instanceof GoError) {
        if (value.fields) {
          this.expectError(s, true);
          s.vec.error_type = value.type;
          s.vec.error_fields = render(this.types, value.fields).json;
          return;
        }
        return this.expectError(s, value.message, true);
      }
      if (op === 'null') return this.expectOk(s);
      if (op === 'not_null') return this.expectError(s, true);
      throw new Unsupported(`${op} on an error`);
    }
    const a: Assertion = { path: s.path, op, go };
    if (s.kind === 'len') {
      if (op !== 'equals') throw new Unsupported(`${op} on len()`);
      a.op = 'len';
    }
    if (value !== undefined) {
      const r = render(this.types, value, s.kind === 'len' ? 'int' : valueType);
      a.value = r.json;
      const top = r.types[''];
      if (top) a.go_type = top;
      const nested = Object.fromEntries(Object.entries(r.types).filter(([k]) => k !== ''));
      if (Object.keys(nested).length) a.value_types = nested;
      if (!a.go_type && isCustomScalar(valueType.replace(/^\*/, ''))) a.go_type = valueType.replace(/^\*/, '');
    }
    if (s.apply.length) a.apply = s.apply;
    const guard = this.presentGuards.findLast((g) => g.vec === s.vec && g.path.every((seg, k) => a.path[k] === seg));
    if (guard) a.if_present = guard.path;
    const key = JSON.stringify([a.path, a.op, a.value, a.apply]);
    if (s.vec.assertions.some((b) => JSON.stringify([b.path, b.op, b.value, b.apply]) === key)) return;
    s.vec.assertions.push(a);
  }
}

// ------------------------------------------------------------------ helpers

function isCustomScalarOrNamed(t: string): boolean {
  return isCustomScalar(t);
}

export function isCustomScalar(t: string): boolean {
  return /^(types\.(UnitBytes|Duration|FileMode|NanoCPUs)|time\.Duration)$/.test(t);
}

function failsOnly(block: Node): boolean {
  const list = kids(block).find((k) => k.type === 'statement_list');
  if (!list) return false;
  const sts = kids(list);
  return (
    sts.length > 0 &&
    sts.every(
      (s) =>
        /^(t\.(Fatal|Fatalf|Error|Errorf|FailNow|Fail)|panic|require\.Fail|assert\.Assert\(t, false)/.test(s.text) ||
        s.type === 'return_statement',
    )
  );
}

export function truthy(v: Val): boolean {
  if (v instanceof Sym || v instanceof SymCond) throw new Unsupported('condition on a result');
  if (v instanceof Poison) throw new Unsupported(v.reason);
  return v === true;
}

export function unwrap(v: Val): Val {
  return v instanceof Typed ? v.v : v;
}

function num(v: Val): Val {
  const u = unwrap(v);
  if (typeof u !== 'number') throw new Unsupported(`number expected, got ${typeName(v)}`);
  return u;
}

/** The Go type of a value, where the evaluator knows it. */
function dynamicType(v: Val): string | undefined {
  if (typeof v === 'string') return 'string';
  if (typeof v === 'boolean') return 'bool';
  if (typeof v === 'number') return Number.isInteger(v) ? 'int' : 'float64';
  if (v instanceof Sym) return v.kind === 'error' ? 'error' : v.type.replace(/^\*/, '');
  if (v instanceof Typed || v instanceof GoStruct || v instanceof GoMap) return v.type;
  return undefined;
}

export function scalarKey(v: Val): string | number | boolean {
  const u = unwrap(v);
  if (typeof u === 'string' || typeof u === 'number' || typeof u === 'boolean') return u;
  throw new Unsupported(`map key ${typeName(v)}`);
}

export function goEqual(a: Val, b: Val): boolean {
  a = unwrap(a);
  b = unwrap(b);
  if (a === b) return true;
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((x, i) => goEqual(x, b[i]));
  if (a instanceof GoMap && b instanceof GoMap)
    return a.m.size === b.m.size && [...a.m].every(([k, v]) => b.m.has(k) && goEqual(v, b.m.get(k) as Val));
  if (a instanceof GoStruct && b instanceof GoStruct) {
    const keys = new Set([...a.f.keys(), ...b.f.keys()]);
    return [...keys].every((k) => goEqual(a.f.get(k) ?? null, b.f.get(k) ?? null));
  }
  if ((a === null && Array.isArray(b) && b.length === 0) || (b === null && Array.isArray(a) && a.length === 0))
    return false;
  return false;
}

export function goString(lit: string): string {
  const body = lit.slice(1, -1);
  const bytes: number[] = [];
  const enc = new TextEncoder();
  for (let i = 0; i < body.length; i++) {
    const c = body[i];
    if (c !== '\\') {
      const cp = body.codePointAt(i) as number;
      bytes.push(...enc.encode(String.fromCodePoint(cp)));
      if (cp > 0xffff) i++;
      continue;
    }
    const e = body[++i];
    const simple: Record<string, number> = { n: 10, t: 9, r: 13, a: 7, b: 8, f: 12, v: 11, '\\': 92, '"': 34, "'": 39 };
    if (e in simple) bytes.push(simple[e]);
    else if (e === 'x') {
      bytes.push(parseInt(body.slice(i + 1, i + 3), 16));
      i += 2;
    } else if (e === 'u' || e === 'U') {
      const len = e === 'u' ? 4 : 8;
      bytes.push(...enc.encode(String.fromCodePoint(parseInt(body.slice(i + 1, i + 1 + len), 16))));
      i += len;
    } else if (/[0-7]/.test(e)) {
      bytes.push(parseInt(body.slice(i, i + 3), 8));
      i += 2;
    } else throw new Unsupported(`escape \\${e}`);
  }
  return new TextDecoder('utf-8', { fatal: false }).decode(new Uint8Array(bytes));
}

export function goInt(text: string): number {
  const t = text.replace(/_/g, '');
  if (/^0[oO]/.test(t)) return parseInt(t.slice(2), 8);
  if (/^0[xX]/.test(t)) return parseInt(t.slice(2), 16);
  if (/^0[bB]/.test(t)) return parseInt(t.slice(2), 2);
  if (/^0\d/.test(t)) return parseInt(t.slice(1), 8);
  return Number(t);
}

// ------------------------------------------------------------------ builtins and the standard library

const BUILTINS: Record<string, (i: Interp) => Val> = {
  len: () =>
    new Native('len', ([v]) => {
      if (v instanceof Sym) return new Sym(v.vec, v.path, 'int', 'len');
      if (v === null) return 0;
      if (typeof v === 'string') return new TextEncoder().encode(v).length;
      if (Array.isArray(v)) return v.length;
      if (v instanceof GoMap) return v.m.size;
      if (v instanceof Typed && typeof v.v === 'string') return new TextEncoder().encode(v.v).length;
      throw new Unsupported(`len of ${typeName(v)}`);
    }),
  append: () =>
    new Native('append', ([s, ...items]) => {
      if (s !== null && !Array.isArray(s)) {
        if (s instanceof Typed && typeof s.v === 'string') return new Typed(s.type, s.v + items.map(String).join(''));
        throw new Unsupported(`append to ${typeName(s)}`);
      }
      return [...(s ?? []), ...items];
    }),
  panic: () =>
    new Native('panic', () => {
      throw new Unsupported('panic');
    }),
  delete: () =>
    new Native('delete', ([m, k]) => {
      if (m instanceof GoMap) m.m.delete(scalarKey(k));
      return null;
    }),
  copy: () =>
    new Native('copy', () => {
      throw new Unsupported('copy');
    }),
  min: () => new Native('min', (a) => Math.min(...a.map((x) => unwrap(x) as number))),
  max: () => new Native('max', (a) => Math.max(...a.map((x) => unwrap(x) as number))),
};

const str = (v: Val): string => {
  const u = unwrap(v);
  if (typeof u === 'string') return u;
  throw new Unsupported(`string expected, got ${typeName(v)}`);
};

function sprintf(format: string, args: Val[]): string {
  let i = 0;
  return format.replace(/%([-+# 0]*\d*(?:\.\d+)?)([vsdqtxfgT%])/g, (m, _flags: string, verb: string) => {
    if (verb === '%') return '%';
    const a = unwrap(args[i++]);
    // only messages are formatted with results: their text does not matter
    if (a instanceof Sym || a instanceof SymCond) return '<result>';
    if (a instanceof Poison) throw new Unsupported(a.reason);
    switch (verb) {
      case 'q':
        return JSON.stringify(a);
      case 'd':
      case 's':
      case 'v':
      case 't':
        if (a === null) return '<nil>';
        if (typeof a === 'object') throw new Unsupported(`%${verb} of ${typeName(a)}`);
        return String(a);
      default:
        throw new Unsupported(`format %${verb}`);
    }
  });
}

function joinPath(parts: string[]): string {
  const p = posix.join(...parts.filter((x) => x !== ''));
  return p;
}

/** The standard library calls the tests make, by import path or package name. */
const STD: Record<string, (i: Interp) => Val> = {
  'fmt.Sprintf': () => new Native('fmt.Sprintf', ([f, ...a]) => sprintf(str(f), a)),
  'fmt.Sprint': () => new Native('fmt.Sprint', (a) => a.map((x) => String(unwrap(x))).join('')),
  'fmt.Errorf': () => new Native('fmt.Errorf', ([f, ...a]) => new GoError(sprintf(str(f), a))),
  'errors.New': () => new Native('errors.New', ([m]) => new GoError(str(m))),
  'strings.Join': () =>
    new Native('strings.Join', ([l, sep]) =>
      l instanceof Sym
        ? new Sym(l.vec, l.path, 'string', l.kind, [...l.apply, ['join', str(sep)]])
        : ((l ?? []) as Val[]).map((x) => str(x)).join(str(sep)),
    ),
  'strings.Repeat': () => new Native('strings.Repeat', ([s, n]) => str(s).repeat(unwrap(n) as number)),
  'strings.ReplaceAll': () =>
    new Native('strings.ReplaceAll', ([s, a, b]) =>
      s instanceof Sym
        ? new Sym(s.vec, s.path, s.type, s.kind, [...s.apply, ['replace_all', str(a), str(b)]])
        : str(s).split(str(a)).join(str(b)),
    ),
  'strings.Contains': () =>
    new Native('strings.Contains', ([s, sub]) =>
      s instanceof Sym ? new SymContains(s, str(sub)) : str(s).includes(str(sub)),
    ),
  'strings.HasPrefix': () =>
    new Native('strings.HasPrefix', ([s, p]) =>
      s instanceof Sym ? new SymContains(s, str(p)) : str(s).startsWith(str(p)),
    ),
  'strings.TrimSpace': () =>
    new Native('strings.TrimSpace', ([s]) =>
      s instanceof Sym ? new Sym(s.vec, s.path, s.type, s.kind, [...s.apply, ['trim_space']]) : str(s).trim(),
    ),
  'bytes.TrimSpace': () =>
    new Native('bytes.TrimSpace', ([s]) =>
      s instanceof Sym ? new Sym(s.vec, s.path, s.type, s.kind, [...s.apply, ['trim_space']]) : str(s).trim(),
    ),
  // `os.IsNotExist(err)`: the error is a missing file's
  'os.IsNotExist': () =>
    new Native('os.IsNotExist', ([e]) => {
      if (!(e instanceof Sym) || e.kind !== 'error') throw new Unsupported('os.IsNotExist of a non-result');
      e.vec.error_type = 'fs.ErrNotExist';
      return new SymCond(e, '!=', null);
    }),
  'strings.ToUpper': () => new Native('strings.ToUpper', ([s]) => str(s).toUpperCase()),
  'strings.ToLower': () => new Native('strings.ToLower', ([s]) => str(s).toLowerCase()),
  'strings.Split': () => new Native('strings.Split', ([s, sep]) => str(s).split(str(sep))),
  'strconv.Itoa': () => new Native('strconv.Itoa', ([n]) => String(unwrap(n))),
  'path/filepath.Join': () => new Native('filepath.Join', (a) => joinPath(a.map(str))),
  'filepath.Join': () => new Native('filepath.Join', (a) => joinPath(a.map(str))),
  'filepath.Dir': () => new Native('filepath.Dir', ([p]) => posix.dirname(str(p))),
  'filepath.Base': () => new Native('filepath.Base', ([p]) => posix.basename(str(p))),
  'filepath.ToSlash': () => new Native('filepath.ToSlash', ([p]) => (p instanceof Sym ? p : str(p))),
  'filepath.FromSlash': () => new Native('filepath.FromSlash', ([p]) => (p instanceof Sym ? p : str(p))),
  'filepath.Abs': () =>
    new Native(
      'filepath.Abs',
      ([p]) => new Tuple([str(p).startsWith('/') ? str(p) : joinPath(['$CWD', str(p)]), null]),
    ),
  'os.Getwd': () => new Native('os.Getwd', () => new Tuple(['$CWD', null])),
  'os.MkdirAll': () => new Native('os.MkdirAll', () => null),
  // a temporary file the test writes: a file of its own under $TMPDIR, as os.WriteFile's are
  'os.CreateTemp': (i) =>
    new Native('os.CreateTemp', ([dir, pattern]) => {
      const name = joinPath([str(dir) || '$TMPDIR', `${str(pattern).replace('*', '')}${i.test.tempDirs++ || ''}`]);
      i.test.diskFiles[name] = '';
      const write = ([data]: Val[]): Val => {
        i.test.diskFiles[name] += str(data);
        return new Tuple([str(data).length, null]);
      };
      return new Tuple([
        new Opaque('os.File', {
          Name: () => name,
          Write: write,
          WriteString: write,
          Close: () => null,
          Sync: () => null,
        }),
        null,
      ]);
    }),
  'os.Remove': () => new Native('os.Remove', () => null),
  'os.ReadFile': (i) =>
    new Native('os.ReadFile', ([p]) => {
      const local = i.test.diskFiles[str(p)];
      if (local !== undefined) return new Tuple([new Typed('[]byte', local), null]);
      const content = i.readPackageFile(str(p));
      if (content === undefined) throw new Unsupported(`reads ${str(p)} from the file system`);
      return new Tuple([new Typed('[]byte', content), null]);
    }),
  // a file of the package opened to be read whole by the code under test: its content as the reader
  'os.Open': (i) =>
    new Native('os.Open', ([p]) => {
      const content = i.test.diskFiles[str(p)] ?? i.readPackageFile(str(p));
      if (content === undefined) throw new Unsupported(`reads ${str(p)} from the file system`);
      return new Tuple([new Typed('*os.File', content), null]);
    }),
  'os.Mkdir': () => new Native('os.Mkdir', () => null),
  'os.RemoveAll': () => new Native('os.RemoveAll', () => null),
  'os.ModePerm': () => 0o777,
  'os.WriteFile': (i) =>
    new Native('os.WriteFile', ([p, data]) => {
      i.test.diskFiles[str(p)] = str(data);
      return null;
    }),
  'os.Setenv': (i) =>
    new Native('os.Setenv', ([k, v]) => {
      i.test.processEnv[str(k)] = str(v);
      return null;
    }),
  'os.Unsetenv': (i) =>
    new Native('os.Unsetenv', ([k]) => {
      delete i.test.processEnv[str(k)];
      return null;
    }),
  'os.PathSeparator': () => '/'.charCodeAt(0),
  'os.Clearenv': (i) =>
    new Native('os.Clearenv', () => {
      i.test.processEnv = {};
      return null;
    }),
  'os.Getenv': (i) =>
    new Native('os.Getenv', ([k]) =>
      i.test.envVec ? new Sym(i.test.envVec, [str(k)], 'string') : (i.test.processEnv[str(k)] ?? ''),
    ),
  'os.LookupEnv': (i) =>
    new Native('os.LookupEnv', ([k]) => {
      const v = i.test.processEnv[str(k)];
      return new Tuple([v ?? '', v !== undefined]);
    }),
  'strings.NewReader': () => new Native('strings.NewReader', ([s]) => str(s)),
  'bytes.NewReader': () => new Native('bytes.NewReader', ([s]) => str(s)),
  'bytes.NewBufferString': () => new Native('bytes.NewBufferString', ([s]) => str(s)),
  'slices.Sort': () =>
    new Native('slices.Sort', ([l]) => {
      if (l instanceof Sym) l.apply.push(['sort']);
      else if (Array.isArray(l)) l.sort((a, b) => (str(a) < str(b) ? -1 : str(a) > str(b) ? 1 : 0));
      else throw new Unsupported('slices.Sort of a non-list');
      return null;
    }),
  'sort.Strings': () =>
    new Native('sort.Strings', ([l]) => {
      if (l instanceof Sym) l.apply.push(['sort']);
      else if (Array.isArray(l)) l.sort((a, b) => (str(a) < str(b) ? -1 : str(a) > str(b) ? 1 : 0));
      else throw new Unsupported('sort.Strings of a non-list');
      return null;
    }),
  'time.ParseDuration': () =>
    new Native('time.ParseDuration', ([s]) => {
      // Go's duration syntax: a sequence of decimal numbers with units, e.g. "1h2m3.5s"
      const units: Record<string, number> = { ns: 1, us: 1e3, µs: 1e3, ms: 1e6, s: 1e9, m: 60e9, h: 3600e9 };
      const text = str(s);
      const parts = [...text.matchAll(/(\d+(?:\.\d*)?|\.\d+)(ns|us|µs|ms|s|m|h)/g)];
      if (!parts.length || parts.map((p) => p[0]).join('') !== text.replace(/^[+-]/, ''))
        throw new Unsupported(`time.ParseDuration(${JSON.stringify(text)})`);
      const ns = parts.reduce((sum, p) => sum + Number(p[1]) * units[p[2]], 0);
      return new Tuple([new Typed('time.Duration', text.startsWith('-') ? -ns : ns), null]);
    }),
  'reflect.TypeOf': () =>
    new Native('reflect.TypeOf', ([v]) => {
      if (v instanceof GoStruct) return new TypeRef(v.type);
      throw new Unsupported('reflect.TypeOf of a non-struct');
    }),
  'strings.Compare': () =>
    new Native('strings.Compare', ([a, b]) => {
      // only ever compared with 0 by the tests: `strings.Compare(x, y) != 0` is `x != y`
      if (a instanceof Sym && !(b instanceof Sym)) return new SymCompare(a, b);
      if (b instanceof Sym && !(a instanceof Sym)) return new SymCompare(b, a);
      const x = str(a);
      const y = str(b);
      return x < y ? -1 : x > y ? 1 : 0;
    }),
  'reflect.DeepEqual': () =>
    new Native('reflect.DeepEqual', ([a, b]) => {
      if (a instanceof Sym && !(b instanceof Sym)) return new SymCond(a, '==', b);
      if (b instanceof Sym && !(a instanceof Sym)) return new SymCond(b, '==', a);
      return goEqual(a, b);
    }),
  'runtime.GOOS': () => 'linux',
  'testing.Short': () => new Native('testing.Short', () => false),
  'context.TODO': () => new Native('context.TODO', () => new Opaque('context')),
  'context.Background': () => new Native('context.Background', () => new Opaque('context')),
  // deadlines and cancellation do not change what a call returns
  'context.WithTimeout': () =>
    new Native('context.WithTimeout', () => new Tuple([new Opaque('context'), new Native('cancel', () => null)])),
  'context.WithCancel': () =>
    new Native('context.WithCancel', () => new Tuple([new Opaque('context'), new Native('cancel', () => null)])),
  'fmt.Fprintf': () =>
    new Native('fmt.Fprintf', ([w, f, ...a]) => {
      if (!(w instanceof GoStruct) || w.type !== 'strings.Builder') throw new Unsupported('fmt.Fprintf to a writer');
      w.f.set('buf', String(w.f.get('buf') ?? '') + sprintf(str(f), a));
      return null;
    }),
  // the process's working directory and standard input: out of scope, a bundle has neither
  'os.Chdir': () =>
    new Native('os.Chdir', () => {
      throw new Unsupported("changes the process's working directory, out of scope (process state)");
    }),
  'os.Stdin': () => {
    throw new Unsupported("the process's standard input, out of scope (process state)");
  },
  // the home directory as a value the test passes on (`env := {"HOME": home}`): `$HOME`, as the
  // working directory is `$CWD`; a bundle never reads the server's own home (paths/home.go's `~`
  // expansion has no vector; compose-review keeps `~` paths as written, src/load/paths.ts)
  'os.UserHomeDir': () => new Native('os.UserHomeDir', () => new Tuple(['$HOME', null])),
  'time.Nanosecond': () => new Typed('time.Duration', 1),
  'time.Microsecond': () => new Typed('time.Duration', 1e3),
  'time.Millisecond': () => new Typed('time.Duration', 1e6),
  'time.Second': () => new Typed('time.Duration', 1e9),
  'time.Minute': () => new Typed('time.Duration', 60e9),
  'time.Hour': () => new Typed('time.Duration', 3600e9),
  'math.MaxInt64': () => Number.MAX_SAFE_INTEGER,
  'math.MaxInt32': () => 2147483647,
  'math.MaxUint32': () => 4294967295,
};
void STD_PACKAGES;

/** Methods of compose-go's scalar types the tests call on their own values. */
export const TYPED_METHODS: Record<string, (i: Interp, v: Typed, args: Val[]) => Val> = {};

/** Methods of concrete values the tests call on their own data (and of compose-go's types on the test's values). */
export const STRUCT_METHODS: Record<string, (i: Interp, s: GoStruct, args: Val[]) => Val> = {
  'strings.Builder.WriteString': (_i, b, [s]) => {
    b.f.set('buf', String(b.f.get('buf') ?? '') + str(s));
    return null;
  },
  'strings.Builder.String': (_i, b) => String(b.f.get('buf') ?? ''),
  // the goroutines they wait for run at their go statement (one that uses a channel is refused)
  'sync.WaitGroup.Add': () => null,
  'sync.WaitGroup.Done': () => null,
  'sync.WaitGroup.Wait': () => null,
  'sync.Mutex.Lock': () => null,
  'sync.Mutex.Unlock': () => null,
  'strings.Builder.Len': (_i, b) => new TextEncoder().encode(String(b.f.get('buf') ?? '')).length,
};

/** Methods of maps of compose-go's named map types (utils.Set, types.Labels) on the test's values. */
export const MAP_METHODS: Record<string, (i: Interp, m: GoMap, args: Val[]) => Val> = {};

/** Methods of compose-go results the tests call that are plain model reads. */
export const SYM_METHODS: Record<string, (i: Interp, s: Sym, args: Val[]) => Val> = {
  'types.Project.GetService': (_i, s, [name]) =>
    new Tuple([new Sym(s.vec, [...s.path, 'services', str(name)], 'types.ServiceConfig'), null]),
  // a project marshalled to YAML/JSON and loaded again: the same vector, checked after a round trip
  'types.Project.MarshalYAML': (_i, s) =>
    new Tuple([new Typed('$roundtrip', { vec: s.vec, format: 'yaml' } as never), null]),
  'types.Project.MarshalJSON': (_i, s) =>
    new Tuple([new Typed('$roundtrip', { vec: s.vec, format: 'json' } as never), null]),
  'types.HostsList.AsList': (_i, s, [sep]) =>
    new Sym(s.vec, s.path, '[]string', s.kind, [...s.apply, ['hosts_as_list', str(sep)]]),
  'types.Project.ServiceNames': () => {
    throw new Unsupported('Go method types.Project.ServiceNames');
  },
};
