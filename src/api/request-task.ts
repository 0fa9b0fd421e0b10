/**
 * A request's work as a worker receives it: the question, the options the route read from the query
 * string, and the body. A JSON body crosses as its bytes and is parsed in the worker, not on the
 * event loop: JSON.parse, the duplicate-key scan, the route's schema and parseBundle cost about 10 µs
 * an entry, so a 6 MB body of 400,000 `env` entries held the event loop 2.4 s (every other request,
 * /healthz too, waited that long; 17 s at 900,000) before a worker saw it. The event loop now only
 * copies the bytes (a few ms for the 16 MiB body limit). A tar body's archive (inflated), and a
 * multipart body's parts (framed on the event loop, src/api/parts.ts), are moved here the same way
 * and read here.
 * The same body gets the same answer either way: this module reads it as fastify would have.
 */
import sjson from 'secure-json-parse';
import type { Task, Question } from '../usecases/task.js';
import type { ValidateOptions } from '../usecases/validate.js';
import type { ConfigOptions } from '../usecases/config.js';
import type { AuditOptions } from '../usecases/audit.js';
import type { DiffOptions } from '../usecases/diff.js';
import type { ReviewOptions, BundlePair } from '../usecases/review.js';
import {
  alignPairEnvironments,
  BundleError,
  duplicateFile,
  filesBeforeRefusal,
  parseBundle,
  type Bundle,
} from '../bundle/bundle.js';
import { findDuplicateKey, MAX_JSON_DEPTH, nestsDeeper } from '../bundle/json.js';
import { decodeText } from '../bundle/text.js';
import { parseBaseline, type Baseline } from '../baseline/baseline.js';
import { checkBaselineShape, checkBaselineValue } from '../baseline/shape.js';
import { isRecord } from '../records.js';
import { bundleSchema } from './schemas.js';
import { baselineSchema } from './baseline.js';
import {
  bodyValidator,
  RawJson,
  RawParts,
  RawTar,
  schemaErrorText,
  validationProblem,
  type Refusal,
} from './validation.js';
import { readTar } from '../bundle/tar.js';
import { affordable, jsonOrNothing, namelessOr, unescaped } from './refusal-cost.js';
import { uploadOf, type Parts } from './parts.js';
import { problem, type Problem } from './problem.js';
import { refusalWordsMasker } from '../redact/secrets.js';

/** Each question's body schema (the routes declare them, the workers check JSON bodies with them). */
export const BODY_SCHEMAS = {
  validate: bundleSchema,
  config: bundleSchema,
  diff: bundleSchema,
  audit: { ...bundleSchema, properties: { ...bundleSchema.properties, baseline: baselineSchema } },
  review: {
    type: 'object',
    additionalProperties: false,
    properties: { ...bundleSchema.properties, base: bundleSchema, head: bundleSchema, baseline: baselineSchema },
  },
} as const;

/**
 * The body part of a request task: parsed (uploads), a JSON body's bytes, or an upload's files with
 * its `bundle` part's JSON.
 */
type Body =
  | {
      body: unknown;
      json?: undefined;
      tar?: undefined;
      parts?: undefined;
      bundlePart?: string;
      baselinePart?: string;
      refusal?: Refusal;
      /** an upload's body, not checked against the route's schema yet */
      unchecked?: true;
    }
  | ({ body?: undefined; json: Uint8Array<ArrayBuffer>; tar?: undefined; parts?: undefined } & NoUpload)
  | ({
      body?: undefined;
      json?: undefined;
      /** a tar body's archive (inflated), or (with `parts`) a multipart body's parts, read here */
      tar: Uint8Array<ArrayBuffer>;
      parts?: Parts;
    } & NoUpload);

type NoUpload = { bundlePart?: undefined; baselinePart?: undefined; refusal?: undefined; unchecked?: undefined };

export type RequestTask = Body &
  (
    | { question: 'validate'; options: ValidateOptions }
    | { question: 'config'; options: ConfigOptions }
    | { question: 'audit'; options: Omit<AuditOptions, 'baseline'> }
    | { question: 'diff'; options: DiffOptions }
    | { question: 'review'; options: Omit<ReviewOptions, 'baseline'> }
  );

/**
 * A route's body as a task's: a JSON body's bytes are copied into a buffer of their own, moved to the
 * worker (a Buffer's `slice` is a view: of Node's shared pool for a small body, which Node 21 on
 * refuses to move, and of the request's own buffer, which moving would empty).
 */
