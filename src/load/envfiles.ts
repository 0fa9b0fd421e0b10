/**
 * The files a service reads when the project is made (compose-go types/project.go
 * WithServicesEnvironmentResolved and WithServicesLabelsResolved): `env_file` and `label_file`,
 * read from the bundle, under the service's own `environment` and `labels`.
 */
import { formatPath, type Location } from '../diagnostics.js';
import { copyLoc, isObject, setLoc, setOwn, valueLoc, type TreeObject } from '../yaml/located.js';
import { resolveInBundle } from '../bundle/bundle.js';
import { parseDotenvInto, DotenvError } from '../interpolate/dotenv.js';
import { envFileParser } from '../interpolate/env-formats.js';
import type { Growth } from '../interpolate/template.js';
import { countCopies, fail, failOutside, LoadFailure, type FileContext, type Lookup } from './context.js';
import { dotenvDiagnostic } from './environment.js';
import { emptyRecord } from '../records.js';
import { goQuote } from '../compat/go.js';

/**
 * Project.WithServicesEnvironmentResolved(discardEnvFiles=true), as `docker compose config` calls
 * it: env_file values first, the service's own environment over them, then env_file removed.
 */
export function resolveServiceEnvFiles(dict: TreeObject, ctx: FileContext): void {
  const services = dict.services;
  if (!isObject(services)) return;
  // by name, not Object.entries: a pair per service was most of this pass where no service has an env_file
  for (const name of Object.keys(services)) {
    const s = services[name];
    if (!isObject(s) || !Array.isArray(s.env_file) || s.env_file.length === 0) continue;
    const environment: TreeObject = isObject(s.environment) ? s.environment : {};
    const files = s.env_file;
    // one map for all the files, starting from the service's own values: a later file expands
    // variables an earlier one set (types/project.go WithServicesEnvironmentResolved)
    const shared: Record<string, string> = emptyRecord();
    for (const k of Object.keys(environment)) if (typeof environment[k] === 'string') shared[k] = environment[k];
    const lookup: Lookup = (k) => ctx.lookup(k) ?? (typeof environment[k] === 'string' ? environment[k] : undefined);
    const fromFiles: TreeObject = {};
    files.forEach((f, i) => {
      if (!isObject(f) || typeof f.path !== 'string') return;
      const where = valueLoc(s.env_file, i);
      const at = formatPath(['services', name, 'env_file', i]);
      const p = serviceFile(ctx, f.path);
      if (p === undefined) {
        failOutside(
          ctx.cache.bundle.files,
          resolveInBundle(ctx.workingDir, f.path, ctx.cache.bundle.files),
          'env file',
          where,
          at,
        );
        if (f.required !== false) fail('env-file-missing', `env file ${f.path} not found in the bundle`, where, at);
        return;
      }
      // dotenv/format.go ParseWithFormat: the default parser (`.env`), or a registered format (docker
      // compose registers `raw`; the load option envFileFormats registers the caller's)
      const format = f.format === undefined || f.format === null || f.format === '' ? '.env' : String(f.format);
      const parse = envFileParser(format, p, ctx.options.envFileFormats);
      if (!parse)
        fail(
          'env-file-format',
          `unsupported env_file format ${goQuote(format)}`,
          valueLoc(f, 'format') ?? where,
          `${at}.format`,
        );
      readServiceFile(ctx, p, parse as EnvParser, shared, lookup, fromFiles, where, at);
    });
    for (const k of Object.keys(shared)) if (!Object.hasOwn(environment, k)) setOwn(fromFiles, k, shared[k]);
    underInline(fromFiles, environment);
    // an empty result is left out, as Go's omitempty does
    if (Object.keys(fromFiles).length) {
      s.environment = fromFiles;
      copyLoc(s, 'env_file', s, 'environment');
    } else delete s.environment;
    if (!ctx.options.keepEnvFiles) delete s.env_file;
  }
}

/**
 * types/project.go WithServicesLabelsResolved: each `label_file` is a dotenv file whose variables
 * expand from the labels earlier files set (not from the environment); inline `labels` win.
 */
