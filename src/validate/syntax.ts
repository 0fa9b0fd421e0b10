/**
 * Short-syntax port and volume checks for validation, on top of the one syntax module's parsers
 * (src/syntax/ports.ts, volumes.ts: compose-go's ParsePortConfig / format.ParseVolume), so a
 * spec is valid here exactly when the canonical transform accepts it. Validation only needs
 * "valid or why not" and which volume a spec names.
 */
import { PortSpecError, portSpecSize } from '../syntax/ports.js';
import { parseVolumeSpec as parseVolume } from '../syntax/volumes.js';

/** compose-go's error message for a short-syntax port `[[ip:]host:]container[/proto]`, undefined when valid. */
export function portSpecError(spec: string): string | undefined {
  return portSpecFailure(spec)?.message;
}

/** portSpecError's error itself, which records the pieces of the spec its message quotes (src/diagnostics.ts quoting). */
export function portSpecFailure(spec: string): PortSpecError | undefined {
  try {
    portSpecSize(spec); // checks the spec without expanding its range
    return undefined;
  } catch (e) {
    if (e instanceof PortSpecError) return e;
    throw e;
  }
}

export interface VolumeSpec {
  type: 'bind' | 'volume';
  source: string;
  target: string;
}

/** `[SOURCE:]TARGET[:MODE]` → type, source, target; compose-go's error message on failure. */
export function parseVolumeSpec(spec: string): VolumeSpec | string {
  const { volume, error } = parseVolume(spec);
  return error ?? { type: volume.type, source: volume.source ?? '', target: volume.target ?? '' };
}
