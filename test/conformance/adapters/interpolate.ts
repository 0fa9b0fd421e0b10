// interpolation.json, interpolation_tree.json, template_variables.json, template_operator_choice.json,
// tree_path_matches.json: compose-go's template, interpolation and tree.Path tests.
import { type Adapter, type Vector, type VectorResult, expectEqual, fail, pass, skip } from '../types.js';
import {
  MissingRequiredError,
  substitute,
  substitutionOperator,
  type Lookup,
  InterpolationError,
} from '../../../src/interpolate/template.js';
import { extractVariables } from '../../../src/interpolate/variables.js';
import { interpolateTree } from '../../../src/interpolate/tree.js';
import { parseBool, toInt, type Cast } from '../../../src/interpolate/casts.js';
import { pathMatches } from '../../../src/yaml/treepath.js';
import type { TreeObject } from '../../../src/yaml/located.js';

const lookupOf =
  (env: Record<string, string> = {}): Lookup =>
  (k) =>
    Object.hasOwn(env, k) ? env[k] : undefined;

/** The Go test's cast functions, by the description the vector gives. */
const CASTS: Record<string, Cast> = { 'int (strconv.Atoi)': toInt, 'bool (strconv.ParseBool)': parseBool };

function checkError(v: Vector, message: string | undefined, full?: string): VectorResult {
  if (message === undefined) return fail(`expected error ${JSON.stringify(v.error)}, got success`);
  const want = typeof v.error_full === 'string' ? v.error_full : v.error;
  const got = typeof v.error_full === 'string' ? (full ?? message) : message;
  if (v.error_match === 'exact' ? got === want : got.includes(v.error)) return pass();
  return fail(`expected error ${JSON.stringify(want)}, got ${JSON.stringify(got)}`);
}

function stringVector(v: Vector): VectorResult {
  const fn = String(v.function);
  const lookup = lookupOf(v.env);
  if (fn.startsWith('interpolation.Interpolate')) {
    const { tree, diagnostics } = interpolateTree({ myservice: { environment: { TESTVAR: v.template } } }, lookup, {
      casts: {},
      warnings: false,
    });
    if ('error' in v)
      return checkError(
        v,
        diagnostics[0]?.message.replace(/^error while interpolating [^:]*: /, ''),
        diagnostics[0]?.message,
      );
    if (diagnostics.length) return fail(`unexpected error: ${diagnostics[0].message}`);
    return expectEqual(((tree.myservice as TreeObject).environment as TreeObject).TESTVAR, v.expected);
  }
  if (!fn.startsWith('template.Substitute') && !fn.startsWith('dotenv.expandVariables'))
    return skip(`unknown function ${fn}`);
  let warnings = 0;
  let result: string;
  try {
    result = substitute(v.template, lookup, { warn: () => warnings++ });
  } catch (e) {
    if (!(e instanceof InterpolationError)) throw e;
    if (!('error' in v)) return fail(`unexpected error: ${e.message}`);
    if (v.error_type === 'MissingRequiredError' && !(e instanceof MissingRequiredError))
      return fail(`expected MissingRequiredError, got ${e.constructor.name}`);
    // dotenv.expandVariables hands back its input on error; nothing else to compare
    return checkError(v, e.message);
  }
  if ('error' in v) return checkError(v, undefined);
  if (typeof v.log_warnings === 'number' && warnings !== v.log_warnings)
    return fail(`expected ${v.log_warnings} warnings, got ${warnings}`);
  return expectEqual(result, v.expected);
}

function treeVector(v: Vector): VectorResult {
  const casts: Record<string, Cast> = {};
  for (const [pattern, desc] of Object.entries((v.type_casts ?? {}) as Record<string, string>)) {
    if (!CASTS[desc]) return skip(`unknown cast ${desc}`);
    casts[pattern] = CASTS[desc];
  }
  const { tree, diagnostics } = interpolateTree(v.input, lookupOf(v.env), { casts, warnings: false });
  if ('error' in v) return checkError(v, diagnostics[0]?.message);
  if (diagnostics.length) return fail(`unexpected error: ${diagnostics[0].message}`);
  return expectEqual(tree, v.expected);
}

/** Go's Variable struct as the vectors render it: zero-valued fields left out. */
function goVariables(vars: Record<string, Record<string, unknown>>): Record<string, Record<string, unknown>> {
  const out: Record<string, Record<string, unknown>> = {};
  for (const [k, v] of Object.entries(vars)) {
    const g: Record<string, unknown> = {};
    for (const [f, x] of Object.entries(v)) if (x !== '' && x !== false) g[f[0].toUpperCase() + f.slice(1)] = x;
    out[k] = g;
  }
  return out;
}

const adapter: Adapter = {
  files: [
    'interpolation.json',
    'interpolation_tree.json',
    'template_variables.json',
    'template_operator_choice.json',
    'tree_path_matches.json',
  ],
  run(v, file) {
    switch (file) {
      case 'interpolation.json':
        return stringVector(v);
      case 'interpolation_tree.json':
        return treeVector(v);
      case 'template_variables.json':
        return expectEqual(goVariables({ ...extractVariables(v.input) } as never), goVariables(v.expected));
      case 'template_operator_choice.json':
        return expectEqual(substitutionOperator(v.input), v.operator);
      case 'tree_path_matches.json':
        return expectEqual(pathMatches(v.path, v.pattern), v.expected);
    }
    return skip(`not handled: ${file}`);
  },
};
export default adapter;
