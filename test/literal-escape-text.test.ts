/**
 * A message quotes what a file wrote as written: the text `\udcff` (six characters, in a single-quoted
 * scalar, or the escape a double-quoted one refuses) is no lone surrogate. Only a value Go holds as
 * bytes that are not UTF-8 (a `!!binary`: test/not-utf8-answers.test.ts) is one, and its JSON
 * quoting in a message is `\ufffd` a byte, made where it is quoted (src/utf8.ts jsonQuote), so that
 * nothing reads a message again for escapes (src/diagnostics.ts diagnostic).
 */
import t from 'tap';
import { runTask, type Task } from '../src/usecases/task.js';

const env = (value: string) => ({
  'compose.yaml': `services:\n  web:\n    image: nginx:1\n    environment:\n      A: ${value}\n`,
});

function diagnostics(files: Record<string, string>): { message: string; path: string; composeMessage?: string }[] {
  const body = runTask({ question: 'validate', input: { files }, options: { format: 'json' } } as Task).body;
  return (JSON.parse(body) as { diagnostics: { message: string; path: string; composeMessage?: string }[] })
    .diagnostics;
}

const text = (files: Record<string, string>) =>
  runTask({ question: 'validate', input: { files }, options: { format: 'text' } } as Task).body;

t.test('a literal backslash-u text in a message is quoted as written', async (t) => {
  // compose-go's template error quotes the value whole (template.go: invalid template); the value is
  // the six characters `\udcff` and `${`, not a lone surrogate
  const [broken] = diagnostics(env("'\\udcff${'"));
  t.match(broken.message, /\n\\udcff\$\{$/, 'the template error');
  t.match(broken.composeMessage, /\n\\udcff\$\{$/, "compose's");
  const [required] = diagnostics(env("'x ${A:?\\udc80}'"));
  t.match(required.message, /missing a value: \\udc80$/, "a required variable's message");
  // a double-quoted scalar's `\udcff` is an escape go-yaml refuses (scanner.go: found invalid Unicode
  // character escape code): the message names the escape as the file wrote it
  const [escape] = diagnostics(env('"\\udcff"'));
  t.equal(escape.message, 'Invalid escape sequence \\udcff');
  t.match(text(env('"\\udcff"')), /error Invalid escape sequence \\udcff \[yaml-syntax\]/, 'the text answer too');
  t.equal(diagnostics(env('"\\ud83d\\ude00"'))[0].message, 'Invalid escape sequence \\ud83d', 'a pair of escapes');
});

t.test('a value that is not UTF-8 is still quoted as Go quotes its bytes', async (t) => {
  // !!binary /w== is the byte 0xff: JSON's `\ufffd`, as encoding/json writes it
  const [key] = diagnostics({ 'compose.yaml': 'services:\n  web:\n    image: nginx:1\n    !!binary /w==: x\n' });
  t.equal(key.message, 'unknown key "\\ufffd" in services.web');
  t.equal(key.path, 'services.web["\\ufffd"]');
  const [dep] = diagnostics({
    'compose.yaml': 'services:\n  web:\n    image: nginx:1\n    depends_on: [!!binary /w==]\n',
  });
  t.equal(dep.message, 'service "web" depends on undefined service "\\ufffd"');
  // a literal `\udcff` key beside it: quoted as JSON, its backslash escaped, as written
  const [literal] = diagnostics({ 'compose.yaml': "services:\n  web:\n    image: nginx:1\n    '\\udcff': x\n" });
  t.equal(literal.message, 'unknown key "\\\\udcff" in services.web');
});
