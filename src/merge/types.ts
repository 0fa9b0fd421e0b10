import type { Location } from '../diagnostics.js';
import type { Tree } from '../yaml/located.js';

/**
 * A merge or unicity failure (compose-go returns these as errors, e.g. `cannot override
 * services.api.ports`). `path` is the model path as segments, for locating it in the inputs.
 */
export class MergeError extends Error {
  constructor(
    message: string,
    readonly path: readonly (string | number)[],
    readonly code = 'merge-invalid',
  ) {
    super(message);
    this.name = 'MergeError';
  }
}

/** A value with where it came from: its own position and its key's position in the parent. */
export interface Slot {
  value: Tree;
  loc?: Location;
  key?: Location;
}
