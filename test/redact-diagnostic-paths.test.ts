// A validation diagnostic's model path is the model's structure where it names a Compose field: a
// secret equal to a field name (`API_TOKEN: version`) left validate's, config's and the review's
// diagnostics with `"path":"********"` for the top-level `version`. As a finding's path is
// (Masker.path), it is masked but for the segments that are the schema's field names there
// (src/redact/schema-path.ts); a service's name in it is the bundle's, masked. A path of one word
// is kept only where an answer writes it as a path (`"path": "version"`): the bundle's other copies
// of the secret stay masked in every rendered answer.
import t from 'tap';
import { everyAnswer } from './helpers/answers.js';
import { runTask, type Task } from '../src/usecases/task.js';

const files = (secret: string, service = '    restart: always\n') => ({
  'compose.yaml':
    'version: "3.8"\nservices:\n  web:\n    image: nginx:1.25\n    labels:\n      tier: version\n' +
    `    environment:\n      API_TOKEN: ${secret}\n  version:\n    image: nginx:1.25\n${service}`,
});
const ask = (question: string, format: string, service?: string): string =>
  runTask({ question, input: { files: files('version', service) }, options: { format } } as Task).body;

t.test("a diagnostic's path keeps the field names and masks the bundle's names", async (t) => {
  for (const [question, format] of [
    ['validate', 'json'],
    ['config', 'json'],
    ['review', 'json'],
  ]) {
    const body = ask(question, format);
    t.match(body, /"path": ?"version"/, `${question} ${format}: the top-level version`);
    t.notMatch(body, /"path": ?"services\.version\./, `${question} ${format}: a service's name is masked`);
  }
  t.match(
    ask('validate', 'json', '    ports: ["x"]\n'),
    '"path":"services.********.ports[0]"',
    'the service named version',
  );
});

t.test("the bundle's copies of the secret stay masked in every answer", async (t) => {
  const leaks = everyAnswer(files('version'))
    .filter(([, body]) => /tier\W+version|version\W+(image|restart)/.test(body))
    .map(([ask]) => ask);
  t.same(leaks, [], 'the label value and the service name masked');
});

t.test(
  'a service name holding a dot and the secret: quoted in every path, so no part of it reads as a field',
  async (t) => {
    // review24: paths written as text (`services.${name}.extends`, `.env_file[0]`, drift's) left
    // `services.api.restart.extends`, whose `restart` the masker took for a field of ours and kept
    const compose =
      'services:\n  web:\n    image: nginx:1.27\n    environment:\n      API_TOKEN: restart\n' +
      '  api.restart:\n    image: nginx:1.27\n    env_file: missing.env\n  other.restart:\n    extends:\n      service: nowhere\n';
    for (const [question, format] of [
      ['validate', 'json'],
      ['review', 'json'],
      ['review', 'sarif'],
    ]) {
      const body = runTask({
        question,
        input: { files: { 'compose.yaml': compose } },
        options: { format },
      } as Task).body;
      t.notMatch(body, /(api|other)\.restart/, `${question} ${format}: the names masked`);
      t.match(body, /services\[\\?"other\.\*{8}\\?"\]\.extends/, `${question} ${format}: the extends path`);
    }
  },
);

t.test("the review comment's preview summary masks the files it names", async (t) => {
  // review24: a Compose file named as a secret value was masked in every finding's place but shown
  // in `<summary>Merged config preview: prod (hunter2hunter2), ...` (src/report/review.ts)
  const secret = 'hunter2hunter2';
  const input = {
    files: { [secret]: `services:\n  web:\n    image: nginx:1.27\n    environment:\n      API_TOKEN: ${secret}\n` },
    environments: { prod: { files: [secret] } },
  };
  for (const format of ['markdown', 'json']) {
    const body = runTask({ question: 'review', input, options: { format } } as Task).body;
    t.match(body, /Merged config preview: prod \(/, `${format}: the preview is there`);
    t.notMatch(body, secret, `${format}: its file masked`);
  }
});
