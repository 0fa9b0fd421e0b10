/**
 * compose-go interpolation.Interpolate with the loader's type casts: every string value (never a
 * key) of a model is substituted, then cast where its tree path matches a cast pattern. The result is
 * a copy that keeps the source locations; every failure is a Diagnostic at the value's position.
 */
import { diagnostic, formatPath, quotedParts, quoting, type Diagnostic, type Location } from '../diagnostics.js';
import { copyLocs, isObject, setOwn, valueLoc, type Tree, type TreeObject } from '../yaml/located.js';
import { pathTable, treePathOf, type PathState, type TreePath } from '../yaml/treepath.js';
import {
  InterpolationError,
  InvalidTemplateError,
  MissingRequiredError,
  TemplateSizeError,
  substitute,
  type Growth,
  type Lookup,
} from './template.js';
import { limitDiagnostic } from '../limits.js';
import { CastError, COMPOSE_TYPE_CASTS, toInt, toInt64, type Cast } from './casts.js';
import { markExactInt } from '../compat/go-int.js';

export interface InterpolateOptions {
  /** tree path pattern -> cast; defaults to compose-go's loader casts */
  casts?: Readonly<Record<TreePath, Cast>>;
  /** report compose-go's warnings (unset variable, YAML 1.1 boolean) as warning diagnostics; default true */
  warnings?: boolean;
  /** the characters substitution may still add (the interpolationChars budget of src/limits.ts) */
  growth?: Growth;
}

export interface InterpolateResult {
  tree: TreeObject;
  diagnostics: Diagnostic[];
}

/** compose-go prints tree paths with `[]` for sequence items: `services.api.volumes.[]`. */
const printPath = (segs: readonly (string | number)[]) => treePathOf(segs);

/** interpolation.go newPathError, as a Diagnostic. */
function templateDiagnostic(
  error: InterpolationError,
  path: readonly (string | number)[],
  model: string,
  where: Location | undefined,
): Diagnostic {
  if (error instanceof InvalidTemplateError) {
    const message = `invalid interpolation format for ${printPath(path)}.\nYou may need to escape any $ with another $.\n${error.template}`;
    return diagnostic(
      'interpolation-invalid-template',
      'error',
      message,
      where,
      model,
      'write a literal $ as $$',
      message,
    );
  }
  const message = `error while interpolating ${printPath(path)}: ${error.message}`;
  if (error instanceof TemplateSizeError)
    return limitDiagnostic('interpolation-size-limit', 'interpolationChars', message, where, model);
  if (error instanceof MissingRequiredError)
    return diagnostic(
      'interpolation-missing-variable',
      'error',
      message,
      where,
      model,
      `set ${error.variable} in the environment or in the .env file`,
      message,
    );
  return diagnostic('interpolation-limit', 'error', message, where, model);
}

/**
 * What an `interpolation-type` diagnostic's message quotes: the value as interpolated, and the keys
 * it stands under (the last two: `ulimits.x-db-password.soft`), which the masking reads
 * (src/redact/secrets.ts: the value of a secret-named key is secret, however it was written).
 */
const REFUSED = new WeakMap<Diagnostic, { keys: string[]; value: string }>();

/** The value an `interpolation-type` diagnostic quotes, and the keys it stands under; none for another diagnostic. */
export function refusedValue(d: Diagnostic): { keys: string[]; value: string } | undefined {
  return REFUSED.get(d);
}

const defaultCasts = pathTable(Object.entries(COMPOSE_TYPE_CASTS));

export function interpolateTree(root: TreeObject, lookup: Lookup, opts: InterpolateOptions = {}): InterpolateResult {
  const casts = opts.casts ? pathTable(Object.entries(opts.casts)) : defaultCasts;
  const diagnostics: Diagnostic[] = [];
  const report = opts.warnings ?? true;
  let overBudget = false;

  const value = (v: string, state: PathState<Cast>, segs: (string | number)[], parent: Tree, key: string | number): Tree => {
    // hot: most strings have no `$` and no cast; the model path and the place are only looked up
    // for a message (a place looked up for each value was 5% of the load of 10,000 services)
    const cast = state.rule;
    if (!cast && !v.includes('$')) return v;
    const model = () => formatPath(segs);
    const where = valueLoc(parent, key);
    let result = v;
    if (v.includes('$')) {
      const warned = new Set<string>();
      const warn = (message: string) => {
        if (report && !warned.has(message))
          diagnostics.push(diagnostic('interpolation-warning', 'warning', message, where, model()));
        warned.add(message);
      };
      try {
        result = substitute(v, lookup, { warn, growth: opts.growth });
      } catch (e) {
        if (!(e instanceof InterpolationError)) throw e;
        // past the budget every value that grows fails: the first one says it
        if (!(e instanceof TemplateSizeError && overBudget))
          diagnostics.push(templateDiagnostic(e, segs, model(), where));
        overBudget ||= e instanceof TemplateSizeError;
        return v;
      }
    }
    if (!cast) return result;
    try {
      const out = cast(result, (message) => {
        if (report) diagnostics.push(diagnostic('interpolation-warning', 'warning', message, where, model()));
      });
      // strconv.Atoi / ParseInt(s, 10, 64) keep every digit of an int64 the double does not hold:
      // kept beside the place, as the YAML reader keeps a literal's (compat/go-int.ts)
      if (typeof out === 'number' && !Number.isSafeInteger(out) && (cast === toInt || cast === toInt64))
        markExactInt(where, BigInt(result));
      return out;
    } catch (e) {
      if (!(e instanceof CastError)) throw e;
      const message = `error while interpolating ${printPath(segs)}: failed to cast to expected type: ${e.message}`;
      const d = diagnostic('interpolation-type', 'error', message, where, model(), undefined, message);
      REFUSED.set(d, { keys: segs.filter((s): s is string => typeof s === 'string').slice(-2), value: result });
      diagnostics.push(quoting(d, quotedParts(e)));
      return v;
    }
  };

  // the path of the value being read: one array, each level's segment pushed and popped (a copy
  // per node was most of this walk's allocation); only messages read it, while it is theirs
  const segs: (string | number)[] = [];
  const walk = (node: Tree, state: PathState<Cast>, parent: Tree, key: string | number): Tree => {
    if (typeof node === 'string') return value(node, state, segs, parent, key);
    if (Array.isArray(node)) {
      const item = state.step('[]');
      const out = new Array<Tree>(node.length);
      for (let i = 0; i < node.length; i++) {
        segs.push(i);
        out[i] = walk(node[i], item, node, i);
        segs.pop();
      }
      copyLocs(node, out);
      return out;
    }
    if (isObject(node)) return object(node, state);
    return node;
  };

  const object = (node: TreeObject, state: PathState<Cast>): TreeObject => {
    const out: TreeObject = {};
    for (const k of Object.keys(node)) {
      segs.push(k);
      setOwn(out, k, walk(node[k], state.step(k), node, k));
      segs.pop();
    }
    copyLocs(node, out);
    return out;
  };

  return { tree: object(root, casts), diagnostics };
}
