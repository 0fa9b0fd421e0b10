// A diff's paths and fields are the model's structure where they name a Compose field: a secret
// equal to a field name (`API_TOKEN: restart`) left every diff answer showing
// `"path":"services.web.********"`, `"field":"********"`, `~ ********:` and `` | web | `********` | ``
// for a change of `restart:`. As for a model's keys (test/redact-model-fields.test.ts), the class is
// read from the Compose schema (schemas/compose-spec.json, src/redact/schema-path.ts): a key that is
// one of the `properties` of the object schema at its place is a field name, kept; the entity's
// name, a variable's, a label's, an `x-` key, a set item's identity (`ports[8080:80/tcp]`) are the
// bundle's, masked. The diff walks the model (src/diff/diff.ts) and says which segment is a key and
// which an item's identity (SEGMENTS): an identity is the bundle's text and may hold `].restart`.
import t from 'tap';
import { everyAnswer } from './helpers/answers.js';
import { runTask, type Task } from '../src/usecases/task.js';

/** A secret of no meaning as long as `word`. */
const neutral = (word: string): string => [...word].map((_, i) => 'qz'[i % 2]).join('');

/** Development and production differ in field names only; the one copy of the secret is a variable's value. */
const bundle = (secret: string) => ({
  files: {
    'compose.yaml':
      'services:\n  web:\n    image: nginx:1.25\n    restart: always\n    labels:\n      tier: web\n' +
      '    ports:\n      - target: 80\n        published: "8080"\n' +
      '    deploy:\n      restart_policy:\n        condition: on-failure\n' +
      `    environment:\n      API_TOKEN: ${secret}\n      LEVEL: info\n` +
      '    networks: [backend]\nnetworks:\n  backend:\n    driver: bridge\n',
    'compose.dev.yaml':
      'services:\n  web:\n    restart: "no"\n    labels:\n      tier: dev\n' +
      '    ports:\n      - target: 80\n        published: "8080"\n        host_ip: 127.0.0.1\n' +
      '    deploy:\n      restart_policy:\n        condition: any\n    environment:\n      LEVEL: debug\n' +
      '  extra:\n    image: busybox:1.36\n' +
      'networks:\n  backend:\n    driver: overlay\n',
  },
  environments: {
    development: { files: ['compose.yaml', 'compose.dev.yaml'] },
    production: { files: ['compose.yaml'] },
  },
});

/** The answers that differ from those with a secret of no meaning, and a little around the first difference. */
function differ(secret: string): string[] {
  const ref = new Map(everyAnswer(bundle(neutral(secret))));
  const out: string[] = [];
  for (const [ask, body] of everyAnswer(bundle(secret))) {
    const other = ref.get(ask) ?? '';
    if (body === other) continue;
    let i = 0;
    while (i < body.length && body[i] === other[i]) i++;
    out.push(`${ask}: ${JSON.stringify(body.slice(Math.max(0, i - 40), i + 20))}`);
  }
  return out;
}

const diff = (files: Record<string, string>, format: string): string =>
  runTask({ question: 'diff', input: { ...bundle(''), files }, options: { format } } as Task).body;

t.test("a secret equal to a field name a diff's path names leaves every answer as it is", async (t) => {
  const json = diff(bundle('restart').files, 'json');
  t.match(json, '"path":"services.web.restart","section":"services","name":"web","field":"restart"');
  t.match(diff(bundle('restart').files, 'text'), '\n  ~ restart: "no"');
  t.match(diff(bundle('restart').files, 'markdown'), '| web | `restart` |');
  // the section (`services` is a word of an audit message too: only the diff's own answers)
  const services = diff(bundle('services').files, 'json') + diff(bundle('services').files, 'text');
  t.match(services, '"path":"services.web.restart"');
  t.match(services, '\nservices.web\n');
  t.match(services, '\n- services.extra: only in development');
  // a service's field, a field under one, a set item's field, a network's field
  for (const secret of ['restart', 'networks', 'deploy', 'restart_policy', 'condition', 'host_ip', 'driver'])
    t.same(differ(secret), [], `${secret}: every answer as with a secret of no meaning`);
});

t.test("the bundle's keys in a diff's path stay masked", async (t) => {
  // a service, a label, a variable, a network and an x- key named as the secret, and a port's identity holding it
  const files = {
    'compose.yaml':
      'services:\n  restart:\n    image: nginx:1.25\n    labels:\n      restart: a\n    x-restart: 1\n' +
      '    volumes:\n      - type: tmpfs\n        target: /restart].read_only\n' +
      '    environment:\n      API_TOKEN: restart\n      restart: a\n    networks: [restart]\nnetworks:\n  restart: {}\n',
    'compose.dev.yaml':
      'services:\n  restart:\n    labels:\n      restart: b\n    x-restart: 2\n' +
      '    volumes:\n      - type: tmpfs\n        target: /restart].read_only\n        read_only: true\n' +
      '    environment:\n      restart: b\nnetworks:\n  restart:\n    internal: true\n',
  };
  const entries = (JSON.parse(diff(files, 'json')) as { entries: { path: string; field: string }[] }).entries;
  t.same(
    entries.map((e) => e.path).sort(),
    [
      'networks.********.internal',
      'services.********.environment.********',
      'services.********.labels.********',
      'services.********.volumes[/********].read_only].read_only',
      'services.********.x-********',
    ],
    'the names, the keys and the identity masked, the field names kept',
  );
  const text = diff(files, 'text') + diff(files, 'markdown');
  t.notMatch(text, /restart/, 'and in the text and the markdown');
});
