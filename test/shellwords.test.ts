// go-shellwords v1.0.12 as compose-go splits `command` / `entrypoint` strings (src/compat/shellwords.ts):
// where it stops and what it drops (shellwords.go, Parser.Parse: the `case ';', '&', '|', '<', '>'` branch).
import t from 'tap';
import { shellWords } from '../src/compat/shellwords.js';

t.test(
  'what go-shellwords drops at an operator: the rest of the line, and a descriptor number before `>`',
  async (t) => {
    const cases: [line: string, words: string[], cut: string, dropped: string][] = [
      ['npm install && npm start', ['npm', 'install'], '&', '&& npm start'],
      ['a;b', ['a'], ';', ';b'],
      // `if r == '>' && len(buf) > 0 { if c := buf[0]; '0' <= c && c <= '9' { got = argNo } }`: the
      // word before `>` is dropped whole when it starts with a digit
      ['echo hi 2>&1', ['echo', 'hi'], '>', '2>&1'],
      ['echo hi 2x>out', ['echo', 'hi'], '>', '2x>out'],
      ['echo  "2 x">out', ['echo'], '>', '"2 x">out'],
      ['echo \\2>out', ['echo'], '>', '\\2>out'],
      // not a digit first: the word stays
      ['echo hi2>&1', ['echo', 'hi2'], '>', '>&1'],
      ['echo hi >out', ['echo', 'hi'], '>', '>out'],
      // only `>` drops the word before it
      ['echo 2<in', ['echo', '2'], '<', '<in'],
      ['echo 2&', ['echo', '2'], '&', '&'],
    ];
    for (const [line, words, cut, dropped] of cases) {
      const r = shellWords(line);
      t.same(r.words, words, line);
      t.equal(r.cutAt === undefined ? undefined : line[r.cutAt], cut, `${line}: cut at`);
      t.equal(r.dropAt === undefined ? undefined : line.slice(r.dropAt), dropped, `${line}: dropped`);
    }
    t.same(shellWords('echo "a > b" 2'), { words: ['echo', 'a > b', '2'] }, 'no operator outside quotes: nothing cut');
  },
);
