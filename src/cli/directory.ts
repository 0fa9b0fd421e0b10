/**
 * A project directory as the CLI reads it (`audit DIR...`, `diff [DIR]`, `review [DIR]`): its
 * Compose files, env files and policy listed by name (environments derived from the names, as the
 * API derives them), under a root no file it refers to may be read from outside of (src/cli/root.ts):
 * the directory itself, or `--root`, so that `include: [../../shared/base.yaml]` loads as compose-go
 * loads it (loader/include.go reads any path) when the root holds `shared/`. The bundle's paths are
 * named from the root (`services/shop/compose.yaml`, `shared/base.yaml`), as with `-f --root`.
 */
import { readdirSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import type { Bundle } from '../bundle/bundle.js';
import { DEFAULT_COMPOSE_NAMES } from '../bundle/bundle.js';
import { errorCode } from '../errors.js';
import { emptyRecord } from '../records.js';
import { POLICY_NAMES } from '../audit/project.js';
import { LocalReads, unreadable, UsageError } from './io.js';
import { diskFiles, statOk, toBundlePath } from './files.js';
import { isUnder, leadsTo, refuseLinkedPolicies, rootLink } from './root.js';

/**
 * The project directory of `audit`, `diff` and `review` run without DIR: `dir` itself, else the
 * nearest parent holding a Compose file of a default name (as `validate` and docker compose find
 * their files); `dir` when none does (directoryBundle then says nothing was found).
 */
export function projectDirectory(dir: string): string {
  for (let pwd = resolve(dir); ; pwd = dirname(pwd)) {
    if (DEFAULT_COMPOSE_NAMES.some((n) => statOk(join(pwd, n)))) return pwd;
    if (dirname(pwd) === pwd) return resolve(dir);
  }
}

/**
 * The root of a project directory's run: `--root` (from the current directory), which must hold the
 * directory, else the directory itself (a project read from a directory reads nothing above it). A
 * directory named through a link to the root (`audit reallink/shop --root real`, reallink -> real)
 * is under it: the root is then that link, the same directory, so that every path keeps the
 * spelling of the command line (files named from the working directory, the project's name).
 */
export function directoryRoot(dir: string, cwd: string, explicit?: string): string {
  if (explicit === undefined) return dir;
  const root = resolve(cwd, explicit);
  if (isUnder(root, dir)) return root;
  const link = rootLink(root, dir);
  if (link === undefined) throw new UsageError(`${dir} is outside the root ${root} (--root): not read`);
  return link;
}

/**
 * `review --base-dir OLD --root R`: the base's root, as far above OLD as R is above the head's
 * directory (the Action extracts the base's tree so: `OLD/../..` for `services/shop`).
 */
export function baseRoot(baseDir: string, dir: string, root: string): string {
  return resolve(baseDir, relative(dir, root));
}

// every Compose-named file, as the API's bundle takes them (`compose.prod.eu.yaml`, `compose.café.yaml`,
// `compose.test.override.yaml`: an environment, or a compose-file-not-loaded warning, never left out)
const TOP_LEVEL = /^((docker-)?compose(\.[^/]+)?\.ya?ml|\.env(\.[^/]+)?|\.compose-review\.ya?ml)$/;

/**
 * A project directory as a bundle: its Compose files, env files and policy are listed (so that
 * environments can be derived from their names like the API does); anything else they refer to is
 * read lazily, from under `root` (default: the directory). The policy is the nearest one: the
 * project's own, else one in a directory above it up to the root (readPolicy, src/audit/project.ts).
 */
export function directoryBundle(dir: string, reads = new LocalReads(), parents = false, root = dir): Bundle {
  let names: string[] = [];
  try {
    names = readdirSync(dir).filter((n) => TOP_LEVEL.test(n));
  } catch {
    throw new UsageError(`cannot read directory ${dir}`);
  }
  if (!names.some((n) => DEFAULT_COMPOSE_NAMES.includes(n)))
    throw new UsageError(
      `no configuration file provided: not found (looked for ${DEFAULT_COMPOSE_NAMES.join(', ')} in ${dir}${parents ? ' and its parent directories' : ''})`,
    );
  // the directory's files named from the root
  const prefix = toBundlePath(root, dir);
  const at = (n: string) => (prefix === '' ? n : `${prefix}/${n}`);
  // a listed FIFO, device, link loop or unreadable file is refused as a -f file is, not left out of
  // the environments (the lazy reads of diskFiles skip it); what compose-go's file lookup skips stays
  // skipped: a dangling link (a .env whose target is not checked out) and a directory (.env.d)
  const listed = emptyRecord<string>();
  const where = leadsTo(root);
  for (const n of names) {
    const path = join(dir, n);
    let st;
    try {
      st = statSync(path);
    } catch (e) {
      const code = errorCode(e);
      if (code === 'ENOENT' || code === 'ENOTDIR') continue;
      throw new UsageError(unreadable(path, e));
    }
    if (st.isDirectory()) continue;
    const to = where(path);
    if (to.at === 'outside')
      throw new UsageError(
        `${path} is a symbolic link to ${to.real}, outside the ${root === dir ? 'project' : 'root'} ${root}: not read`,
      );
    listed[at(n)] = reads.readGiven(path);
  }
  // a policy in a directory above, up to the root, may be the project's (readPolicy): one linking
  // outside the root is refused as the project's own is, not passed over for one further up
  if (dir !== root && isUnder(root, dir)) refuseLinkedPolicies(dirname(dir), root, root, POLICY_NAMES);
  return { files: diskFiles(root, names.map(at), reads, listed) };
}
