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

/** Index of the quote closing the string that opens at `start` (a `"`), -1 when none does. */
export function closingQuote(text: string, start: number): number {
  let quote = text.indexOf('"', start + 1);
  while (quote > 0) {
    let backslashes = 0;
    while (text.charCodeAt(quote - 1 - backslashes) === 0x5c) backslashes++;
    if (backslashes % 2 === 0) return quote;
    quote = text.indexOf('"', quote + 1);
  }
  return -1;
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
      const end = closingQuote(text, i);
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

/**
 * How deep arrays and objects may nest in a JSON text the service parses: Go's encoding/json refuses
 * more than 10,000 levels (scanner.go, maxNestingDepth: "exceeded max depth"). Past it V8's JSON.parse
 * spends about 400 ns a level: a 15 MB body of `[` held a worker 6 s, then the deadline's 422 answered
 * what is a malformed request.
 */
export const MAX_JSON_DEPTH = 10_000;

/**
 * Whether `text`, JSON or not, opens more than `max` arrays and objects inside one another: one pass,
 * strings skipped (a bracket inside a string nests nothing), done before JSON.parse sees the text.
 */
export function nestsDeeper(text: string, max = MAX_JSON_DEPTH): boolean {
  let depth = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x22 /* " */) {
      const end = closingQuote(text, i);
      if (end < 0) return false;
      i = end;
    } else if (c === 0x7b /* { */ || c === 0x5b /* [ */) {
      if (++depth > max) return true;
    } else if (c === 0x7d /* } */ || c === 0x5d /* ] */) depth--;
  }
  return false;
}
