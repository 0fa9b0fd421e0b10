// gotest.tools' assert and assert/cmp (`is`), testify's require/assert, and *testing.T, as the tests use
// them: an assertion on a result of compose-go becomes an expectation of that result's vector.
import type { Node } from './source.js';
import { type Interp, goEqual, truthy } from './interp.js';
import {
  Fn,
  GoMap,
  GoStruct,
  GoError,
  Native,
  Opaque,
  Poison,
  Scope,
  Sym,
  SymCond,
  SymContains,
  Typed,
  Unsupported,
  type Val,
} from './values.js';

/** A gotest.tools cmp.Comparison: applied by assert.Check / assert.Assert. */
export class Comparison extends Opaque {
  constructor(public apply: (go: string) => void) {
    super('cmp.Comparison');
  }
}

export class SkipTest extends Error {}

function compare(i: Interp, a: Val, b: Val, go: string, op = 'equals'): void {
  if (a instanceof SymCond && typeof b === 'boolean') return i.assertCond(b === (op === 'equals') ? a : a.negate(), go);
  if (b instanceof SymCond && typeof a === 'boolean') return i.assertCond(a === (op === 'equals') ? b : b.negate(), go);
  if (a instanceof Poison) throw new Unsupported(a.reason);
  if (b instanceof Poison) throw new Unsupported(b.reason);
  if (a instanceof Sym && b instanceof Sym) throw new Unsupported('a result compared with a result');
  if (a instanceof Sym) return i.addAssertion(a, op, b, go);
  if (b instanceof Sym) return i.addAssertion(b, op, a, go);
  // both sides computed by the test itself (e.g. a counter a Go callback would have changed)
  if (op === 'equals' && !goEqual(a, b)) throw new Unsupported('compares values only a Go callback computes');
}

function errorIs(i: Interp, err: Val, want: string | true, exact: boolean): void {
  if (err instanceof Poison) throw new Unsupported(err.reason);
  if (err instanceof Sym && (err.kind === 'error' || err.kind === 'errmsg')) return i.expectError(err, want, exact);
  if (err === null) throw new Unsupported('expects an error from code the extractor ran itself');
  throw new Unsupported('error assertion on a non-result');
}

function noError(i: Interp, err: Val): void {
  if (err instanceof Sym && err.kind === 'error') return i.expectOk(err);
  if (err === null) return;
  if (err instanceof Poison) throw new Unsupported(err.reason);
  throw new Unsupported('NilError on a non-result');
}

function boolAssert(i: Interp, v: Val, go: string, want = true): void {
  if (v instanceof Comparison) return v.apply(go);
  if (v instanceof SymContains) return i.assertContains(want ? v : new SymContains(v.sym, v.sub, !v.negated));
  if (v instanceof SymCond) return i.assertCond(want ? v : v.negate(), go);
  if (v instanceof Sym) {
    if (v.kind === 'error') return want ? noError(i, v) : errorIs(i, v, true, false);
    return i.addAssertion(v, 'equals', want, go);
  }
  if (v instanceof Poison) throw new Unsupported(v.reason);
  if (truthy(v) !== want) throw new Unsupported('asserts a value only a Go callback computes');
}

function lenOf(i: Interp, x: Val, n: Val, go: string): void {
  if (x instanceof Sym) return i.addAssertion(new Sym(x.vec, x.path, 'int', 'len'), 'equals', n, go);
  compare(i, x, n, go);
}

function contains(i: Interp, coll: Val, item: Val, go: string): void {
  if (coll instanceof Sym) {
    if (coll.kind === 'errmsg' || coll.kind === 'error') return i.expectError(coll, item as string, false);
    return i.addAssertion(coll, 'contains', item, go);
  }
  throw new Unsupported('Contains on a non-result');
}

