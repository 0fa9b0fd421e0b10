// A weak secret equal to a member name of our answers (`environments`, `message`, `diagnostics`) no
// longer renames that member: the masking walk renamed object keys, which broke the answer's schema
// (`"********":`) and made the text, markdown, GitHub and YAML renderings and every review throw
// (a 500 from the service, exit 3 from the CLI; found by a review). Its values are masked still.
import t from 'tap';
import { runTask, type Task } from '../src/usecases/task.js';
import { everyAnswer } from './helpers/answers.js';
import { seedBundle } from './helpers/fixtures.js';
import { ANSWER_KEYS } from '../src/redact/answer-keys.js';
import { schemaFieldNames } from '../src/validate/validators.js';
import { BUNDLE_MEMBERS } from '../src/redact/frames.js';

const FORMATS = ['json', 'text', 'markdown', 'sarif', 'junit', 'github', 'gitlab', 'checkstyle', 'rdjson', 'yaml'];

t.test('a secret equal to a member of our answers: every answer rendered, the member kept', async (t) => {
  for (const word of ['environments', 'message', 'diagnostics', 'findings', 'severity', 'counts', 'markdown']) {
    const files = {
      'compose.yaml': `services:\n  web:\n    image: nginx\n    privileged: true\n    environment:\n      API_TOKEN: ${word}\n      NOTE: "the token is ${word} here"\n`,
    };
    const failures: string[] = [];
    for (const question of ['audit', 'review', 'validate', 'config'] as const)
      for (const format of FORMATS) {
        try {
          const r = runTask({ question, input: { files }, options: { format } } as Task);
          if (r.status >= 500) failures.push(`${question} ${format}: ${r.status}`);
          if (r.body.includes('"********":')) failures.push(`${question} ${format}: a member renamed`);
          if (r.body.includes(`the token is ${word} here`)) failures.push(`${question} ${format}: the value shown`);
        } catch (e) {
          failures.push(`${question} ${format}: ${String(e)}`);
        }
      }
    t.same(failures, [], word);
  }
});

t.test(
  'every member of every answer for the seed is a member name of ours, a Compose field or a name it chose',
  async (t) => {
    const bundle = seedBundle();
    const fields = schemaFieldNames();
    const chosen = new Set<string>();
    const keys = new Set<string>();
    // the keys under a part of the bundle an answer holds (a diff's sides, a fix's patch: src/redact/frames.ts)
    const inBundle = new Set<string>();
    const collect = (v: unknown, into: Set<string>, models?: boolean): void => {
      if (Array.isArray(v)) v.forEach((x) => collect(x, into, models));
      else if (v && typeof v === 'object')
        for (const [k, x] of Object.entries(v)) {
          // the names a bundle chooses: the keys of its models (services, variables, labels), and its environments'
          if (models && (k === 'model' || k === 'environments')) collect(x, chosen);
          else {
            into.add(k);
            collect(x, into === keys && BUNDLE_MEMBERS.has(k) ? inBundle : into, models);
          }
        }
    };
    collect(JSON.parse(runTask({ question: 'config', input: bundle, options: {} } as Task).body), new Set(), true);
    for (const [, body] of everyAnswer(bundle)) {
      let json: unknown;
      try {
        json = JSON.parse(body);
      } catch {
        continue;
      }
      collect(json, keys);
    }
    // a member of ours that is also a Compose field name (`version`, `driver`, `source`, `services`,
    // `environment`) is listed too: a review found each renamed by a secret equal to it
    const missing = [...keys].filter((k) => !ANSWER_KEYS.has(k) && !chosen.has(k));
    t.same(missing, [], 'src/redact/answer-keys.ts lists them');
    const missingInBundle = [...inBundle].filter((k) => !ANSWER_KEYS.has(k) && !fields.has(k) && !chosen.has(k));
    t.same(missingInBundle, [], 'under a part of the bundle: a member of ours, a Compose field or a name it chose');
  },
);
