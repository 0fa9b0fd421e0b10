/**
 * The role of an environment (production-like, development-like, other), one rule for `-f` files,
 * directories and API bundles, and why it was chosen. In order: the CLI's `--role`, the bundle's
 * `role` of the environment, the policy (`.compose-review.yaml`), the words of the environment's name
 * or of its files' names, else production-like: a project whose names say nothing is what gets deployed.
 *
 * Names are matched by whole words (`ci` in `ci/basic/compose.yaml`, not in `specification`).
 */
const dirname = (p: string): string => p.slice(0, Math.max(0, p.lastIndexOf('/')));
const basename = (p: string): string => p.slice(p.lastIndexOf('/') + 1);

export type Role = 'production' | 'development' | 'other';
export type RoleSource = 'flag' | 'bundle' | 'policy' | 'name' | 'file name' | 'default';

export interface RoleChoice {
  role: Role;
  /** what decided it */
  roleSource: RoleSource;
  /** why, in a few words (`"staging" in the environment name`) */
  roleReason: string;
}

export const ROLES: readonly Role[] = ['production', 'development', 'other'];

export function isRole(word: unknown): word is Role {
  return ROLES.some((r) => r === word);
}

/** Words that name an environment, and the name a derived environment gets for each. */
const PRODUCTION_WORDS: Record<string, string> = {
  prod: 'production',
  prd: 'production',
  production: 'production',
  staging: 'staging',
  stage: 'staging',
  stg: 'staging',
  live: 'live',
  release: 'release',
};
const DEVELOPMENT_WORDS: Record<string, string> = {
  dev: 'development',
  develop: 'development',
  development: 'development',
  local: 'local',
  test: 'test',
  tests: 'test',
  testing: 'test',
  ci: 'ci',
  devcontainer: 'devcontainer',
  // Compose's own convention: the override file is what `docker compose up` adds on a developer's machine
  override: 'development',
};

/** `compose.staging-eu.yaml` → compose, staging, eu, yaml; `devContainer` → dev, container. */
export function nameWords(s: string): string[] {
  // an ASCII name (every one so far) in one pass: the regular expressions below, replacing, then
  // splitting, took 2-4 µs a name, and an environment's role reads three names
  // eslint-disable-next-line no-control-regex
  if (!/^[\x00-\x7f]*$/.test(s))
    return s
      .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
      .toLowerCase()
      .split(/[^a-z0-9]+/)
      .filter(Boolean);
  const words: string[] = [];
  let start = -1;
  let lower = false;
  for (let i = 0; i <= s.length; i++) {
    const c = i < s.length ? s.charCodeAt(i) : 0;
    const upper = c >= 65 && c <= 90;
    const alnum = upper || (c >= 97 && c <= 122) || (c >= 48 && c <= 57);
    // a word ends at a character that is not a letter or digit, and before a capital after a small letter or digit
    if (start >= 0 && (!alnum || (upper && lower))) {
      words.push(s.slice(start, i).toLowerCase());
      start = -1;
    }
    if (alnum && start < 0) start = i;
    lower = alnum && !upper;
  }
  return words;
}

/** The first word of `text` that names a role, with the environment name it stands for. */
export function roleWord(text: string): { role: Role; word: string; name: string } | undefined {
  for (const w of nameWords(text)) {
    if (Object.hasOwn(PRODUCTION_WORDS, w)) return { role: 'production', word: w, name: PRODUCTION_WORDS[w] };
    if (Object.hasOwn(DEVELOPMENT_WORDS, w)) return { role: 'development', word: w, name: DEVELOPMENT_WORDS[w] };
  }
  return undefined;
}

/** The words of an environment's files: the first file's name and folder, the others' paths below that folder. */
function fileTexts(files: readonly string[]): string[] {
  if (files.length === 0) return [];
  const dir = dirname(files[0]);
  const below = (f: string): string => (dir !== '' && f.startsWith(`${dir}/`) ? f.slice(dir.length + 1) : f);
  const strip = (f: string): string => f.replace(/\.ya?ml$/i, '');
  // the later files first: the last override is the most specific about what the environment is
  return [
    ...files
      .slice(1)
      .reverse()
      .map((f) => strip(below(f))),
    `${basename(dir)}/${strip(basename(files[0]))}`,
  ];
}

/** The role word the files of an environment carry, if any (`-f compose.yaml -f compose.prod.yaml`: prod). */
export function fileRoleWord(
  files: readonly string[],
): { role: Role; word: string; name: string; file: string } | undefined {
  const texts = fileTexts(files);
  for (let i = 0; i < texts.length; i++) {
    const w = roleWord(texts[i]);
    // the fields written out: a spread before another field copied them at runtime (3 µs a call)
    if (w)
      return {
        role: w.role,
        word: w.word,
        name: w.name,
        file: i === texts.length - 1 ? files[0] : files[files.length - 1 - i],
      };
  }
  return undefined;
}

/**
 * The name of the one environment `-f` files make: the role word of their names (`production` for
 * `compose.prod.yaml`, `ci` for `ci/basic/compose.yaml`), else `default`.
 */
export function environmentNameOf(files: readonly string[]): string {
  return fileRoleWord(files)?.name ?? 'default';
}

export interface RoleInputs {
  name: string;
  files: readonly string[];
  flag?: Role;
  bundle?: Role;
  policy?: Role;
}

/** The role of one environment and why (see the file comment for the order). */
export function chooseRole(e: RoleInputs): RoleChoice {
  if (e.flag) return { role: e.flag, roleSource: 'flag', roleReason: '--role' };
  if (e.bundle)
    return { role: e.bundle, roleSource: 'bundle', roleReason: 'the role of the environment in the bundle' };
  if (e.policy) return { role: e.policy, roleSource: 'policy', roleReason: `environments.${e.name} in the policy` };
  const byName = roleWord(e.name);
  const byFiles = fileRoleWord(e.files);
  if (byName) {
    // a name derived from the file names (`production` for compose.prod.yaml) says where it came from
    if (byFiles && byFiles.name === byName.name)
      return { role: byName.role, roleSource: 'file name', roleReason: `"${byFiles.word}" in ${byFiles.file}` };
    return { role: byName.role, roleSource: 'name', roleReason: `"${byName.word}" in the environment name` };
  }
  if (byFiles)
    return { role: byFiles.role, roleSource: 'file name', roleReason: `"${byFiles.word}" in ${byFiles.file}` };
  return {
    role: 'production',
    roleSource: 'default',
    roleReason:
      e.files.length === 1
        ? 'a single Compose file is what gets deployed'
        : 'no name says development, so it is what gets deployed',
  };
}

/** The role an environment gets from its name alone (production-like when the name says nothing). */
export function environmentRole(name: string): Role {
  return chooseRole({ name, files: [] }).role;
}
