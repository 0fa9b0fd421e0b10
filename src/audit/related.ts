/**
 * A finding's second location: where its value really came from when the line it points at is not
 * the whole story. A value written as `${ELASTIC_PASSWORD}` came from the env file line that set
 * the variable; a value written in an `x-` block came into the service through an alias
 * (`<<: *defaults`) in the service's own block. The message names the variable or the alias, never
 * the value (it may be a secret).
 *
 * Anchors are found in the raw text, which keeps them (the parsed model has them resolved): one pass
 * a file for the anchors and their blocks, cached, then a look at the lines of one service block.
 */
import type { Location } from '../diagnostics.js';
import type { AuditContext } from './types.js';
import { rawTree, valueAt } from './model.js';
import { sourceLines, sourceText } from './source.js';
import { parseDotenvInto } from '../interpolate/dotenv.js';
import type { LoadedEnvironment } from '../load/bundle.js';
import { childOf, isObject, keyLoc } from '../yaml/located.js';
import { emptyRecord } from '../records.js';
import { own } from './vocabulary.js';

export interface RelatedLocation extends Location {
  message: string;
}

interface Anchor {
  name: string;
  /** 1-based line of `&name` */
  line: number;
  /** last line of the block the anchor names */
  end: number;
}

const indentOf = (line: string): number => line.length - line.trimStart().length;
const blank = (line: string): boolean => /^\s*(#.*)?$/.test(line);

/** The last line of the block that starts at `line` (1-based): the lines indented deeper than it. */
function blockEnd(lines: readonly string[], line: number): number {
  const indent = indentOf(lines[line - 1]);
  let end = line;
  for (let i = line; i < lines.length; i++) {
    if (blank(lines[i])) continue;
    // a sequence item at the key's own indentation still belongs to it (`key:\n- item`)
    if (indentOf(lines[i]) < indent || (indentOf(lines[i]) === indent && !lines[i].trimStart().startsWith('- '))) break;
    end = i + 1;
  }
  return end;
}

const blockEnds = new WeakMap<readonly string[], Map<number, number>>();

/** blockEnd, remembered per file and line: every finding of a service asks for its block. */
function serviceBlockEnd(lines: readonly string[], line: number): number {
  let m = blockEnds.get(lines);
  if (!m) blockEnds.set(lines, (m = new Map<number, number>()));
  let end = m.get(line);
  if (end === undefined) m.set(line, (end = blockEnd(lines, line)));
  return end;
}

const ANCHOR = /(?:^|[\s:\-[,])&([^\s,[\]{}]+)/g;
const ALIAS = /(?:^|[\s:\-[,])\*([^\s,[\]{}]+)/g;

const anchorCache = new WeakMap<readonly string[], Anchor[]>();

function anchorsOf(lines: readonly string[]): Anchor[] {
  let out = anchorCache.get(lines);
  if (out) return out;
  out = [];
  for (let i = 0; i < lines.length; i++) {
    if (!lines[i].includes('&')) continue;
    for (const m of lines[i].matchAll(ANCHOR)) out.push({ name: m[1], line: i + 1, end: blockEnd(lines, i + 1) });
  }
  anchorCache.set(lines, out);
  return out;
}

/** The aliases (`*name`) on lines `from`..`to`, with their positions. */
function aliasesIn(
  lines: readonly string[],
  from: number,
  to: number,
): { name: string; line: number; column: number }[] {
  const out: { name: string; line: number; column: number }[] = [];
  for (let i = from - 1; i < to && i < lines.length; i++) {
    if (!lines[i].includes('*')) continue;
    for (const m of lines[i].matchAll(ALIAS))
      out.push({ name: m[1], line: i + 1, column: (m.index ?? 0) + m[0].indexOf('*') + 1 });
  }
  return out;
}

const throughCache = new WeakMap<readonly string[], Map<number, Set<string>>>();

/** The anchors whose block holds line `valueLine`, then those whose block refers to one of them (chains). */
function anchorsThrough(lines: readonly string[], valueLine: number): Set<string> {
  let byLine = throughCache.get(lines);
  if (!byLine) throughCache.set(lines, (byLine = new Map<number, Set<string>>()));
  const known = byLine.get(valueLine);
  if (known) return known;
  const anchors = anchorsOf(lines);
  const through = new Set(anchors.filter((a) => a.line <= valueLine && valueLine <= a.end).map((a) => a.name));
  for (let grew = through.size > 0; grew;) {
    grew = false;
    for (const a of anchors)
      if (!through.has(a.name) && aliasesIn(lines, a.line, a.end).some((x) => through.has(x.name))) {
        through.add(a.name);
        grew = true;
      }
  }
  byLine.set(valueLine, through);
  return through;
}

/** The alias in the service's block through which a value written at `valueLine` reaches the service. */
function aliasTo(lines: readonly string[], valueLine: number, service: { line: number; end: number }) {
  const through = anchorsThrough(lines, valueLine);
  if (through.size === 0) return undefined;
  return aliasesIn(lines, service.line, service.end).find((x) => through.has(x.name));
}

const VARIABLE = /\$\{([A-Za-z_][A-Za-z0-9_]*)|\$([A-Za-z_][A-Za-z0-9_]*)/g;

function isScalarAt(root: unknown, path: readonly (string | number)[]): boolean {
  let node: unknown = root;
  for (const seg of path) {
    if (typeof node !== 'object' || node === null) return false;
    node = childOf(node, seg);
  }
  return path.length > 0 && (typeof node === 'string' || typeof node === 'number');
}

/** No second location (shared, never written to: callers keep a list only when it has items). */
const NONE: RelatedLocation[] = [];
Object.freeze(NONE);

/** Second locations of a finding at `loc` about the model path `path`. */
export function relatedLocations(
  ctx: AuditContext,
  path: readonly (string | number)[],
  loc: Location | undefined,
): RelatedLocation[] {
  if (!loc?.file) return NONE;
  // made when there is one: most findings have none
  let out: RelatedLocation[] = NONE;
  // a variable reference in the raw text of a scalar value: the env file line that set it
  if (ctx.variableOrigin && isScalarAt(ctx.model, path)) {
    // the value's own text (a finding points at the key of a mapping entry)
    const at = path.length ? (valueAt(ctx.model, [...path]) ?? loc) : loc;
    const text = sourceText(ctx.files, at) ?? '';
    // most values name no variable: no regex run and no set made for each of 100,000 findings
    const raw = text.includes('$') ? text.replace(/\$\$/g, '') : '';
    const seen = new Set<string>();
    if (raw)
      for (const m of raw.matchAll(VARIABLE)) {
        const name = m[1] ?? m[2];
        if (seen.has(name)) continue;
        seen.add(name);
        const origin = ctx.variableOrigin(name);
        if (origin) (out === NONE ? (out = []) : out).push({ ...origin, message: own`${name} is set here` });
      }
  }
  // a value outside its service's block, in the same file: it came through an alias
  const service = path[0] === 'services' && typeof path[1] === 'string' ? path[1] : undefined;
  const lines = sourceLines(ctx.files, loc.file);
  // a file without an anchor brings no value through an alias: nothing to look up for each finding
  // (a tenth of the audit of 10,000 services went to finding their blocks)
  if (!lines || anchorsOf(lines).length === 0) return out;
  const tree = rawTree(ctx, loc.file);
  const services = isObject(tree) && isObject(tree.services) ? tree.services : undefined;
  const key = service !== undefined && services ? keyLoc(services, service) : undefined;
  if (key && key.file === loc.file && key.line <= lines.length) {
    const end = serviceBlockEnd(lines, key.line);
    if (loc.line < key.line || loc.line > end) {
      const alias = aliasTo(lines, loc.line, { line: key.line, end });
      if (alias)
        (out === NONE ? (out = []) : out).push({
          file: loc.file,
          line: alias.line,
          column: alias.column,
          endLine: alias.line,
          endColumn: alias.column + alias.name.length + 1,
          message: own`service "${String(service)}" takes it through the alias *${alias.name}`,
        });
    }
  }
  return out;
}

/**
 * Where each variable of an environment was set: the last line of its env files that set it, for
 * the variables whose value came from them (not those the process environment set, which win).
 */
export function variableOrigins(
  files: Record<string, string>,
  env: Pick<LoadedEnvironment, 'envFiles' | 'processVariables' | 'environment'>,
): (name: string) => Location | undefined {
  let origins: Map<string, Location> | undefined;
  const fromProcess = new Set(env.processVariables);
  return (name) => {
    if (fromProcess.has(name) || !Object.hasOwn(env.environment, name)) return undefined;
    if (!origins) {
      const found = new Map<string, Location>();
      for (const file of env.envFiles) {
        if (typeof files[file] !== 'string') continue;
        try {
          parseDotenvInto(
            files[file],
            emptyRecord<string>(),
            () => undefined,
            (key, line) => found.set(key, { file, line, column: 1 }),
          );
        } catch {
          // an env file that does not parse was reported by the loader
        }
      }
      origins = found;
    }
    return origins.get(name);
  };
}