export function taskBody(body: unknown): Body {
  if (body instanceof RawJson) return { json: new Uint8Array(body.bytes) };
  // an inflated archive owns its buffer (Buffer.concat of more than 4 KiB allocates one): moved as it is
  if (body instanceof RawTar) return { tar: ownBuffer(body.bytes) };
  if (body instanceof RawParts) return { tar: ownBuffer(body.bytes), parts: body.parts };
  return { body };
}

/** `bytes` when they are the whole of their buffer (moving them empties nothing else), else a copy. */
function ownBuffer(bytes: Uint8Array): Uint8Array<ArrayBuffer> {
  return bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength && bytes.buffer instanceof ArrayBuffer
    ? (bytes as Uint8Array<ArrayBuffer>)
    : new Uint8Array(bytes);
}

/** A refused request body: its problem (a 400, or a 413 of the bundle's limits). */
export class BodyProblem extends Error {
  constructor(readonly problem: Problem) {
    super(problem.detail);
    this.name = 'BodyProblem';
  }
}

/** A JSON body with a key twice in one object: a file of the bundle twice, or an ambiguous setting. */
export function refuseDuplicateKeys(text: string): void {
  const dup = findDuplicateKey(text);
  if (!dup) return;
  if (/^(\/(base|head))?\/files\/[^/]*$/.test(dup.pointer))
    throw duplicateFile(dup.key, dup.pointer, 'two keys of the JSON "files" object');
  throw new BundleError(
    `the key ${JSON.stringify(dup.key)} appears twice in one JSON object: which value is meant cannot be told`,
    dup.pointer,
  );
}

/**
 * Why a body that is valid JSON is refused: a `__proto__` key, or a `constructor` holding a
 * `prototype` (prototype poisoning), named (secure-json-parse does not say which, nor where: the
 * pointer is the body's); undefined for a body that is not JSON at all.
 */
export function poisoned(text: string): BundleError | undefined {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return undefined;
  }
  const key = forbiddenKey(value);
  return key === undefined
    ? undefined
    : new BundleError(
        `the key ${JSON.stringify(key)} is refused in a JSON body (it could change the service's own objects); a file of that name can be sent in a tar archive`,
        '',
      );
}

/**
 * The first key of a parsed JSON value that could poison a prototype, in the order JSON.parse's
 * reviver met them (each value's keys in their order, a key after what it holds: when a body holds
 * both, the one named is the one named before). A loop, not the reviver, which recursed: a `bundle`
 * part (or a body with such a key) nested 5,000 deep overflowed the stack and was "not valid JSON".
 */
function forbiddenKey(value: unknown): string | undefined {
  const stack: { key: string; value: unknown; keys?: string[]; next: number }[] = [{ key: '', value, next: 0 }];
  while (stack.length > 0) {
    const top = stack[stack.length - 1];
    top.keys ??= typeof top.value === 'object' && top.value !== null ? Object.keys(top.value) : [];
    if (top.next < top.keys.length) {
      const key = top.keys[top.next++];
      stack.push({ key, value: (top.value as Record<string, unknown>)[key], next: 0 });
      continue;
    }
    stack.pop();
    const v = top.value;
    if (
      top.key === '__proto__' ||
      (top.key === 'constructor' && typeof v === 'object' && v !== null && 'prototype' in v)
    )
      return top.key;
  }
  return undefined;
}

const TOO_DEEP = `nests arrays and objects more than ${MAX_JSON_DEPTH} levels deep (a Compose bundle needs a few)`;

/**
 * A JSON body as fastify's own parser reads it (secure-json-parse, refusing prototype poisoning, as
 * `getDefaultJsonParser('error', 'error')`), then the duplicate-key check. Bytes that are not UTF-8
 * are kept (decodeText), so that a file holding one is refused at that byte as compose-go refuses it.
 */
export function parseJsonBody(bytes: Uint8Array): unknown {
  const text = decodeText(bytes);
  if (nestsDeeper(text)) throw new BodyProblem(problem(400, `the request body ${TOO_DEEP}`));
  let value: unknown;
  try {
    if (text.length === 0) throw new SyntaxError('empty');
    value = sjson.parse(text, undefined, { protoAction: 'error', constructorAction: 'error' });
  } catch {
    const p = poisoned(text);
    if (p) throw p;
    throw new BodyProblem(problem(400, 'the request body is not valid JSON'));
  }
  refuseDuplicateKeys(text);
  return value;
}

/**
 * Secure JSON for the `bundle` and `baseline` parts: the same prototype-poisoning refusal as
 * fastify's JSON parser, and a JSON object.
 */