export function resolveServiceLabelFiles(dict: TreeObject, ctx: FileContext): void {
  const services = dict.services;
  if (!isObject(services)) return;
  for (const name of Object.keys(services)) {
    const s = services[name];
    if (!isObject(s) || s.label_file === undefined) continue;
    const files = Array.isArray(s.label_file) ? s.label_file : [s.label_file];
    const labels: TreeObject = {};
    const read: Record<string, string> = emptyRecord();
    files.forEach((f, i) => {
      if (typeof f !== 'string') return;
      const where = Array.isArray(s.label_file) ? valueLoc(s.label_file, i) : valueLoc(s, 'label_file');
      const at = formatPath(['services', name, 'label_file', i]);
      const p =
        serviceFile(ctx, f) ??
        failOutside(
          ctx.cache.bundle.files,
          resolveInBundle(ctx.workingDir, f, ctx.cache.bundle.files),
          'label file',
          where,
          at,
        ) ??
        fail('label-file-missing', `label file ${f} not found in the bundle`, where, at);
      const own: Record<string, string> = emptyRecord();
      readServiceFile(
        ctx,
        p,
        parseDotenvInto,
        own,
        (k) => (Object.hasOwn(read, k) ? read[k] : undefined),
        labels,
        where,
        at,
      );
      for (const k of Object.keys(own)) read[k] = own[k];
    });
    for (const k of Object.keys(read)) setOwn(labels, k, read[k]);
    underInline(labels, isObject(s.labels) ? s.labels : {});
    if (Object.keys(labels).length) {
      if (!isObject(s.labels)) copyLoc(s, 'label_file', s, 'labels');
      s.labels = labels;
    }
    if (!ctx.options.keepEnvFiles) delete s.label_file;
  }
}

/** A service's env or label file, as a bundle path, when the bundle has it. */
function serviceFile(ctx: FileContext, path: string): string | undefined {
  // an absolute path: the file there, in a bundle of the local disk (the CLI's root)
  const p = resolveInBundle(ctx.workingDir, path, ctx.cache.bundle.files);
  return p !== undefined && Object.hasOwn(ctx.cache.bundle.files, p) ? p : undefined;
}

type EnvParser = (
  text: string,
  out: Record<string, string>,
  lookup: Lookup,
  onSet?: (key: string, line: number) => void,
  options?: { growth?: Growth },
) => void;

/**
 * Parses bundle file `p` into `into`; every key set gets its line as location in `locs`. Each
 * service reads its files again (their `${VAR}` read its own environment), so each line counts
 * against the copiedNodes budget: a thousand services reading one large env file is a million lines.
 */
function readServiceFile(
  ctx: FileContext,
  p: string,
  parse: EnvParser,
  into: Record<string, string>,
  lookup: Lookup,
  locs: TreeObject,
  where: Location | undefined,
  at: string,
): void {
  const text = ctx.cache.bundle.files[p];
  countCopies(ctx, ctx.cache.lines(p), where, `reading ${p}`, at);
  try {
    parse(text, into, lookup, (k, line) => setLoc(locs, k, { file: p, line, column: 1 }), {
      growth: ctx.usage.interpolation,
    });
  } catch (e) {
    // the parsers throw DotenvError for every problem of the file; anything else is a bug
    if (!(e instanceof DotenvError)) throw e;
    if (e.code === 'interpolation-size-limit')
      throw new LoadFailure([dotenvDiagnostic(new DotenvError(`${p}: ${e.message}`, e.line, p, e.code), where, at)]);
    fail('dotenv-syntax', `${p}: ${e.message}`, where, at);
  }
}
/** The service's own values over the ones read from files, with their own locations. */
function underInline(fromFiles: TreeObject, inline: TreeObject): void {
  for (const k of Object.keys(inline)) {
    setOwn(fromFiles, k, inline[k]);
    copyLoc(inline, k, fromFiles, k);
  }
}
