/**
 * Service volumes: the canonical `services.*.volumes.*` transform (transform/volume.go), each
 * short-syntax entry read by src/syntax/volumes.ts, and the bind default.
 */
import type { Tree, TreeObject } from '../yaml/located.js';
import { isObject } from '../yaml/located.js';
import type { Location } from '../diagnostics.js';
import { goType } from '../compat/go.js';
import { NormalizeError } from './errors.js';
import { cleanPath, parseVolumeSpec, type VolumeConfig } from '../syntax/volumes.js';

import { built, fail, pathText, placeError, setDefault, type Transformer } from './walk.js';

/** format.ParseVolume; throws compose-go's error. */
export function parseVolume(spec: string): VolumeConfig {
  const { volume, error } = parseVolumeSpec(spec);
  if (error !== undefined) throw new NormalizeError(error, 'invalid-volume');
  return volume;
}

/** mapstructure encoding of a ServiceVolumeConfig, every field sitting at `loc`. */
export function volumeTree(v: VolumeConfig, loc: Location | undefined): TreeObject {
  const fields: [string, Tree][] = [['type', v.type]];
  if (v.source !== undefined) fields.push(['source', v.source]);
  if (v.target !== undefined) fields.push(['target', v.target]);
  if (v.read_only) fields.push(['read_only', true]);
  if (v.bind) fields.push(['bind', built(Object.entries(v.bind) as [string, Tree][], loc)]);
  if (v.volume) fields.push(['volume', built(Object.entries(v.volume) as [string, Tree][], loc)]);
  return built(fields, loc);
}

/** transform.transformVolumeMount on `services.*.volumes.*`. */
export const transformVolumeMount: Transformer = (data, w, options) => {
  if (isObject(data)) return data;
  if (typeof data !== 'string') return fail(w, `${pathText(w)}: invalid type ${goType(data)} for service volume mount`);
  let volume: VolumeConfig;
  try {
    volume = parseVolume(data);
  } catch (e) {
    if (options.ignoreParseError) return data;
    return placeError(e, w);
  }
  if (volume.target) volume.target = cleanPath(volume.target);
  return volumeTree(volume, w.loc);
};

/** transform.defaultVolumeBind on `services.*.volumes.*.bind`. */
export const defaultVolumeBind: Transformer = (data, w) => {
  if (!isObject(data)) return fail(w, `${pathText(w)}: invalid type ${goType(data)} for service volume bind`);
  setDefault(data, 'create_host_path', true, w.at);
  return data;
};
