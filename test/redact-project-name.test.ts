/**
 * A secret that is the project's `name:` is masked in the names Compose makes of it too: the
 * project name is the value normalized (compose-go loader/loader.go NormalizeProjectName: lower
 * case, only `[a-z0-9_-]`, no leading `_` or `-`), so `Proj3ct_Secret` is written `proj3ct_secret`
 * in `proj3ct_secret_default` and `proj3ct_secret-web-1` (src/redact/encodings.ts projectNameForms).
 */
import t from 'tap';
import { everyAnswer } from './helpers/answers.js';
import { projectNameForms } from '../src/redact/encodings.js';

t.test('the normalized form of a secret given as name: is masked in every answer', async (t) => {
  for (const secret of ['Proj3ct_Secret', 'Proj3ct.Secret!x9Long']) {
    const files = {
      'compose.yaml': `name: ${JSON.stringify(secret)}\nservices:\n  web:\n    image: nginx:1.27\n    networks: [default]\n    environment:\n      DB_PASSWORD: ${JSON.stringify(secret)}\n`,
    };
    const answers = everyAnswer(files);
    t.ok(answers.length > 20, `${answers.length} answers`);
    const shown = answers.filter(([, body]) => /proj3ct[_.]?secret/i.test(body)).map(([name]) => name);
    t.same(shown, [], `${secret}: no answer shows it or its project-name form`);
    t.ok(
      answers.some(([, body]) => body.includes('nginx:1.27')),
      'the rest of the model is shown',
    );
  }
});

t.test('which values have a project-name form', async (t) => {
  t.same(projectNameForms('Proj3ct_Secret'), ['proj3ct_secret']);
  t.same(projectNameForms('_Proj3ct.Secret!x9Long'), ['proj3ctsecretx9long']);
  t.same(
    projectNameForms('Proj3ct.Secret!x9'),
    [],
    'proj3ctsecretx9 (two kinds, under 16 characters) is left out, as isAnywhereSecret leaves it',
  );
  t.same(projectNameForms('proj3ct_secret'), [], 'already a project name');
  t.same(projectNameForms('MySQL!'), [], 'a form too short or plain to mask by value is left out');
  t.same(projectNameForms('Privileged'), [], 'a word in lower case: a Compose field, our words');
});
