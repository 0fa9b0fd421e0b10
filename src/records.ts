/**
 * Objects without a prototype, for maps whose keys come from a bundle: any key (`__proto__`,
 * `constructor`) is an own property, and `in` / a missing key never reaches Object.prototype.
 */
export function emptyRecord<T>(): Record<string, T> {
  return Object.create(null) as Record<string, T>;
}

/** A JSON object (not an array, not null): its properties read as unknown, to be checked before use. */
export function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
