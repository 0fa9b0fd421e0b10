/**
 * What a caught value says. JavaScript can throw anything; the code throws Errors and Node's errors
 * carry a `code`: these read them without assuming either.
 */

/** An Error's message; anything else thrown, as text. */
export function errorMessage(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

/** The caught value as an Error, for the APIs that take one. */
export function asError(e: unknown): Error {
  return e instanceof Error ? e : new Error(String(e));
}

/** The `code` of a Node error (`ENOENT`, `ERR_PARSE_ARGS_UNKNOWN_OPTION`, ...), if it has one. */
export function errorCode(e: unknown): string | undefined {
  return typeof e === 'object' && e !== null && 'code' in e && typeof e.code === 'string' ? e.code : undefined;
}
