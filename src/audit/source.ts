/**
 * The text of the bundle's files behind a location: the lines, the span a location covers, and
 * whether the value there was written as a variable reference (so it came from the environment).
 */
import { LINE_BREAK, type Location } from '../diagnostics.js';
import type { AuditContext } from './types.js';

const lineCache = new WeakMap<Record<string, string>, Map<string, string[]>>();

export function sourceLines(files: Record<string, string> | undefined, file: string): string[] | undefined {
  if (!files || typeof files[file] !== 'string') return undefined;
  let m = lineCache.get(files);
  if (!m) lineCache.set(files, (m = new Map<string, string[]>()));
  let lines = m.get(file);
  if (!lines) m.set(file, (lines = files[file].split(LINE_BREAK)));
  return lines;
}

/** The raw text a location spans (to the end of its first line when it has no end). */
export function sourceText(files: Record<string, string> | undefined, loc: Location | undefined): string | undefined {
  if (!loc) return undefined;
  const lines = sourceLines(files, loc.file);
  if (!lines || loc.line < 1 || loc.line > lines.length) return undefined;
  const endLine = loc.endLine ?? loc.line;
  const parts = lines.slice(loc.line - 1, endLine);
  if (parts.length === 0) return undefined;
  if (loc.endLine !== undefined && loc.endColumn !== undefined)
    parts[parts.length - 1] = parts[parts.length - 1].slice(0, loc.endColumn - 1);
  parts[0] = parts[0].slice(loc.column - 1);
  return parts.join('\n');
}

/** A location as a key: a command string's words all stand at the one scalar, whose text is read once. */
export const locationKey = (loc: Location | undefined): string | undefined =>
  loc && `${loc.file}\0${loc.line}\0${loc.column}\0${loc.endLine}\0${loc.endColumn}`;

/**
 * The model is interpolated already, so `${DB_PASSWORD}` arrives as the secret itself. What the
 * author wrote is in the raw file at the value's location: a variable reference there means the
 * value came from the environment or `.env`, not from the file. In a Compose file that is `${…}` or
 * `$NAME` (`$$` is a literal `$`). In an env file (`env_file:` values point at their line) a
 * single-quoted value is literal and `$(` is no reference: `SECRET_KEY='r(m)9$(_q3'` is written
 * there. Without the raw text we cannot tell: literal.
 */
export function isInterpolated(ctx: AuditContext, loc: Location | undefined): boolean {
  const raw = sourceText(ctx.files, loc) ?? '';
  if (loc && isEnvFile(ctx, loc.file)) {
    const eq = /^\s*(?:export\s+)?[^=\s]+\s*=\s*/.exec(raw);
    const value = eq ? raw.slice(eq[0].length) : raw;
    return !value.startsWith("'") && /(^|[^\\])\$(\{|[A-Za-z_])/.test(envValueText(value));
  }
  return /\$(\{|[A-Za-z_])/.test(raw.replace(/\$\$/g, ''));
}

/**
 * The text of the value a statement of an env file starts with: a double-quoted value ends at its
 * closing quote (another statement may follow on the line, as compose-go's dotenv parser reads
 * them); an unquoted one takes the rest of the line. Reading the rest of the line for every
 * statement of a line of 40,000 was 15 s.
 */
function envValueText(value: string): string {
  if (!value.startsWith('"')) return value;
  for (let i = 1; i < value.length; i++) {
    if (value[i] === '\\') i++;
    else if (value[i] === '"') return value.slice(0, i + 1);
  }
  return value;
}

/** A file read as dotenv (an `env_file:`), not a Compose file merged into the model. */
export function isEnvFile(ctx: AuditContext, file: string): boolean {
  const sources = ctx.sources ?? ctx.composeFiles;
  return sources ? !sources.includes(file) : !/\.ya?ml$/i.test(file);
}
