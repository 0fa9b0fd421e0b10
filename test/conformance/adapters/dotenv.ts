// dotenv.json: compose-go's dotenv package (Parse, Read, ReadWithLookup, Load, GetEnvFromFile).
import { type Adapter, type Vector, deepEqual, fail, pass, skip } from '../types.js';
import { envFromFiles, parseDotenv, readDotenv, DotenvError } from '../../../src/interpolate/dotenv.js';
import type { Lookup } from '../../../src/interpolate/template.js';

const lookupOf = (env: Record<string, string> | undefined): Lookup | undefined =>
  env && ((k) => (Object.hasOwn(env, k) ? env[k] : undefined));

function compute(v: Vector): Record<string, string> | undefined {
  const fn = String(v.function);
  const texts: string[] = Array.isArray(v.files) ? v.files : [v.content];
  const lookup = lookupOf(v.lookup_env);
  if (fn.startsWith('Parse')) return parseDotenv(v.content, lookup);
  if (fn === 'Read' || fn === 'ReadWithLookup') return readDotenv(texts, lookup);
  if (fn.startsWith('GetEnvFromFile'))
    return envFromFiles(
      texts.map((content, i) => ({ path: `file${i}.env`, content })),
      lookup ?? (() => undefined),
    );
  if (fn === 'Load') {
    // Load sets each file's variables in the process environment unless already set there
    const env: Record<string, string> = { ...(v.preset_env ?? {}) };
    for (const text of texts) {
      const vars = parseDotenv(text);
      for (const k of Object.keys(vars)) if (!Object.hasOwn(env, k)) env[k] = vars[k].replace(/\r\n/g, '\n');
    }
    return env;
  }
  return undefined;
}

const adapter: Adapter = {
  files: ['dotenv.json'],
  run(v) {
    let vars: Record<string, string> | undefined;
    try {
      vars = compute(v);
    } catch (e) {
      if (!(e instanceof DotenvError)) throw e;
      if (!('error' in v)) return fail(`unexpected error: ${e.message}`);
      return (v.error_match === 'exact' ? e.message === v.error : e.message.includes(v.error))
        ? pass()
        : fail(`expected error ${JSON.stringify(v.error)}, got ${JSON.stringify(e.message)}`);
    }
    if (!vars) return skip(`unknown function ${v.function}`);
    if ('error' in v) return fail(`expected error ${JSON.stringify(v.error)}, got ${JSON.stringify(vars)}`);
    const expected = v.expected as Record<string, string>;
    const picked =
      v.match === 'exact'
        ? { ...vars }
        : Object.fromEntries(
            Object.keys(expected)
              .filter((k) => Object.hasOwn(vars, k))
              .map((k) => [k, vars[k]]),
          );
    for (const k of (v.absent ?? []) as string[])
      if (Object.hasOwn(vars, k)) return fail(`expected ${k} to be absent, got ${JSON.stringify(vars[k])}`);
    return deepEqual(picked, expected)
      ? pass()
      : fail(`expected ${JSON.stringify(expected)}\n     got ${JSON.stringify(picked)}`);
  },
};
export default adapter;
