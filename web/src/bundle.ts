/**
 * What the user gives the page becomes a bundle (path -> text), as the API takes it: files dropped
 * or picked (a folder keeps its relative paths), pasted YAML, a bundled example, or a link whose
 * fragment carries a small bundle. Fragments never reach the service, and never carry env files.
 */
import type { Bundle, EnvironmentSpec } from './types.js';

/** The API's limits (README "The bundle"): beyond them it answers 413, so the page stops first. */
export const MAX_FILES = 500;
export const MAX_TOTAL_BYTES = 16 << 20;
/** A fragment longer than this is not offered as a link (browsers and chat tools cut long URLs). */
export const MAX_FRAGMENT = 16_000;

const SKIPPED_DIRS = new Set(['node_modules', '.git', '.hg', '.svn']);

/** Env files: `.env`, `.env.prod`, `prod.env`, and whatever an environment names as one. */
export function isEnvFile(path: string, environments?: Record<string, EnvironmentSpec>): boolean {
  const name = path.slice(path.lastIndexOf('/') + 1);
  if (/^\.env(\.|$)/.test(name) || /\.env$/.test(name)) return true;
  return Object.values(environments ?? {}).some((e) => e.envFiles?.includes(path));
}

/** Files a Compose project reads: YAML (compose files, includes, extends, the policy) and env files. */
export function isProjectFile(path: string): boolean {
  if (path.split('/').some((segment) => SKIPPED_DIRS.has(segment))) return false;
  return /\.ya?ml$/i.test(path) || isEnvFile(path);
}

export interface Intake {
  files: Record<string, string>;
  /** paths left out, and why */
  skipped: string[];
}

async function intake(entries: { path: string; file: File }[]): Promise<Intake> {
  const out: Intake = { files: {}, skipped: [] };
  let total = 0;
  for (const { path, file } of entries.sort((a, b) => (a.path < b.path ? -1 : 1))) {
    if (!isProjectFile(path)) continue;
    if (Object.keys(out.files).length >= MAX_FILES || total + file.size > MAX_TOTAL_BYTES) {
      out.skipped.push(`${path} (over the service's limit of ${MAX_FILES} files or 16 MiB)`);
      continue;
    }
    total += file.size;
    out.files[path] = await file.text();
  }
  return out;
}

/** `a/b/c.yaml` picked as part of folder `a`: the path inside the folder. */
const insideFolder = (relative: string) => relative.slice(relative.indexOf('/') + 1);

export function fromFileList(list: FileList | File[]): Promise<Intake> {
  return intake(
    Array.from(list).map((file) => ({
      file,
      path: file.webkitRelativePath ? insideFolder(file.webkitRelativePath) : file.name,
    })),
  );
}

async function entriesOf(entry: FileSystemEntry, prefix: string): Promise<{ path: string; file: File }[]> {
  if (entry.isFile)
    return [
      {
        path: `${prefix}${entry.name}`,
        file: await new Promise<File>((resolve, reject) => (entry as FileSystemFileEntry).file(resolve, reject)),
      },
    ];
  if (SKIPPED_DIRS.has(entry.name)) return [];
  const reader = (entry as FileSystemDirectoryEntry).createReader();
  const children: FileSystemEntry[] = [];
  // readEntries answers in batches until it answers an empty one
  for (;;) {
    const batch = await new Promise<FileSystemEntry[]>((resolve, reject) => reader.readEntries(resolve, reject));
    if (!batch.length) break;
    children.push(...batch);
  }
  const out: { path: string; file: File }[] = [];
  for (const child of children) out.push(...(await entriesOf(child, `${prefix}${entry.name}/`)));
  return out;
}

/** A drop: one folder (its files, paths inside it) or files. */
export async function fromDrop(data: DataTransfer): Promise<Intake> {
  const entries = Array.from(data.items)
    .map((item) => item.webkitGetAsEntry?.())
    .filter((e): e is FileSystemEntry => !!e);
  if (entries.length === 0) return fromFileList(data.files);
  const found: { path: string; file: File }[] = [];
  for (const entry of entries) found.push(...(await entriesOf(entry, '')));
  // one dropped folder: paths inside it, as `docker compose` sees them from that folder
  const folder = entries.length === 1 && entries[0].isDirectory ? `${entries[0].name}/` : '';
  return intake(found.map((f) => ({ ...f, path: f.path.slice(folder.length) })));
}

function toBase64Url(bytes: Uint8Array): string {
  let s = '';
  for (let i = 0; i < bytes.length; i += 0x8000) s += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(s).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

function fromBase64Url(text: string): Uint8Array {
  const s = atob(text.replace(/-/g, '+').replace(/_/g, '/'));
  const out = new Uint8Array(s.length);
  for (let i = 0; i < s.length; i++) out[i] = s.charCodeAt(i);
  return out;
}

async function through(bytes: Uint8Array, stream: CompressionStream | DecompressionStream): Promise<Uint8Array> {
  const blob = new Blob([bytes as BlobPart]);
  return new Uint8Array(await new Response(blob.stream().pipeThrough(stream)).arrayBuffer());
}

export interface SharedBundle {
  bundle: Bundle;
  /** env files left out of the link (names only) */
  omitted: string[];
}

/** `#b=...`: the bundle without its env files, deflated; undefined when it would be too long. */
export async function toFragment(bundle: Bundle): Promise<{ fragment?: string; omitted: string[] }> {
  const omitted = Object.keys(bundle.files).filter((p) => isEnvFile(p, bundle.environments));
  const files = Object.fromEntries(Object.entries(bundle.files).filter(([p]) => !omitted.includes(p)));
  const data = new TextEncoder().encode(JSON.stringify({ ...bundle, files, omitted }));
  const fragment = `b=${toBase64Url(await through(data, new CompressionStream('deflate-raw')))}`;
  return { ...(fragment.length <= MAX_FRAGMENT ? { fragment } : {}), omitted };
}

export async function fromFragment(fragment: string): Promise<SharedBundle | undefined> {
  const m = /(?:^|&)b=([A-Za-z0-9_-]+)/.exec(fragment);
  if (!m) return undefined;
  const text = new TextDecoder().decode(await through(fromBase64Url(m[1]), new DecompressionStream('deflate-raw')));
  const parsed = JSON.parse(text) as Bundle & { omitted?: unknown };
  if (!parsed || typeof parsed.files !== 'object') return undefined;
  const files: Record<string, string> = {};
  // a link is someone else's input: only strings, and never an env file even if one was put there
  for (const [path, content] of Object.entries(parsed.files))
    if (typeof content === 'string' && !isEnvFile(path, parsed.environments)) files[path] = content;
  const bundle: Bundle = { files };
  if (parsed.environments && typeof parsed.environments === 'object') bundle.environments = parsed.environments;
  if (typeof parsed.projectName === 'string') bundle.projectName = parsed.projectName;
  const omitted = Array.isArray(parsed.omitted) ? parsed.omitted.filter((x): x is string => typeof x === 'string') : [];
  return { bundle, omitted };
}
