// Cost grows linearly with the input, for every construct (issue 11): the work of every route at n
// and at 4n, in one process; linear work takes about 4x, quadratic about 16x, and the test fails
// above 8x. The one kind of timed test the project allows: a ratio, not a time, measured robustly
// (CPU time, after a warm-up, the smallest of interleaved runs).
import t from 'tap';
import { CONSTRUCTS } from './helpers/worst.js';
import { allWork, growth } from './helpers/growth.js';

const LIMIT = 8;

for (const [name, c] of Object.entries(CONSTRUCTS))
  t.test(`${name}: ${c.what}`, async (t) => {
    const small = c.bundle(c.n);
    const large = c.bundle(4 * c.n);
    let g = growth(
      () => allWork(small),
      () => allWork(large),
    );
    // over the limit: measured again, longer, before it counts (a busy machine can slow one size down)
    if (g.ratio > LIMIT) {
      const again = growth(
        () => allWork(small),
        () => allWork(large),
        8,
        200,
      );
      if (again.ratio < g.ratio) g = again;
    }
    t.ok(
      g.ratio <= LIMIT,
      `n=${c.n}: ${g.small.toFixed(1)} ms, 4n: ${g.large.toFixed(1)} ms, ${g.ratio.toFixed(1)}x (at most ${LIMIT}x)`,
    );
  });
