// The one-pass search the command-line rules use (src/audit/needles.ts) answers as `includes` would,
// needle by needle: overlapping, nested and repeated needles, code points past the BMP, empty ones.
import t from 'tap';
import { occurring } from '../src/audit/needles.js';

const naive = (text: string, needles: string[]) => new Set(needles.filter((n) => n !== '' && text.includes(n)));

t.test('the needles a text holds, as includes finds them', async (t) => {
  const cases: [string, string[]][] = [
    ['ushers', ['he', 'she', 'his', 'hers', 'us', 'x']],
    ['aaaa', ['a', 'aa', 'aaa', 'aaaa', 'aaaaa']],
    ['abcabd', ['abd', 'bca', 'cab', 'abc', 'bd', 'abcabd', 'dab']],
    ['-p𝔸b"c" --password=S3cret', ['𝔸b', 'S3cret', '--password=S3cret', '-p𝔸', 'b"c"', '']],
    ['', ['a']],
  ];
  for (const [text, needles] of cases) t.same(occurring(text, needles), naive(text, needles), text);
  // random texts over a small alphabet, where needles overlap and nest most
  let seed = 7;
  const rnd = (n: number) => ((seed = (seed * 1103515245 + 12345) % 2147483648) % n);
  const word = (len: number) => Array.from({ length: len }, () => 'ab$c'[rnd(4)]).join('');
  for (let i = 0; i < 300; i++) {
    const text = word(rnd(60));
    const needles = Array.from({ length: rnd(12) }, () => word(1 + rnd(6)));
    t.same(occurring(text, needles), naive(text, needles), `${text} ${needles.join(',')}`);
  }
});
