/**
 * What the CLI reads and writes on the local disk, made safe: every file it reads is a regular file
 * of at most the bundle's per-file limit (a device, a FIFO or a directory named as a Compose, env or
 * policy file is a usage error at once, instead of a read that never ends), `-` is standard input,
 * and every file read is remembered, so that `--output` never overwrites an input of the run.
 * Writes are atomic (a temporary file in the same directory, renamed over the target).
 */
import {
  closeSync,
  constants,
  fstatSync,
  fsyncSync,
  openSync,
  readSync,
  renameSync,
  statSync,
  unlinkSync,
  writeFileSync,
  type Stats,
} from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { DEFAULT_YAML_LIMITS } from '../yaml/parse.js';
import { decodeText } from '../bundle/text.js';
import { errorCode } from '../errors.js';

/** A usage error: the CLI prints its message and exits 2. */
export class UsageError extends Error {}

/** The bundle's per-file limit (src/yaml/parse.ts), for every file the CLI reads. */
export const MAX_FILE_BYTES = DEFAULT_YAML_LIMITS.maxFileBytes;

/** The name of `-` in a bundle: the Compose file read from standard input (compose-go calls it `-` too). */
export const STDIN = '-';

function kind(st: Stats): string {
  return st.isDirectory()
    ? 'a directory'
    : st.isFIFO()
      ? 'a FIFO'
      : st.isCharacterDevice()
        ? 'a character device'
        : st.isBlockDevice()
          ? 'a block device'
          : st.isSocket()
            ? 'a socket'
            : 'not a regular file';
}

/**
 * A baseline file's limit (src/cli/baseline.ts): it lists every finding of a project, about 110
 * bytes each, so a project of 6,000 services writes some 7.9 MB, of 10,000 some 13 MB; what the CLI
 * writes, it reads. 16 MiB, the API's body: what JSON.parse builds of the largest file whose shape
 * is a baseline's (src/baseline/shape.ts), entries of a fingerprint alone, stays near 200 MB.
 */
export const MAX_BASELINE_BYTES = 4 * MAX_FILE_BYTES;

const tooLarge = (path: string, size: number | string, max = MAX_FILE_BYTES): UsageError =>
  new UsageError(`${path} is ${size} bytes, over the limit of ${max} bytes for one file`);

/**
 * The files of one CLI run: reads capped and refused as above, standard input (read once, before
 * the run, by `main`) served for `-`, and the identity (device and inode) of every file read.
 */
/**
 * Why a file named to the CLI cannot be read, from the fs error: "file not found" only when it is
 * not there (a symbolic link loop or a directory it may not enter is not a missing file).
 */
export function unreadable(path: string, e: unknown): string {
  switch (errorCode(e)) {
    case 'ENOENT':
    case 'ENOTDIR':
      return `file not found: ${path}`;
    case 'ELOOP':
      return `${path}: too many levels of symbolic links`;
    case 'EACCES':
    case 'EPERM':
      return `${path}: permission denied`;
    default:
      return `cannot read ${path}: ${e instanceof Error ? e.message : String(e)}`;
  }
}

export class LocalReads {
  private readonly inputs: { path: string; dev: number; ino: number }[] = [];

  constructor(readonly stdin?: string) {}

  /**
   * A file's text. Throws UsageError for anything but a regular file within the limit, and the
   * fs error (ENOENT, EACCES...) when it cannot be opened, for the caller to word.
   */
  read(path: string, max = MAX_FILE_BYTES): string {
    if (path === STDIN) {
      if (this.stdin === undefined)
        throw new UsageError('standard input (-) is read for -f, --env-file or --policy only');
      return this.stdin;
    }
    // stat before open: a FIFO's open would wait for a writer, a device's read would never end
    const st = statSync(path);
    if (!st.isFile()) throw new UsageError(`${path} is ${kind(st)}: give a regular file`);
    if (st.size > max) throw tooLarge(path, st.size, max);
    // O_NONBLOCK: should the path have been swapped for a FIFO since the stat, the open does not wait
    const fd = openSync(path, constants.O_RDONLY | constants.O_NONBLOCK);
    try {
      const again = fstatSync(fd);
      if (!again.isFile()) throw new UsageError(`${path} is ${kind(again)}: give a regular file`);
      // read at most limit + 1 bytes, whatever the size said: a file that grows while read is caught
      const chunks: Buffer[] = [];
      let n = 0;
      for (;;) {
        const buf = Buffer.allocUnsafe(Math.min(1 << 16, max + 1 - n));
        const r = readSync(fd, buf, 0, buf.length, null);
        if (r === 0) break;
        chunks.push(buf.subarray(0, r));
        n += r;
        if (n > max) throw tooLarge(path, `more than ${max}`, max);
      }
      this.inputs.push({ path, dev: again.dev, ino: again.ino });
      // bytes that are not UTF-8 kept for the YAML stage to refuse, as compose-go does (not U+FFFD)
      return decodeText(Buffer.concat(chunks, n));
    } finally {
      closeSync(fd);
    }
  }

