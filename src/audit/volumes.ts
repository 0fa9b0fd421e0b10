/**
 * The mounts of a service, read from the long syntax or the short one (parsed as compose-go's
 * format.ParseVolume: src/syntax/volumes.ts), and the path test the mount rules share.
 */
import { cleanPath, isFilePath, parseVolumeSpec } from '../syntax/volumes.js';
import { isObject } from '../yaml/located.js';
import type { TreeObject } from '../yaml/located.js';
import { get, list, str, truthy } from './model.js';

export interface MountSpec {
  index: number;
  type: string;
  source?: string;
  target?: string;
  readOnly: boolean;
  propagation?: string;
  short: boolean;
}

/** A short-syntax volume as compose-go's format.ParseVolume reads it; what it could read when it fails. */
export function parseVolumeShort(raw: string): Omit<MountSpec, 'index' | 'short'> {
  const { volume } = parseVolumeSpec(raw.trim());
  return {
    type: volume.type,
    source: volume.source,
    target: volume.target,
    readOnly: volume.read_only === true,
    propagation: volume.bind?.propagation,
  };
}

export function mounts(svc: TreeObject): MountSpec[] {
  const out: MountSpec[] = [];
  list(svc.volumes).forEach((v, index) => {
    if (typeof v === 'string') out.push({ index, short: true, ...parseVolumeShort(v) });
    else if (isObject(v)) {
      const source = str(v.source);
      out.push({
        index,
        short: false,
        type: str(v.type) ?? (source && isFilePath(source) ? 'bind' : 'volume'),
        source,
        target: str(v.target),
        readOnly: truthy(v.read_only),
        propagation: str(get(v, 'bind', 'propagation')),
      });
    }
  });
  return out;
}

export { cleanPath };

/** `p` is `dir` or under it, both cleaned as Go's path.Clean does (`/tmp/../etc` is under `/etc`). */
export function isUnder(p: string, dir: string): boolean {
  const a = cleanPath(p);
  const d = cleanPath(dir);
  return d === '/' ? a.startsWith('/') : a === d || a.startsWith(d + '/');
}
