/**
 * Duplicate keys in a JSON text. JSON.parse keeps the last of two equal keys without a word, and a
 * bundle must not: which of two contents for one file would be checked? Neither fastify's parser
 * (secure-json-parse) nor the common JSON parsers report them, and an AST parser would build a node
 * for every value (gigabytes for a 16 MiB array of numbers). So this is a scanner, written here
 * because it is small and exact: one pass over a text already known to be valid JSON, keeping a set
 * of keys for each open object and nothing else; a string is skipped with indexOf, and the JSON
 * pointer is only built for the duplicate found.
 */
import { escapePointer } from './bundle.js';

export interface DuplicateKey {
  /** the key, decoded */
  key: string;
  /** JSON pointer of the second occurrence */
  pointer: string;
}

/** Index of the quote closing the string that opens at `start` (a `"`). */
function stringEnd(text: string, start: number): number {
  let quote = text.indexOf('"', start + 1);
  for (;;) {
    let backslashes = 0;
    while (text.charCodeAt(quote - 1 - backslashes) === 0x5c) backslashes++;
    if (backslashes % 2 === 0) return quote;
    quote = text.indexOf('"', quote + 1);
  }
}

/** The first key that appears twice in one object of `text` (valid JSON), or undefined. */
export function findDuplicateKey(text: string): DuplicateKey | undefined {
  // the open containers, innermost last, as parallel arrays (no object per level: a 16 MiB body can
  // nest millions deep): the keys seen in an object (made at its first key; null for an array), and
  // the key or index the scan is at in it
  const seen: (Set<string> | null | undefined)[] = [];
  const at: (string | number)[] = [];
  let expectKey = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    const top = seen.length - 1;
    if (c === 0x7b /* { */) {
      seen.push(undefined);
      at.push('');
      expectKey = true;
    } else if (c === 0x5b /* [ */) {
      seen.push(null);
      at.push(0);
    } else if (c === 0x7d /* } */ || c === 0x5d /* ] */) {
      seen.pop();
      at.pop();
      expectKey = false;
    } else if (c === 0x2c /* , */) {
      if (seen[top] === null) at[top] = Number(at[top]) + 1;
      else expectKey = true;
    } else if (c === 0x22 /* " */) {
      const end = stringEnd(text, i);
      if (expectKey) {
        const key = String(JSON.parse(text.slice(i, end + 1)));
        const keys = (seen[top] ??= new Set());
        if (keys.has(key))
          return { key, pointer: [...at.slice(0, top), key].map((k) => `/${escapePointer(String(k))}`).join('') };
        keys.add(key);
        at[top] = key;
        expectKey = false;
      }
      i = end;
    }
    // whitespace, `:`, numbers, true, false and null hold nothing to track
  }
  return undefined;
}
