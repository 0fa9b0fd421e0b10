/** `statement (cause)` -> cause, as the extractor writes a skipped statement or assertion (the README's generator reads it too). */
export function causeOf(skipped: string): string {
  let depth = 0;
  if (!skipped.endsWith(')')) return skipped;
  for (let i = skipped.length - 1; i >= 0; i--) {
    if (skipped[i] === ')') depth++;
    else if (skipped[i] === '(' && --depth === 0) return skipped.slice(i + 1, -1);
  }
  return skipped;
}
