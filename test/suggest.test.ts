// Did-you-mean hints (src/validate/suggest.ts, Checker.hint): the banded edit distance is the whole
// table's up to its limit, and the hints of one check cost a bounded amount whatever the project.
import t from 'tap';
import { didYouMean, editDistance } from '../src/validate/suggest.js';
import { HINT_WORK } from '../src/validate/checker.js';
import { validateBundle } from '../src/usecases/validate.js';

/** Optimal string alignment distance over the whole table: the reference. */
function wholeTable(a: string, b: string): number {
  const d = Array.from({ length: a.length + 1 }, (_, i) =>
    Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)),
  );
  for (let i = 1; i <= a.length; i++)
    for (let j = 1; j <= b.length; j++) {
      d[i][j] = Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1])
        d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
    }
  return d[a.length][b.length];
}

t.test('the banded distance is the whole table up to its limit, limit + 1 beyond', async (t) => {
  let seed = 7;
  const rand = (n: number): number => ((seed = (seed * 1103515245 + 12345) % 2 ** 31), seed % n);
  const word = (): string => Array.from({ length: rand(9) }, () => 'abc'[rand(3)]).join('');
  let wrong = 0;
  for (let k = 0; k < 4000; k++) {
    const [a, b] = [word(), word()];
    const whole = wholeTable(a, b);
    if (editDistance(a, b) !== whole) wrong++;
    for (const limit of [0, 1, 2, 3]) if (editDistance(a, b, limit) !== Math.min(whole, limit + 1)) wrong++;
  }
  t.equal(wrong, 0);
  t.equal(editDistance('healtcheck', 'healthcheck', 3), 1);
  t.equal(editDistance('x'.repeat(100_000), 'y'.repeat(100_000), 3), 4, 'two long names: a band, not a table');
  t.equal(didYouMean('Healthcheck', ['healthcheck', 'image']), 'healthcheck');
  t.equal(didYouMean('imgae', ['healthcheck', 'image']), 'image');
});

t.test('a hint suggests while the check budget lasts, then still names the problem', async (t) => {
  const services = (n: number): string =>
    Array.from({ length: n }, (_, i) => `  s${i}:\n    image: nginx\n    depends_on: [m${i}]\n`).join('');
  const hints = (n: number) =>
    validateBundle({ files: { 'compose.yaml': `services:\n${services(n)}` } }, { budgets: { diagnostics: 100_000 } })
      .json.diagnostics.filter((d) => d.code === 'undefined-dependency')
      .map((d) => d.hint ?? '');
  const few = hints(20);
  t.equal(few.length, 20);
  t.ok(
    few.every((h, i) => h === `did you mean "s${i}"?`),
    'each with its close name',
  );
  // each hint of 2,000 services compares about 2,000 names: the budget covers a part of them
  const many = hints(2000);
  t.equal(many.length, 2000);
  const suggested = many.filter((h) => h.startsWith('did you mean')).length;
  t.ok(suggested > 0 && suggested < 2000, `${suggested} of 2,000 suggest a name (budget ${HINT_WORK} characters)`);
  t.ok(
    many.slice(suggested).every((h) => h === 'no service of that name is defined'),
    'the others say what is wrong all the same',
  );
});
