/**
 * The executable's start on Node 20, which keeps no compiled code between runs (Node 22's
 * `module.enableCompileCache` covers only what its module loaders load): the CLI's code is one
 * CommonJS bundle (scripts/bundle.ts), compiled here as a `vm.Script` with V8's code cache, the way
 * the well-kept `v8-compile-cache` does it for CommonJS modules (that package hooks every `require`
 * of the process; one script needs these few lines, not a global hook). A run of a command that found
 * no cache (or one V8 rejects: another Node or V8 version, other V8 flags, a damaged file) writes,
 * once it is done, V8's data for everything it compiled, functions compiled lazily included; the next
 * run of that command deserializes it instead of compiling. Anything that fails here only costs speed.
 *
 * The cache lives in the user's cache directory ($XDG_CACHE_HOME or ~/.cache, ~/Library/Caches,
 * %LOCALAPPDATA%) under compose-review/, one directory per Node version and architecture and one
 * file per command and bundle (the bundle's file name holds its content hash: V8 itself checks only
 * the source's length); one unwritten for 30 days is removed when another is written.
 * NODE_DISABLE_COMPILE_CACHE=1, Node's own switch, turns it off. `serve` never
 * uses it: the service writes nothing to its disk.
 */
import vm from 'node:vm';
import { createRequire } from 'node:module';
import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { basename, dirname, isAbsolute, join } from 'node:path';

/** The commands whose runs keep a cache of their own. */
const CACHED_COMMANDS = new Set(['validate', 'config', 'audit', 'diff', 'review']);

/** The directory of this Node's caches, or undefined when caching is off or no home is known. */
export function cacheDirectory(env: NodeJS.ProcessEnv, platform = process.platform): string | undefined {
  if (env.NODE_DISABLE_COMPILE_CACHE) return undefined;
  const xdg = env.XDG_CACHE_HOME;
  let base: string | undefined;
  if (xdg && isAbsolute(xdg)) base = xdg;
  else if (platform === 'win32') base = env.LOCALAPPDATA;
  else {
    const home = homedir();
    if (home) base = platform === 'darwin' ? join(home, 'Library', 'Caches') : join(home, '.cache');
  }
  return base ? join(base, 'compose-review', `v8-${process.version}-${process.arch}`) : undefined;
}

/**
 * The cache file of one run, or undefined for `serve` (the service writes nothing to its disk). Each
 * command that computes something has its own: they compile different parts of the bundle. Its help
 * page, --version, --help and a mistyped command share one (they compile little of it).
 */
export function cacheFile(bundle: string, argv: readonly string[], env: NodeJS.ProcessEnv): string | undefined {
  const command = argv[0];
  if (command === 'serve') return undefined;
  const dir = cacheDirectory(env);
  const help = argv.includes('--help') || argv.includes('-h');
  const name = command && CACHED_COMMANDS.has(command) && !help ? command : 'other';
  return dir ? join(dir, `${name}-${basename(bundle)}.bin`) : undefined;
}

interface Loaded {
  exports: unknown;
  /** Writes the cache when the run found none it could use (call it once the run is done). */
  save: () => void;
}

/**
 * Runs a CommonJS bundle as `require` would, through V8's code cache in `cache` when given. Node
 * before 20.12 cannot let a `vm.Script` import (`serve` imports the service's module): there the
 * bundle is required, without a cache.
 */
export function loadBundle(bundle: string, cache: string | undefined): Loaded {
  const require = createRequire(bundle);
  const importer = vm.constants?.USE_MAIN_CONTEXT_DEFAULT_LOADER;
  if (!importer) return { exports: require(bundle), save: () => {} };
  let cachedData: Buffer | undefined;
  try {
    if (cache) cachedData = readFileSync(cache);
  } catch {
    // none yet
  }
  // the wrapper of Node's CommonJS loader (the bundle starts with a #! line, the entry's, which only
  // a file's first line may hold: cut by a slice, which copies nothing)
  const text = readFileSync(bundle, 'utf8');
  const source = text.startsWith('#!') ? text.slice(text.indexOf('\n')) : text;
  const script = new vm.Script(`(function (exports, require, module, __filename, __dirname) {${source}\n})`, {
    filename: bundle,
    ...(cachedData ? { cachedData } : {}),
    importModuleDynamically: importer,
  });
  const module = { exports: {} as unknown };
  const wrapper = script.runInThisContext() as (...args: unknown[]) => void;
  wrapper.call(module.exports, module.exports, require, module, bundle, dirname(bundle));
  const stale = !cachedData || script.cachedDataRejected === true;
  return { exports: module.exports, save: () => (cache && stale ? writeCache(cache, script) : undefined) };
}

/**
 * A cache nothing wrote for this long is removed when a cache is written: an earlier bundle's (an
 * upgrade) or an earlier Node's. Not at once: two installs of different versions (a global one and a
 * project's) keep their caches side by side. A cache in use for longer is written again once.
 */
const STALE_MS = 30 * 24 * 3600 * 1000;

/** Writes the cache by a rename (a concurrent run reads the old file or the new one, never half of it). */
function writeCache(cache: string, script: vm.Script): void {
  const dir = dirname(cache);
  const temporary = `${cache}.${process.pid}.tmp`;
  try {
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    writeFileSync(temporary, script.createCachedData(), { mode: 0o600 });
    renameSync(temporary, cache);
    removeStale(dirname(dir), Date.now() - STALE_MS);
  } catch {
    try {
      rmSync(temporary, { force: true });
    } catch {
      // a directory we cannot write to: nothing was left in it
    }
  }
}

/** Removes the caches (and temporary files) under `root` last written before `before`, then the emptied directories. */
function removeStale(root: string, before: number): void {
  for (const d of readdirSync(root, { withFileTypes: true })) {
    if (!d.isDirectory() || !d.name.startsWith('v8-')) continue;
    const dir = join(root, d.name);
    for (const f of readdirSync(dir))
      if (/\.(bin|tmp)$/.test(f) && statSync(join(dir, f)).mtimeMs < before) rmSync(join(dir, f), { force: true });
    if (readdirSync(dir).length === 0) rmSync(dir, { recursive: true, force: true });
  }
}

/** What the bundle of src/cli/main.ts exports to the executable. */
function isCliBundle(exports: unknown): exports is { runProcess: (argv: string[]) => Promise<void> } {
  return (
    typeof exports === 'object' &&
    exports !== null &&
    'runProcess' in exports &&
    typeof exports.runProcess === 'function'
  );
}

/**
 * The executable's run (dist/bundle/cli.mjs): the CLI's bundle loaded through the cache, run, and the
 * cache written when the command ran to its end (exit 0 or 1; not a usage error, not a crash).
 */
export async function runBundle(bundle: string, argv = process.argv.slice(2)): Promise<void> {
  const { exports, save } = loadBundle(bundle, cacheFile(bundle, argv, process.env));
  if (!isCliBundle(exports)) throw new Error(`${bundle} exports no runProcess function`);
  await exports.runProcess(argv);
  const code = process.exitCode ?? 0;
  if (code === 0 || code === 1) save();
}
