/**
 * The compiled Compose schema: the yes/no validator precompiled by scripts/compile-schema.ts, the
 * full ajv validator (every error, verbose) compiled on the first invalid file, and the validators
 * of single oneOf branches, compiled when a message needs them.
 */
import { readFileSync, existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { createRequire } from 'node:module';
import type { Ajv2020 } from 'ajv/dist/2020.js';
import type { ValidateFunction } from 'ajv';
import { jsonEqual, linearUniqueItems } from './equal.js';
import { propertyNames } from './fields.js';

export type Schema = { [k: string]: unknown };

/** Finds the package root (the dir with package.json) from here: works from src/ and dist/src/. */
function packageRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(dir, 'package.json'))) {
    const up = dirname(dir);
    if (up === dir) throw new Error('compose-review: package.json not found above ' + fileURLToPath(import.meta.url));
    dir = up;
  }
  return dir;
}

// The schema itself is read on the first invalid file (the yes/no answer needs only the precompiled
// validator below): a run over valid files, the CLI's usual case, never parses or indexes it.
let schemaCache: Schema | undefined;
export function composeSchema(): Schema {
  return (schemaCache ??= JSON.parse(
    readFileSync(join(packageRoot(), 'schemas', 'compose-spec.json'), 'utf8'),
  ) as Schema);
}

// The Compose schema uses no `format` today; compose-go registers `duration`, so we accept it too
// (Go durations: 1h30m, 10s, 1.5ms) rather than pulling in ajv-formats.
let full: { ajv: Ajv2020; validate: ValidateFunction } | undefined;
/**
 * Runs an ajv compilation with uniqueItems comparing through jsonEqual (see equal.ts: ajv's helper
 * throws on keys named toString / valueOf). ajv reads its helper when it generates the code, so the
 * swap lasts only as long as the compilation: other ajv users of the process keep their own.
 */
function withJsonEqual<T>(require: NodeJS.Require, compile: () => T): T {
  const helper = require('ajv/dist/runtime/equal.js') as { default: unknown };
  const original = helper.default;
  helper.default = jsonEqual;
  try {
    return compile();
  } finally {
    helper.default = original;
  }
}

/**
 * A draft 2020-12 schema compiled as the Compose schema is: every error, verbose, uniqueItems in
 * linear time, Go durations as the `duration` format. Throws ajv's error for a schema it cannot compile.
 */
export function compileSchema(schema: Schema): { ajv: Ajv2020; validate: ValidateFunction } {
  // loaded on demand: a process that only sees valid files never pays for ajv's compiler
  const require = createRequire(import.meta.url);
  const { Ajv2020: Ajv } = require('ajv/dist/2020.js') as typeof import('ajv/dist/2020.js');
  const ajv = new Ajv({
    allErrors: true,
    strict: false,
    verbose: true,
    // uniqueItems in linear time (ajv compares every pair of items)
    code: { process: linearUniqueItems },
    formats: { duration: /^[-+]?(\d+(\.\d*)?|\.\d+)(ns|us|µs|ms|s|m|h)((\d+(\.\d*)?|\.\d+)(ns|us|µs|ms|s|m|h))*$/ },
  });
  return { ajv, validate: withJsonEqual(require, () => ajv.compile(schema)) };
}

/**
 * The full validator (every error, verbose), compiled on the first invalid file of the process
 * (250-600 ms of CPU; a pool worker compiles it before its first task, src/api/worker.ts).
 */
export function fullValidator(): { ajv: Ajv2020; validate: ValidateFunction } {
  full ??= compileSchema(composeSchema());
  return full;
}

/** Whether this thread has compiled the full validator. */
export const fullValidatorCompiled = (): boolean => full !== undefined;

// The yes/no answer comes from the validator precompiled by scripts/compile-schema.ts (loading it
// costs ~20 ms where compiling costs ~250 ms); without it, the full validator answers.
const PRECOMPILED = join(packageRoot(), 'schemas', 'compose-spec.validate.mjs');
const precompiled = existsSync(PRECOMPILED)
  ? ((await import(pathToFileURL(PRECOMPILED).href)) as {
      validate: (data: unknown) => boolean;
      useEqual: (f: typeof jsonEqual) => void;
      fieldNames: string[];
    })
  : undefined;
precompiled?.useEqual(jsonEqual);
export const isValid: (data: unknown) => boolean = precompiled
  ? precompiled.validate
  : (data) => fullValidator().validate(data);

/** Every property name of the schema, from the precompiled module (without parsing the schema). */
let names: ReadonlySet<string> | undefined;
export function schemaFieldNames(): ReadonlySet<string> {
  return (names ??= new Set(precompiled?.fieldNames ?? propertyNames(composeSchema())));
}

/** JSON pointer of every sub-schema object, so a oneOf branch can be re-validated on its own. */
let pointers: Map<object, string> | undefined;
function pointerOf(node: object): string | undefined {
  if (!pointers) {
    const map = new Map<object, string>();
    (function index(n: unknown, ptr: string): void {
      if (typeof n !== 'object' || n === null) return;
      map.set(n, ptr);
      for (const [k, v] of Object.entries(n))
        index(v, `${ptr}/${encodeURIComponent(k.replace(/~/g, '~0').replace(/\//g, '~1'))}`);
    })(composeSchema(), '');
    pointers = map;
  }
  return pointers.get(node);
}

/** Branch validators, compiled lazily (only when a oneOf fails) and then cached. */
const branchValidators = new Map<object, ValidateFunction>();
export function branchValidator(branch: Schema): ValidateFunction | undefined {
  let v = branchValidators.get(branch);
  if (!v) {
    const ptr = pointerOf(branch);
    if (ptr === undefined) return undefined;
    const { ajv } = fullValidator();
    v = withJsonEqual(createRequire(import.meta.url), () => ajv.getSchema(`${String(composeSchema().$id)}#${ptr}`));
    if (v) branchValidators.set(branch, v);
  }
  return v;
}