function parseJsonObject(text: string, part: 'bundle' | 'baseline'): Record<string, unknown> {
  if (nestsDeeper(text)) throw new BundleError(`the "${part}" part ${TOO_DEEP}`, `/${part}`);
  // a baseline's shape before JSON.parse builds it (src/baseline/shape.ts: a hostile part of the
  // body's size, `{}` items, took 800 MB and the deadline). One refused that is small enough to parse
  // is parsed still, its refusal kept (shapeRefused): the route's schema then refuses it first, in the
  // words it says of a JSON body's baseline (checkedBody), so that a baseline is refused alike however
  // it is sent (review23: "must NOT have more than 16 properties" as JSON, "more than 16 members" as a part)
  let refused: BundleError | undefined;
  if (part === 'baseline')
    try {
      checkBaselineShape(text, '/baseline');
    } catch (e) {
      if (!(e instanceof BundleError) || text.length > PARSED_ANYWAY) throw e;
      refused = e;
    }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw refused ?? new BundleError(`the "${part}" part is not valid JSON`, `/${part}`);
  }
  const key = forbiddenKey(value);
  if (key !== undefined)
    throw refused ?? new BundleError(`the "${part}" part has a forbidden key ${JSON.stringify(key)}`, `/${part}`);
  if (!isRecord(value)) throw refused ?? new BundleError(`the "${part}" part must be a JSON object`, `/${part}`);
  if (refused) shapeRefused.set(value, refused);
  return value;
}

/** A baseline part refused by its shape that is parsed still (at most 1 MiB: JSON.parse takes ~30 MB). */
const PARSED_ANYWAY = 1 << 20;
/** The shape's refusal of a baseline part parsed still, by the baseline, thrown past the schema. */
const shapeRefused = new WeakMap<object, BundleError>();

function parseJsonPart(text: string): Record<string, unknown> {
  const value = parseJsonObject(text, 'bundle');
  const extra = Object.keys(value).filter((k) => k !== 'environments' && k !== 'projectName' && k !== 'baseline');
  if (extra.length)
    throw new BundleError(
      `the "bundle" part may only hold "environments", "projectName" and "baseline", not ${JSON.stringify(extra[0])}`,
      '/bundle',
    );
  return value;
}

/**
 * An upload's files (or pair) with its `bundle` part's settings and its baseline, as one body. The
 * baseline (a `baseline` part, or the `bundle` part's `baseline` member) applies to the request: at
 * the top of a pair, as a JSON body gives it, not copied into base and head (which hold bundles).
 */
function withBundlePart(body: unknown, text: string | undefined, baselineText: string | undefined): unknown {
  const { baseline: inBundle, ...meta } = text === undefined ? {} : parseJsonPart(text);
  if (inBundle !== undefined && baselineText !== undefined)
    throw new BundleError(
      'the baseline is sent twice, in the "baseline" part and in the "bundle" part: which is meant cannot be told',
      '/baseline',
    );
  const baseline = baselineText !== undefined ? parseJsonObject(baselineText, 'baseline') : inBundle;
  const top = baseline === undefined ? {} : { baseline };
  if (isRecord(body) && isRecord(body.base) && isRecord(body.head))
    return { base: { ...meta, ...body.base }, head: { ...meta, ...body.head }, ...top };
  return isRecord(body) ? { ...meta, ...body, ...top } : body;
}

const validators = new Map<Question, ReturnType<typeof bodyValidator>>();

/** The body checked against its question's schema, as fastify checks a route's body. */
function checkedBody(question: Question, body: unknown): unknown {
  let validate = validators.get(question);
  if (!validate) validators.set(question, (validate = bodyValidator(BODY_SCHEMAS[question])));
  const errors = validate(body);
  if (!errors) {
    const refused = isRecord(body) && isRecord(body.baseline) ? shapeRefused.get(body.baseline) : undefined;
    if (refused) throw refused;
    return body;
  }
  const p = validationProblem(errors, schemaErrorText(errors, 'body'), true);
  // the baseline's shape refused at the same place: what it says of the baseline follows
  if (isRecord(body) && body.baseline !== undefined && p.pointer?.startsWith('/baseline'))
    try {
      checkBaselineValue(body.baseline, '/baseline');
    } catch (e) {
      if (e instanceof BundleError && e.pointer === p.pointer)
        throw new BodyProblem({ ...p, detail: `${p.detail} (${e.message})` });
    }
  throw new BodyProblem(p);
}

