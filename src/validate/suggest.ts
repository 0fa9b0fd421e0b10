/** Did-you-mean suggestions for misspelt keys and values. */

/**
 * Optimal string alignment distance (Levenshtein plus adjacent transpositions: `healtcheck`), or
 * `limit + 1` when it is more than `limit`. Only the cells within `limit` of the diagonal are
 * computed (an alignment that leaves that band costs more than `limit`): O(length × limit), where
 * the whole table of two 8,000-character names took 1.4 s for one hint.
 */
export function editDistance(a: string, b: string, limit = Math.max(a.length, b.length)): number {
  const m = a.length;
  const n = b.length;
  const over = limit + 1;
  if (Math.abs(m - n) > limit) return over;
  // three rows, reused from call to call for names of a usual length (a hint compares one name with
  // every defined one; a long one's rows are its own, not kept); a cell no row has written yet,
  // beyond the band, reads as `over`
  let [prev2, prev, cur] = n < ROWS ? REUSED : [new Int32Array(n + 1), new Int32Array(n + 1), new Int32Array(n + 1)];
  prev2.fill(over, 0, n + 1);
  cur.fill(over, 0, n + 1);
  prev.fill(over, 0, n + 1);
  for (let j = 0; j <= Math.min(n, limit); j++) prev[j] = j;
  for (let i = 1; i <= m; i++) {
    const lo = Math.max(1, i - limit);
    const hi = Math.min(n, i + limit);
    cur[lo - 1] = lo === 1 ? Math.min(i, over) : over;
    for (let j = lo; j <= hi; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let d = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d = Math.min(d, prev2[j - 2] + 1);
      cur[j] = Math.min(d, over);
    }
    const done = prev2;
    prev2 = prev;
    prev = cur;
    cur = done;
  }
  return prev[n];
}

/** The length of the rows kept for reuse. */
const ROWS = 256;
const REUSED = [new Int32Array(ROWS), new Int32Array(ROWS), new Int32Array(ROWS)];

/**
 * The candidate closest to `word`, if close enough to be a likely typo: same letters in another
 * case, or at most one edit per three characters (at least one, at most three).
 */
export function didYouMean(
  word: string,
  candidates: readonly string[],
  /** the candidates in lower case, when the caller has them (in the same order) */
  lowered?: readonly string[],
): string | undefined {
  const lower = word.toLowerCase();
  const max = Math.min(3, Math.max(1, Math.floor(word.length / 3)));
  let best: string | undefined;
  let bestD = Infinity;
  for (let i = 0; i < candidates.length; i++) {
    const c = candidates[i];
    if (c === word) continue;
    const cl = lowered ? lowered[i] : c.toLowerCase();
    // beyond `max` the distance is not needed: editDistance stops there (a length that differs by more, at once)
    const d = cl === lower ? 0 : editDistance(lower, cl, max);
    if (d < bestD) {
      best = c;
      bestD = d;
    }
  }
  return bestD <= max ? best : undefined;
}