  /** A file the command line or a directory's listing names: `read`, its fs errors worded as UsageErrors. */
  readGiven(path: string): string {
    try {
      return this.read(path);
    } catch (e) {
      if (e instanceof UsageError) throw e;
      throw new UsageError(unreadable(path, e));
    }
  }

  /** A file read lazily for a bundle: undefined when it is missing or not a regular file (the loader reports it). */
  readOptional(path: string): string | undefined {
    try {
      if (!statSync(path).isFile()) return undefined;
      return this.read(path);
    } catch (e) {
      if (e instanceof UsageError) throw e;
      return undefined;
    }
  }

  /** The input of this run that `path` is (the same file, by device and inode, whatever the path), if any. */
  inputAt(path: string): string | undefined {
    let st: Stats;
    try {
      st = statSync(path);
    } catch {
      return undefined;
    }
    return this.inputs.find((i) => i.dev === st.dev && i.ino === st.ino)?.path;
  }
}

/**
 * The text of a file an option names (`--policy`, `--baseline`): `-` is standard input, a path is
 * taken from `cwd`. A file that cannot be read is a usage error: `LocalReads`' own message for a
 * file it refuses, else `cannotRead(path)`.
 */
export function readOptionFile(
  file: string,
  cwd: string,
  reads: LocalReads,
  cannotRead: (path: string) => string,
  max = MAX_FILE_BYTES,
): string {
  const path = file === STDIN ? STDIN : resolve(cwd, file);
  try {
    return reads.read(path, max);
  } catch (e) {
    if (e instanceof UsageError) throw e;
    throw new UsageError(cannotRead(path));
  }
}

/** Standard input, read whole up to the per-file limit (a pipe, a redirected file or a terminal). */
export async function readStdin(stream: NodeJS.ReadableStream = process.stdin): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of stream) {
    const b = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
    size += b.length;
    if (size > MAX_FILE_BYTES) throw tooLarge('standard input', `more than ${MAX_FILE_BYTES}`);
    chunks.push(b);
  }
  return decodeText(Buffer.concat(chunks));
}

export interface WriteOptions {
  /** overwrite an input of the run, or a file this command did not generate */
  force?: boolean;
  /** a file that begins with this line was generated by the same command: it may be overwritten */
  marker: string;
  reads: LocalReads;
}

/**
 * Writes `text` to `path` atomically: refused (UsageError, the file unchanged) when the target is
 * not a regular file, or, without `force`, when it exists and does not begin with the marker line
 * (an input of this run, such as a Compose file, or any other file the command did not generate).
 */
export function writeOutput(path: string, text: string, options: WriteOptions): void {
  let existing: Stats | undefined;
  try {
    existing = statSync(path);
  } catch {
    existing = undefined;
  }
  if (existing && !existing.isFile()) throw new UsageError(`refusing to write ${path}: it is ${kind(existing)}`);
  if (existing && !options.force) {
    // an input is checked before the file is read here (reading registers it as one)
    const input = options.reads.inputAt(path);
    let head = '';
    try {
      head = options.reads.read(path).split('\n', 1)[0].trimEnd();
    } catch {
      head = '';
    }
    // a file it generated before is replaced, even when this run read it (an override merged last)
    if (head !== options.marker) {
      if (input !== undefined)
        throw new UsageError(
          `refusing to overwrite ${path}: it is an input of this run${input !== path ? ` (${input})` : ''}; use --force to replace it`,
        );
      throw new UsageError(
        `refusing to overwrite ${path}: compose-review did not generate it (its first line is not "${options.marker}"); use --force to replace it`,
      );
    }
  }
  // the global Web Crypto loads node:crypto when first used: when a file is written, not by every run
  // that reads (importing it costs start time)
  const random = Buffer.from(crypto.getRandomValues(new Uint8Array(6))).toString('hex');
  const tmp = join(dirname(path), `.${basename(path)}.${process.pid}.${random}.tmp`);
  const fd = openSync(tmp, 'wx', existing ? existing.mode & 0o777 : 0o644);
  try {
    writeFileSync(fd, text);
    fsyncSync(fd);
    closeSync(fd);
    renameSync(tmp, path);
  } catch (e) {
    try {
      closeSync(fd);
    } catch {
      // closed already
    }
    try {
      unlinkSync(tmp);
    } catch {
      // renamed or never written
    }
    throw e;
  }
}
