export type VectorStatus = 'pass' | 'fail' | 'skip';
export interface VectorResult {
  status: VectorStatus;
  message?: string;
}
// Vectors are JSON of several shapes (see fixtures/conformance/README.md); each adapter checks its own.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Vector = Record<string, any>;
export interface Adapter {
  /** vector file names this adapter interprets, e.g. ['merge.json', 'unicity.json'] */
  files: string[];
  /** or: it interprets vectors that name their compose-go `function` (`['*']`: any of them) */
  functions?: string[];
  run(vector: Vector, file: string): VectorResult | Promise<VectorResult>;
}

/** Deep equality with Go DeepEqual-like semantics for JSON data: key order ignored, list order kept. */
export function deepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== typeof b || a === null || b === null || typeof a !== 'object') return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a)) {
    const bb = b as unknown[];
    return a.length === bb.length && a.every((v, i) => deepEqual(v, bb[i]));
  }
  const ao = a as Record<string, unknown>;
  const bo = b as Record<string, unknown>;
  const ak = Object.keys(ao);
  const bk = Object.keys(bo);
  return ak.length === bk.length && ak.every((k) => Object.hasOwn(bo, k) && deepEqual(ao[k], bo[k]));
}

export function pass(): VectorResult {
  return { status: 'pass' };
}
export function fail(message: string): VectorResult {
  return { status: 'fail', message };
}
export function skip(message: string): VectorResult {
  return { status: 'skip', message };
}
export function expectEqual(actual: unknown, expected: unknown): VectorResult {
  return deepEqual(actual, expected)
    ? pass()
    : fail(`expected ${JSON.stringify(expected)}\n     got ${JSON.stringify(actual)}`);
}
