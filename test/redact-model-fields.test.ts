// A Compose field name in a model's structure is the model's, never the bundle's copy of a secret
// equal to it: with `API_TOKEN: restart`, `config` showed `'********': always` for `restart: always`
// (its model's key) and so did the review's merge preview. The class is read from the Compose
// schema (schemas/compose-spec.json, src/redact/schema-path.ts): a key that is one of the
// `properties` of the object schema at its place is a field name; a key matched by
// `patternProperties` or `additionalProperties` (a service's, a network's, a volume's name, a
// variable's, a label's, an `x-` key) is the bundle's choice, masked, and so is every key below a
// place the schema does not describe.
import t from 'tap';
import { runTask, type Task } from '../src/usecases/task.js';

const files = (secret: string) => ({
  'compose.yaml':
    'services:\n  restart:\n    image: nginx:1.27\n    restart: always\n    labels:\n      restart: x\n' +
    '    x-restart: 1\n    networks: [restart]\n    deploy:\n      restart_policy:\n        condition: on-failure\n' +
    `    environment:\n      restart: "1"\n      API_TOKEN: ${secret}\n` +
    'networks:\n  restart: {}\n',
});
const ask = (question: string, format: string, secret = 'restart'): string =>
  runTask({ question, input: { files: files(secret) }, options: { format } } as Task).body;

t.test("config's model keeps the schema's field names and masks the bundle's keys", async (t) => {
  const json = JSON.parse(ask('config', 'json')) as { environments: { default: { model: Record<string, any> } } };
  const model = json.environments.default.model;
  t.same(Object.keys(model.services), ['********'], "the service's name is masked");
  const web = model.services['********'];
  t.equal(web.restart, 'always', 'restart: always keeps its key');
  t.same(web.labels, { '********': 'x' }, "a label's key is masked");
  t.same(web.environment, { API_TOKEN: '********', '********': '1' }, "a variable's name and the value are masked");
  t.equal(web['x-********'], 1, 'an x- key is masked');
  t.ok(model.networks['********'], "a network's name is masked");
  const yaml = (JSON.parse(ask('config', 'yaml')) as { environments: { default: { yaml: string } } }).environments
    .default.yaml;
  t.match(yaml, /\n {4}restart: always\n/, 'the YAML keeps the field name');
  t.same(yaml.match(/restart.*/g), ['restart_policy:', 'restart: always'], 'and shows no other restart');
});

t.test("the review's merge preview keeps the field names", async (t) => {
  const preview = (secret: string): string => {
    const md = ask('review', 'markdown', secret);
    return md.slice(md.indexOf('Merged config preview'));
  };
  const shown = preview('restart');
  t.match(shown, /\n {4}restart: always\n/, 'restart: always in the preview');
  t.notMatch(shown, /restart: x|restart:\n|"restart"|restart: "1"/, "the bundle's keys are masked");
});

t.test('a model holding the secret only as field names is shown as with a secret of no meaning', async (t) => {
  // a bundle whose only copy of the secret is the variable's value: every key of its model is a field name
  const plain = (secret: string) => ({
    'compose.yaml': `services:\n  web:\n    image: nginx:1.27\n    restart: always\n    environment:\n      API_TOKEN: ${secret}\n`,
  });
  for (const [question, format] of [
    ['config', 'json'],
    ['config', 'yaml'],
  ])
    for (const secret of ['restart', 'image', 'environment', 'services', 'networks', 'name'])
      t.equal(
        runTask({ question, input: { files: plain(secret) }, options: { format } } as Task).body,
        runTask({ question, input: { files: plain('qzqzqzqz'.slice(0, secret.length)) }, options: { format } } as Task)
          .body,
        `${question} ${format}, the secret ${secret}`,
      );
});
