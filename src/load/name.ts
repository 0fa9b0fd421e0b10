/** The project name (compose-go cli/options.go and loader.go projectName). */
import type { Location } from '../diagnostics.js';
import { copyLoc, isObject, valueLoc, type TreeObject } from '../yaml/located.js';
import { interpolateTree } from '../interpolate/tree.js';
import { fail, LoadFailure, type FileContext } from './context.js';
import type { ProjectNameSource } from './types.js';
import { jsonQuote } from '../utf8.js';

export function normalizeProjectName(s: string): string {
  return s
    .toLowerCase()
    .replace(/[^a-z0-9_-]/g, '')
    .replace(/^[_-]+/, '');
}

/**
 * The project name, as the docker compose CLI chooses it (compose-go cli/options.go + loader.projectName):
 * `-p`, else COMPOSE_PROJECT_NAME (also from .env), else the last `name:` of the files
 * (interpolated), else the directory name. An explicitly given name must already be normalized.
 */
export function projectName(
  files: string[],
  ctx: FileContext,
  variableAt: (key: string) => Location | undefined = () => undefined,
): { name: string; source: ProjectNameSource } {
  const option = ctx.options.projectName;
  const imperative = option || (ctx.options.projectNameFromEnv !== false ? ctx.env.COMPOSE_PROJECT_NAME : undefined);
  if (imperative) {
    if (normalizeProjectName(imperative) !== imperative)
      fail(
        'invalid-project-name',
        `invalid project name ${jsonQuote(imperative)}: must consist only of lowercase alphanumeric characters, hyphens, and underscores as well as start with a letter or number`,
        option ? undefined : variableAt('COMPOSE_PROJECT_NAME'),
      );
    return { name: imperative, source: { from: option ? 'option' : 'environment' } };
  }
  let fromFile = '';
  let named = false;
  const holder: TreeObject = {};
  for (const f of files) {
    for (const doc of ctx.cache.get(f)?.documents ?? []) {
      const t = doc.tree;
      const raw = isObject(t) ? t.name : undefined;
      if (typeof raw === 'string' || typeof raw === 'number' || typeof raw === 'boolean') {
        if (raw === '') continue;
        fromFile = String(raw);
        named = true;
        copyLoc(t, 'name', holder, 'name');
      }
    }
  }
  if (named && !ctx.options.noInterpolate) {
    // unset variables are blank here as everywhere (the file's own interpolation warns about them);
    // a failing `${VAR?}` fails the load (loader.go projectName)
    holder.name = fromFile;
    const r = interpolateTree(holder, ctx.interpolationLookup, { warnings: false, growth: ctx.usage.interpolation });
    const errors = r.diagnostics.filter((d) => d.severity === 'error');
    if (errors.length) throw new LoadFailure(errors);
    if (typeof r.tree.name === 'string') fromFile = r.tree.name;
  }
  fromFile = normalizeProjectName(fromFile);
  const at: Location | undefined = valueLoc(holder, 'name');
  if (fromFile) return { name: fromFile, source: { from: 'file', at } };
  // a file with a `name:` counts as named: the directory name is not a fallback (cli/options.go
  // withNamePrecedenceLoad), so a name that comes out empty is "project name must not be empty"
  if (named) return { name: '', source: { from: 'file', at } };
  if (ctx.options.defaultProjectName === '') return { name: '', source: { from: 'default' } };
  // a directory name that normalizes to nothing is an empty name too (cli/options.go
  // withNamePrecedenceLoad: NormalizeProjectName(dirname), no fallback)
  return { name: normalizeProjectName(ctx.options.defaultProjectName ?? 'project'), source: { from: 'default' } };
}
