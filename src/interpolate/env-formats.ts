/**
 * env_file formats (compose-go dotenv/format.go): the built-in `.env`, the `raw` format docker
 * compose registers, and the caller's (RegisterFormat).
 */
import { goQuote } from '../compat/go.js';
import type { Lookup } from './template.js';
import { DotenvError, parseDotenvInto, parseRawEnvInto } from './dotenv.js';

/** An env_file format's parser (compose-go dotenv.Parser): the file's text, its name, what it sets, the variables it may read. */
export type EnvFileParser = (text: string, filename: string, vars: Record<string, string>, lookup: Lookup) => void;

/**
 * The parser of an env_file `format` (dotenv/format.go): `.env`, compose-go's DotEnv; `raw`, which
 * docker compose registers (docker run's --env-file); or one of `formats`, registered by the caller
 * (RegisterFormat: a format of the same name replaces a built-in one). Undefined for any other. What
 * a caller's parser throws is a DotenvError of the file.
 */
export function envFileParser(
  format: string,
  filename: string,
  formats?: Record<string, EnvFileParser>,
):
  | ((text: string, into: Record<string, string>, lookup: Lookup, onSet?: (key: string, line: number) => void) => void)
  | undefined {
  if (formats && Object.hasOwn(formats, format)) {
    const custom = formats[format];
    return (text, into, lookup, onSet) => {
      // the variables the parser sets, seen as it sets them: `into` holds every earlier file's too,
      // and copying it for each file to compare would grow with files times variables
      const set: string[] = [];
      const vars = new Proxy(into, {
        set: (target, key, value) => {
          if (typeof key === 'string') set.push(key);
          return Reflect.set(target, key, value);
        },
      });
      try {
        custom(text, filename, vars, lookup);
      } catch (e) {
        if (e instanceof DotenvError) throw e;
        throw new DotenvError(e instanceof Error ? e.message : String(e), 0);
      }
      // a caller's parser does not say where it read a variable: the file is the place (its first line)
      for (const k of set) onSet?.(k, 1);
    };
  }
  return format === '.env' ? parseDotenvInto : format === 'raw' ? parseRawEnvInto : undefined;
}

/**
 * dotenv.ParseWithFormat: sets the variables of `text`, read in `format` ('' is `.env`), into `vars`.
 * Throws a DotenvError, `unsupported env_file format "x"` for a format neither built in nor in `formats`.
 */
export function parseWithFormat(
  text: string,
  filename: string,
  vars: Record<string, string>,
  lookup: Lookup,
  format = '',
  formats?: Record<string, EnvFileParser>,
): void {
  const name = format === '' ? '.env' : format;
  const parse = envFileParser(name, filename, formats);
  if (!parse) throw new DotenvError(`unsupported env_file format ${goQuote(name)}`, 0);
  try {
    parse(text, vars, lookup);
  } catch (e) {
    // compose-go's `.env` format names the file in its errors
    if (e instanceof DotenvError && name === '.env' && !formats?.[name])
      throw new DotenvError(`failed to read ${filename}: ${e.message}`, e.line, e.file, e.code);
    throw e;
  }
}