/** A review's bundles: one, or a change's base and head. */
function bundles(body: unknown): Bundle | BundlePair {
  if (isRecord(body) && (body.base !== undefined || body.head !== undefined)) {
    if (body.base === undefined || body.head === undefined)
      throw new BundleError(
        'a change review needs both "base" and "head" bundles',
        body.base === undefined ? '/base' : '/head',
      );
    // a bundle's members beside the pair would be ignored (the answer covering other environments)
    const beside = ['files', 'environments', 'projectName'].find((k) => body[k] !== undefined);
    if (beside)
      throw new BundleError(
        `a change review takes its bundles in "base" and "head": ${JSON.stringify(beside)} beside them would be ignored (put it in each)`,
        `/${beside}`,
      );
    const [base, head] = alignPairEnvironments(body.base, body.head);
    return { base: parseBundle(base, undefined, '/base'), head: parseBundle(head, undefined, '/head') };
  }
  return parseBundle(body);
}

/** `{baseline}` for the task's options when the body has one (a pair's is at the top, or its head's). */
function bodyBaseline(body: unknown): { baseline?: Baseline } {
  if (!isRecord(body)) return {};
  if (body.baseline !== undefined) return { baseline: parseBaseline(body.baseline, '/baseline') };
  if (isRecord(body.head) && body.head.baseline !== undefined)
    return { baseline: parseBaseline(body.head.baseline, '/head/baseline') };
  return {};
}

/**
 * The use case a request asks for. Throws BodyProblem or BundleError for a body that cannot be one,
 * its words masked (refusalMasker): a refusal may quote a file or environment name that holds a
 * secret value of the body (`"<secret>.yaml" is not a file of the bundle`).
 */
export function taskOf(r: RequestTask): Task {
  // a multipart body's parts: its files (or pair) and settings, or its refusal, masked as any other
  if (r.parts) return taskOf({ question: r.question, options: r.options, ...uploadOf(r.tar, r.parts) } as RequestTask);
  try {
    return bodyTask(r);
  } catch (e) {
    if (!(e instanceof BundleError) && !(e instanceof BodyProblem)) throw e;
    const before = e instanceof BundleError ? filesBeforeRefusal.get(e) : undefined;
    // a tar body's refused entry, its archive too large to read for secret values: named by its place
    if (r.tar && e instanceof BundleError && before && !affordable([...Object.values(before), r.tar]))
      throw namelessOr(e);
    // a tar's refusal may quote an entry's name holding a secret of any of its files, those after the
    // refused entry too: the archive's text is read as well (its NUL padding as line ends)
    const source = r.json
      ? jsonOrNothing(decodeText(r.json))
      : r.tar
        ? { files: { ...before, '\0archive': decodeText(r.tar).replace(/\0+/g, '\n') } }
        : r.body;
    const longest =
      e instanceof BundleError ? Math.max(e.message.length, e.pointer.length) : JSON.stringify(e.problem).length;
    const masker = refusalWordsMasker(longest, source, jsonOrNothing(r.bundlePart));
    if (masker.size === 0) throw e;
    const text = (s: string): string => unescaped(masker, masker.text(s));
    if (e instanceof BundleError) throw new BundleError(text(e.message), text(e.pointer), e.status);
    const p = e.problem;
    throw new BodyProblem(
      masker.deep({ ...p, detail: text(p.detail), ...(p.pointer ? { pointer: text(p.pointer) } : {}) }),
    );
  }
}

function bodyTask(r: RequestTask): Task {
  // an upload refused after its files were read (src/api/parts.ts): refused here, masked by taskOf
  if (r.refusal) throw new BundleError(r.refusal.message, r.refusal.pointer, r.refusal.status);
  const body = r.json
    ? checkedBody(r.question, parseJsonBody(r.json))
    : r.tar
      ? { files: readTar(Buffer.from(r.tar.buffer, r.tar.byteOffset, r.tar.byteLength)) }
      : r.bundlePart !== undefined || r.baselinePart !== undefined || r.unchecked
        ? checkedBody(r.question, withBundlePart(r.body, r.bundlePart, r.baselinePart))
        : r.body;
  switch (r.question) {
    case 'validate':
      return { question: 'validate', input: parseBundle(body), options: r.options };
    case 'config':
      return { question: 'config', input: parseBundle(body), options: r.options };
    case 'diff':
      return { question: 'diff', input: parseBundle(body), options: r.options };
    case 'audit':
      return { question: 'audit', input: parseBundle(body), options: { ...r.options, ...bodyBaseline(body) } };
    case 'review':
      return { question: 'review', input: bundles(body), options: { ...r.options, ...bodyBaseline(body) } };
  }
}

/** The problem of a body `taskOf` refused (as the service's error handler words a BundleError). */
export function bodyProblem(e: unknown): Problem | undefined {
  if (e instanceof BodyProblem) return e.problem;
  if (e instanceof BundleError) return problem(e.status, e.message, e.pointer);
  return undefined;
}
