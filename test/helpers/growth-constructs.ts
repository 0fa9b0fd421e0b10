/**
 * The constructs of test/helpers/worst.ts, each timed at n and 4n through every route's work: split
 * over several test files (test/growth-constructs-*.test.ts) so tap runs them side by side and each
 * stays inside its timeout on a busy machine.
 */
import type Tap from 'tap';
import { CONSTRUCTS } from './worst.js';
import { allWork, growth, GROWTH_LIMIT as LIMIT } from './growth.js';

export function constructTests(t: Tap.Test, part: number, parts: number): void {
  const all = Object.entries(CONSTRUCTS);
  const slice = all.filter((_, i) => i % parts === part);
  for (const [name, c] of slice)
    t.test(`${name}: ${c.what}`, async (t) => {
      const small = c.bundle(c.n);
      const large = c.bundle(4 * c.n);
      // over the limit, growth measures on, longer, before it answers (a busy machine can slow one size down)
      const g = growth(
        () => allWork(small),
        () => allWork(large),
      );
      t.ok(
        g.ratio <= LIMIT,
        `n=${c.n}: ${g.small.toFixed(1)} ms, 4n: ${g.large.toFixed(1)} ms, ${g.ratio.toFixed(1)}x (at most ${LIMIT}x)`,
      );
    });
}
