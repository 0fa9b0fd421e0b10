/**
 * How request parts are checked against route schemas, and how a refusal reads: shared by fastify
 * (query strings, and bodies parsed on the event loop) and the workers (JSON bodies, parsed where
 * they are answered: src/api/request-task.ts), so that one body gets one answer wherever it is read.
 */
import AjvCompiler from '@fastify/ajv-compiler';
import { escapePointer } from '../bundle/bundle.js';
import { cutAtBlank, textLine } from '../escape.js';
import { problem, type Problem } from './problem.js';
import type { Parts } from './parts.js';

/** What the JSON body parser gives a route: the body's bytes, for the worker to read. */
export class RawJson {
  constructor(readonly bytes: Uint8Array) {}
}

/**
 * A multipart upload for the worker to read: its parts' bytes one after another (a change pair's
 * archives inflated), and where each is (src/api/parts.ts). The event loop only framed them: decoding
 * the files and reading the archives' entries, then copying their strings to the worker, had cost it
 * tens of ms an upload; a refusal after a file was read is the worker's too, which masks its words
 * with their secret values (src/api/request-task.ts taskOf).
 */
export class RawParts {
  constructor(
    readonly bytes: Uint8Array,
    readonly parts: Parts,
  ) {}
}

/**
 * A tar body for the worker to read, inflated when it came gzipped (the inflation, counted against the
 * body memory budget, stays on the event loop, where zlib runs in libuv's threads): reading its
 * entries and decoding them as text, then copying 16 MiB of strings to the worker, had cost the event
 * loop about 60 ms an upload; the bytes now move to the worker, which reads them (src/bundle/tar.ts).
 */
export class RawTar {
  constructor(readonly bytes: Uint8Array) {}
}

/** A refusal as it crosses to a worker: a BundleError's words. */
export interface Refusal {
  message: string;
  pointer: string;
  status: number;
}

/** ajv's options for every part (`example` is an OpenAPI keyword: known to ajv, not validated). */
export const AJV_OPTIONS = { allErrors: false, removeAdditional: false, keywords: ['example'] };

/**
 * Query strings, params and headers are text, so `?provenance=true` is coerced to a boolean; bodies
 * are JSON and keep their types (a number where a file content belongs is an error, not "1").
 */
export const partValidators = (() => {
  const pool = AjvCompiler();
  const compiler: AjvCompiler.BuildCompilerFromPool = (externalSchemas, options) => {
    // JTD schemas have no type coercion (and this service has none)
    if (options?.mode === 'JTD') return pool(externalSchemas, options);
    const build = (coerceTypes: false | 'array') =>
      pool(externalSchemas, { ...options, customOptions: { ...options?.customOptions, coerceTypes } });
    const body = build(false);
    const text = build('array');
    // fastify calls the compiler with the route definition ({ schema, httpPart, ... }), where the
    // typings say schema: an object either way
    return (route) => {
      if (!(typeof route === 'object' && route.httpPart === 'body')) return text(route);
      const validate = body(route);
      // a JSON body (or a multipart `bundle` part) is checked where it is parsed (src/api/request-task.ts)
      const check = Object.assign(
        function checkBody(this: unknown, data: unknown): data is unknown {
          if (data instanceof RawJson || data instanceof RawParts || data instanceof RawTar) return true;
          const valid = validate.call(this, data);
          check.errors = validate.errors;
          return valid;
        },
        { schema: validate.schema, schemaEnv: validate.schemaEnv, errors: validate.errors },
      );
      return check;
    };
  };
  return compiler;
})();

export interface SchemaError {
  instancePath?: string;
  keyword?: string;
  message?: string;
  params?: unknown;
}

/** A validator of request bodies, compiled as fastify compiles a route's body schema. */
export function bodyValidator(schema: object): (data: unknown) => SchemaError[] | undefined {
  const validate = partValidators(
    {},
    { customOptions: AJV_OPTIONS, plugins: [] },
  )({
    schema,
    method: 'POST',
    url: '',
    httpPart: 'body',
  });
  return (data) => {
    if (validate(data) === true) return undefined;
    const errors: SchemaError[] | null | undefined = validate.errors;
    return errors ?? [{ message: 'is not valid' }];
  };
}

/** fastify's message for schema errors (its defaultSchemaErrorFormatter, lib/context.js). */
export function schemaErrorText(errors: SchemaError[], dataVar: string): string {
  return errors.map((e) => `${dataVar}${e.instancePath || ''} ${e.message}`).join(', ');
}

/** The member a schema error refuses as unknown (`enviroments` for `environments`), if that is the error. */
function unknownMember(error: unknown): string | undefined {
  if (typeof error !== 'object' || error === null || !('keyword' in error) || !('params' in error)) return undefined;
  const params = error.params;
  return error.keyword === 'additionalProperties' &&
    typeof params === 'object' &&
    params !== null &&
    'additionalProperty' in params &&
    typeof params.additionalProperty === 'string'
    ? params.additionalProperty
    : undefined;
}

/** The body's JSON pointer of a schema error (ajv's instancePath), if it is one. */
function instancePath(error: unknown): string | undefined {
  if (typeof error !== 'object' || error === null || !('instancePath' in error)) return undefined;
  const path = error.instancePath;
  if (typeof path !== 'string') return undefined;
  const extra = unknownMember(error);
  return extra === undefined ? path : `${path}/${escapePointer(extra)}`;
}

/**
 * The 400 of a request part that its schema refuses: fastify's message, the unknown member named (a
 * misspelled one would be ignored), and for the body the JSON pointer of the first error.
 */
export function validationProblem(errors: readonly unknown[], message: string, inBody: boolean): Problem {
  const first = errors[0];
  const extra = unknownMember(first);
  const detail =
    extra === undefined
      ? message
      : `${message}: ${textLine(JSON.stringify(cutAtBlank(extra, 101)))} (a misspelled member would be ignored)`;
  return problem(400, `invalid request: ${detail}`, inBody ? instancePath(first) : undefined);
}
