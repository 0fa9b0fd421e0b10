// A text made of environment names and our words (a verdict's reason, a 422's detail) spares our
// words, never a secret inside an environment name, which is the bundle's: a name holding our markup
// (`<summary>`, `<?xml`) or our phrases around a secret showed it in clear (review22).
import t from 'tap';
import { runTask, type Task } from '../src/usecases/task.js';

const strong = 'Hx7kQ2vLp9wZ';
const bundle = (secret: string, name: string) => ({
  files: {
    'compose.yaml': `services:\n  web:\n    image: nginx:1.27\n    environment:\n      API_TOKEN: ${secret}\n`,
  },
  environments: { [name]: { files: ['compose.yaml', 'missing.yaml'] }, ok: { files: ['compose.yaml'] } },
});
const bodies = (secret: string, name: string): string[] =>
  (['config', 'review'] as const).flatMap((question) =>
    (['json', 'markdown', 'text'] as const).map((format) => {
      try {
        return runTask({ question, input: bundle(secret, name), options: { format } } as Task).body;
      } catch (e) {
        return String(e);
      }
    }),
  );

t.test('a strong secret in an environment name that reads as our markup is masked', async (t) => {
  for (const name of [
    `<summary>${strong}`,
    `</code>${strong}</summary>`,
    `<?xml <${strong}>`,
    `x <summary>${strong} y`,
  ])
    for (const body of bodies(strong, name)) t.notMatch(body, strong, `${name}: ${body.slice(0, 80)}`);
});

t.test('a weak secret in an environment name holding our phrases around it is masked', async (t) => {
  for (const name of ['x has no restart policy y', 'prod-restart-policy-missing'])
    for (const body of bodies('restart', name)) {
      t.notMatch(body, name, `${name} masked`);
      t.match(body, name.replace('restart', '********'), `${name} shown masked`);
    }
});

t.test("an environment named as the secret is masked where its name is one of our answers' member names", async (t) => {
  // validate's JSON keyed its environments by the name, left as it was when it is a member of ours
  // (`version`, `environments`, `message`: src/redact/answer-keys.ts); the name is the bundle's there
  for (const name of ['version', 'environments', 'message']) {
    const input = {
      files: {
        'compose.yaml': `services:\n  web:\n    image: nginx:1.27\n    environment:\n      API_TOKEN: ${name}\n`,
      },
      environments: { [name]: { files: ['compose.yaml'] } },
    };
    for (const question of ['validate', 'audit', 'review'] as const) {
      const body = runTask({ question, input, options: { format: 'json' } } as Task).body;
      const json = JSON.parse(body) as { environments: Record<string, unknown> };
      t.same(Object.keys(json.environments), ['********'], `${name}: ${question} masks the name`);
    }
  }
});

t.test('an environment named as one of our members holds its model as any other does (review24 F3)', async (t) => {
  // the config answer's `environments.model.model`: the environment named `model` was taken for a
  // model itself (its keys placed in the schema from there) and a bundle part, so its real model's
  // field names lost their keeping: `restart` of a service, a field of ours, was masked there only
  const files = {
    'compose.yaml':
      'services:\n  web:\n    image: nginx:1.27\n    restart: always\n    environment:\n      API_TOKEN: restart\n',
  };
  for (const name of ['model', 'environments', 'prod']) {
    const input = { files, environments: { [name]: { files: ['compose.yaml'] } } };
    const body = runTask({ question: 'config', input, options: { format: 'json' } } as Task).body;
    const json = JSON.parse(body) as { environments: Record<string, { model: { services: { web: object } } }> };
    const [env] = Object.values(json.environments);
    t.same(Object.keys(env.model.services.web).sort(), ['environment', 'image', 'networks', 'restart'], name);
    t.same(
      (env.model.services.web as { environment: object }).environment,
      { API_TOKEN: '********' },
      `${name}: the value masked`,
    );
  }
});