export function assertPackage(i: Interp, pkg: string, name: string, node: Node): Val {
  const go = node.text;
  const fn = (f: (args: Val[]) => Val | void) => new Native(`${pkg}.${name}`, (args) => f(args) ?? null);
  if (pkg === 'cmp' || pkg === 'is') {
    switch (name) {
      case 'Equal':
      case 'DeepEqual':
        return fn(([a, b]) => new Comparison((g) => compare(i, a, b, g)));
      case 'Len':
        return fn(([x, n]) => new Comparison((g) => lenOf(i, x, n, g)));
      case 'Nil':
        return fn(
          ([x]) => new Comparison((g) => boolAssert(i, x instanceof Sym ? new SymCond(x, '==', null) : x === null, g)),
        );
      case 'ErrorContains':
        return fn(([e, s]) => new Comparison(() => errorIs(i, e, s as string, false)));
      case 'Error':
        return fn(([e, s]) => new Comparison(() => errorIs(i, e, s as string, true)));
      case 'Contains':
        return fn(([c, x]) => new Comparison((g) => contains(i, c, x, g)));
      case 'Comparison':
        return fn(() => {
          throw new Unsupported('custom Go comparison');
        });
    }
    throw new Unsupported(`${pkg}.${name}`);
  }
  // gotest.tools assert, testify assert and require: first argument is t
  switch (name) {
    case 'NilError':
    case 'NoError':
      return fn(([, e]) => noError(i, e));
    case 'Error':
      return pkg === 'assert' && !i.imports.get('assert')?.includes('testify')
        ? fn(([, e, s]) => errorIs(i, e, s as string, true))
        : fn(([, e]) => errorIs(i, e, true, false));
    case 'EqualError':
      return fn(([, e, s]) => errorIs(i, e, s as string, true));
    case 'ErrorContains':
      return fn(([, e, s]) => errorIs(i, e, s as string, false));
    case 'ErrorType':
    case 'ErrorIs':
    case 'ErrorAs':
      return fn(([, e, want]) => {
        if (!(e instanceof Sym)) throw new Unsupported(`${name} on a non-result`);
        const w = want instanceof Opaque || want === null ? 'error' : ((want as { type?: string }).type ?? 'error');
        i.expectError(e, true);
        e.vec.error_type = w;
      });
    case 'Equal':
    case 'DeepEqual':
    case 'EqualValues':
    case 'Exactly':
      return fn(([, a, b]) => compare(i, a, b, go));
    case 'NotEqual':
      return fn(([, a, b]) => compare(i, a, b, go, 'not_equals'));
    case 'Len':
      return fn(([, x, n]) => lenOf(i, x, n, go));
    case 'Empty':
      return fn(([, x]) => lenOf(i, x, 0, go));
    case 'Nil':
      return fn(([, x]) => boolAssert(i, x instanceof Sym ? new SymCond(x, '==', null) : x === null, go));
    case 'NotNil':
      return fn(([, x]) => boolAssert(i, x instanceof Sym ? new SymCond(x, '!=', null) : x !== null, go));
    case 'True':
    case 'Assert':
    case 'Check':
      return fn(([, x]) => boolAssert(i, x, go));
    case 'False':
      return fn(([, x]) => boolAssert(i, x, go, false));
    case 'Contains':
      return fn(([, c, x]) => contains(i, c, x, go));
    case 'ElementsMatch':
      return fn(([, a, b]) => compare(i, a, b, go, 'equals_unordered'));
    case 'Fail':
    case 'FailNow':
      return fn(() => {
        throw new Unsupported('reaches a failing branch');
      });
  }
  throw new Unsupported(`${pkg}.${name}`);
}

/** *testing.T: subtests run in place, with their name added to the vector id. */
export function testingT(i: Interp): Opaque {
  const t: Opaque = new Opaque('testing.T', {
    Run: ([name, body]) => {
      if (!(body instanceof Fn)) throw new Unsupported('t.Run body');
      i.runSubtest(String(name instanceof Typed ? name.v : name), () => {
        const scope = new Scope(body.scope);
        scope.define(body.params[0]?.name ?? 't', t);
        i.runBlock(body.body, scope, true);
      });
      return true;
    },
    Helper: () => null,
    Parallel: () => null,
    Cleanup: () => null,
    Log: () => null,
    Logf: () => null,
    Name: () => i.baseId().split(':')[1],
    Setenv: ([k, v]) => {
      i.test.processEnv[String(k)] = String(v);
      return null;
    },
    TempDir: () => `$TMPDIR${i.test.tempDirs++ || ''}`,
    Chdir: () => {
      throw new Unsupported('t.Chdir (the process working directory)');
    },
    Skip: (a) => {
      throw new SkipTest(`skipped in Go: ${a.map(String).join(' ')}`);
    },
    Skipf: (a) => {
      throw new SkipTest(`skipped in Go: ${a.map(String).join(' ')}`);
    },
    SkipNow: () => {
      throw new SkipTest('skipped in Go');
    },
    Fatal: () => {
      throw new Unsupported('reaches t.Fatal');
    },
    Fatalf: () => {
      throw new Unsupported('reaches t.Fatalf');
    },
    Error: () => {
      throw new Unsupported('reaches t.Error');
    },
    Errorf: () => {
      throw new Unsupported('reaches t.Errorf');
    },
    Context: () => new Opaque('context'),
  });
  return t;
}

export { GoMap };
