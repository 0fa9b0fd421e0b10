/**
 * The git the action needs: which directories of the checkout hold a Compose project, and the
 * pull request's base version of a project, read from the repository's history (fetched when the
 * shallow checkout lacks the base commit) into a directory of its own. Commands run without a
 * shell, arguments as a list.
 */
import { spawn } from 'node:child_process';
import { mkdirSync, rmSync } from 'node:fs';
import { DEFAULT_COMPOSE_NAMES } from '../bundle/bundle.js';

export interface Ran {
  code: number;
  stdout: Buffer;
  stderr: string;
}

/** Runs a command; `input` is written to its standard input, `pipeTo` receives its standard output instead of a buffer. */
export function exec(
  command: string,
  args: string[],
  options: { cwd: string; env?: NodeJS.ProcessEnv; pipeTo?: NodeJS.WritableStream } = { cwd: '.' },
): Promise<Ran> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd: options.cwd, env: options.env ?? process.env, stdio: 'pipe' });
    const out: Buffer[] = [];
    let err = '';
    if (options.pipeTo) child.stdout.pipe(options.pipeTo);
    else child.stdout.on('data', (b: Buffer) => out.push(b));
    child.stderr.on('data', (b: Buffer) => (err += b.toString('utf8')));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code: code ?? 1, stdout: Buffer.concat(out), stderr: err }));
  });
}

const git = (cwd: string, ...args: string[]) => exec('git', args, { cwd });

/** The directories (relative, `/`-separated, `.` for the root) of tracked files with a default Compose name. */
export async function composeDirectories(workspace: string): Promise<string[]> {
  const r = await git(workspace, 'ls-files', '-z', '--', ...DEFAULT_COMPOSE_NAMES.flatMap((n) => [n, `**/${n}`]));
  if (r.code !== 0) throw new Error(`git ls-files failed in ${workspace}: ${r.stderr.trim()}`);
  const dirs = new Set<string>();
  for (const file of r.stdout.toString('utf8').split('\0').filter(Boolean)) {
    const i = file.lastIndexOf('/');
    dirs.add(i < 0 ? '.' : file.slice(0, i));
  }
  return [...dirs].sort();
}

/** Makes sure the commit is in the local repository (a shallow checkout may lack the base). */
export async function ensureCommit(workspace: string, sha: string): Promise<void> {
  if ((await git(workspace, 'cat-file', '-e', `${sha}^{commit}`)).code === 0) return;
  const r = await git(workspace, 'fetch', '--no-tags', '--depth=1', 'origin', sha);
  if (r.code !== 0) throw new Error(`cannot fetch the base commit ${sha}: ${r.stderr.trim()}`);
}

/** Whether the directory holds a file with a default Compose name at that commit. */
export async function hasProject(workspace: string, sha: string, dir: string): Promise<boolean> {
  const prefix = dir === '.' ? '' : `${dir}/`;
  for (const name of DEFAULT_COMPOSE_NAMES)
    if ((await git(workspace, 'cat-file', '-e', `${sha}:${prefix}${name}`)).code === 0) return true;
  return false;
}

/**
 * Writes the repository's files at that commit into `dest` (git archive of the tree, read by tar),
 * anew; returns `dest`. The whole tree: a project may read any file of it (`include:
 * [../../shared/base.yaml]`, an `env_file` or `extends.file` above its directory).
 */
export async function extractTree(workspace: string, sha: string, dest: string): Promise<string> {
  rmSync(dest, { recursive: true, force: true });
  mkdirSync(dest, { recursive: true });
  const tree = `${sha}:`;
  const tar = spawn('tar', ['-x', '-f', '-', '-C', dest], { stdio: ['pipe', 'ignore', 'pipe'] });
  let tarError = '';
  tar.stderr.on('data', (b: Buffer) => (tarError += b.toString('utf8')));
  const untarred = new Promise<number>((resolve, reject) => {
    tar.on('error', reject);
    tar.on('close', (code) => resolve(code ?? 1));
  });
  const archived = await exec('git', ['archive', '--format=tar', tree], { cwd: workspace, pipeTo: tar.stdin });
  const code = await untarred;
  if (archived.code !== 0) throw new Error(`git archive ${tree} failed: ${archived.stderr.trim()}`);
  if (code !== 0) throw new Error(`tar could not extract ${tree}: ${tarError.trim()}`);
  return dest;
}
