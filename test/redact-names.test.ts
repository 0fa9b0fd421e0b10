// Environment names that hold a secret value: masked everywhere, and where two mask alike, told
// apart by their ordinal only where an answer names an environment (src/redact/names.ts, Masker.name),
// never in a value that happens to hold a name: `echo "prod B"` showing `prod ******** (2)` would say
// whose secret the command holds, which the masking alone does not.
import t from 'tap';
import { FINDING_FORMATS } from '../src/report/render.js';
import { REVIEW_FORMATS } from '../src/usecases/review.js';
import { runTask, type Task } from '../src/usecases/task.js';
import type { Bundle } from '../src/bundle/bundle.js';
import { everyAnswer } from './helpers/answers.js';

const LEAK = /Canary[A-Za-z]/;
/** a masked stretch in any format's encoding of it */
const STARS = '(?:\\*|&#42;|\\\\\\*|\\\\\\\\\\*){8}';

const env = (pw: string, files = ['compose.yaml']) => ({ files, env: { DB_PASSWORD: pw } });

/** Every answer for `input` and the given question/options pairs besides (everyAnswer). */
function answers(input: Bundle, extra: [string, Record<string, unknown>, readonly string[]][]): [string, string][] {
  const out = everyAnswer(input);
  for (const [question, options, formats] of extra)
    for (const format of formats)
      out.push([
        `${question} ${JSON.stringify(options)} ${format}`,
        runTask({ question, input, options: { ...options, format } } as Task).body,
      ]);
  return out;
}

t.test('the ordinal shows where an answer names an environment, not in a value holding a name', async (t) => {
  const compose =
    'services:\n  db:\n    image: x:1\n    command: [echo, "prod CanaryEnvB"]\n    labels: {note: "prod CanaryEnvA"}\n    privileged: true\n    environment:\n      DB_PASSWORD: ${DB_PASSWORD}\n';
  const input: Bundle = {
    // the .env makes each value a secret in every load (a diff from a skeleton loads one environment)
    files: { 'compose.yaml': compose, '.env': 'A_TOKEN=CanaryEnvA\nB_TOKEN=CanaryEnvB\n' },
    environments: {
      'prod CanaryEnvA': env('CanaryEnvA'),
      'prod CanaryEnvB': env('CanaryEnvB'),
      staging: env('CanaryEnvC'),
    },
  };
  const pair = { from: 'prod CanaryEnvA', to: 'prod CanaryEnvB' };
  const all = answers(input, [
    ['diff', pair, ['json', 'text', 'markdown']],
    ['review', pair, REVIEW_FORMATS],
  ]);
  const ordinal = new RegExp(`prod ${STARS} \\((\\d)\\)`, 'g');
  const inValues: string[] = [];
  const leaks: string[] = [];
  let named = 0;
  for (const [ask, body] of all) {
    if (LEAK.test(body)) leaks.push(`${ask}: ${body.slice(body.search(LEAK) - 40, body.search(LEAK) + 20)}`);
    for (const m of body.matchAll(ordinal)) {
      named++;
      // what stands before: the command's `echo`, the label's `note`, are values of the bundle
      const before = body.slice(Math.max(0, m.index - 24), m.index);
      if (/echo|note/.test(before)) inValues.push(`${ask}: …${before}${m[0]}`);
    }
  }
  t.same(leaks, [], `no answer shows a secret (${all.length} answers)`);
  t.same(inValues, [], 'no value holding a name shows its ordinal');
  t.ok(named > 0, `the answers name the environments with their ordinal (${named} times)`);
  // the values themselves are shown masked
  const config = JSON.parse(runTask({ question: 'config', input, options: {} } as Task).body) as {
    environments: Record<
      string,
      { model: { services: { db: { command: string[]; labels: Record<string, string> } } } }
    >;
  };
  const model = config.environments['prod ******** (1)'].model;
  t.same(model.services.db.command, ['echo', 'prod ********'], 'the command: masked, no ordinal');
  t.same(model.services.db.labels, { note: 'prod ********' }, 'the label: masked, no ordinal');
});

t.test('names a format escapes keep their ordinal; drift messages name the pair as the answers do', async (t) => {
  // `|` and `<` are escaped by markdown (and `<` by XML): the ordinal must survive the escaping
  const [a, b] = ['dev|<x> CanaryEnvA', 'dev|<x> CanaryEnvB'];
  const input: Bundle = {
    files: {
      'compose.yaml': 'services:\n  db:\n    image: x:1\n    environment:\n      DB_PASSWORD: ${DB_PASSWORD}\n',
      'compose.dev.yaml': 'services:\n  db:\n    healthcheck:\n      test: ["CMD", "true"]\n',
    },
    environments: { [a]: env('CanaryEnvA', ['compose.yaml', 'compose.dev.yaml']), [b]: env('CanaryEnvB') },
  };
  const pair = { from: a, to: b };
  const all = answers(input, [
    ['diff', pair, ['json', 'text', 'markdown']],
    ['review', pair, REVIEW_FORMATS],
  ]);
  const shown = (n: number) => new RegExp(`dev\\S{1,24} ${STARS} \\(${n}\\)`);
  // a masked stretch after a blank: a name's (a value shows as `"********"`)
  const bare = new RegExp(` ${STARS}(?! \\()`);
  for (const [ask, body] of all) {
    t.notMatch(body, LEAK, `${ask}: no secret`);
    if (ask.includes('skeleton')) continue; // a diff from a skeleton: one name holds a secret there
    // the pair's diff and review name both; another answer names both or none (no finding lists one)
    const both = shown(1).test(body) && shown(2).test(body);
    t.ok(
      both || (!ask.includes('"from":') && !shown(1).test(body) && !shown(2).test(body)),
      `${ask}: both names, apart`,
    );
    const at = body.search(bare);
    t.equal(at, -1, `${ask}: no name without its ordinal${at < 0 ? '' : `: …${body.slice(at - 40, at + 20)}`}`);
  }
  // the drift risk (a healthcheck in the first, none in the second) names both
  const diff = JSON.parse(runTask({ question: 'diff', input, options: pair } as Task).body) as {
    from: string;
    to: string;
    drift: { message: string; environment: string }[];
  };
  t.same([diff.from, diff.to], ['dev|<x> ******** (1)', 'dev|<x> ******** (2)'], 'from and to');
  const drift = diff.drift.find((d) => /healthcheck/.test(d.message));
  t.match(drift?.message, /in dev\|<x> \*{8} \(1\) .* but none in dev\|<x> \*{8} \(2\)$/, 'the drift message');
  t.equal(drift?.environment, 'dev|<x> ******** (2)', 'its environment');
});

t.test('a question naming an environment the bundle lacks: its problem masks the names it lists', async (t) => {
  const input: Bundle = {
    files: {
      'compose.yaml': 'services:\n  db:\n    image: x:1\n    environment:\n      DB_PASSWORD: ${DB_PASSWORD}\n',
    },
    environments: { 'prod CanaryEnvA': env('CanaryEnvA'), 'prod CanaryEnvB': env('CanaryEnvB') },
  };
  for (const [question, options] of [
    ['diff', { from: 'nope', to: 'prod CanaryEnvB' }],
    ['review', { from: 'nope', to: 'prod CanaryEnvB' }],
    ['audit', { environment: 'nope' }],
    ['config', { environment: 'nope' }],
  ] as const) {
    const r = runTask({ question, input, options } as Task);
    t.equal(r.status, 422, `${question}: unanswerable`);
    t.notMatch(r.body, LEAK, `${question}: no secret in ${r.body}`);
    t.match(r.body, /prod \*{8} \(1\), prod \*{8} \(2\)/, `${question}: the names it has, apart`);
  }
});

t.test("a rule's message naming the development environment names it as the answers do", async (t) => {
  // image-differs-between-environments says the development environment's name; drift quotes it
  const file = (image: string) =>
    `services:\n  db:\n    image: ${image}\n    environment:\n      DB_PASSWORD: \${DB_PASSWORD}\n`;
  const input: Bundle = {
    files: { 'a.yaml': file('x:1'), 'b.yaml': file('x:2') },
    environments: {
      'x CanaryEnvA': { files: ['a.yaml'], env: { DB_PASSWORD: 'CanaryEnvA' }, role: 'development' },
      'x CanaryEnvB': { files: ['b.yaml'], env: { DB_PASSWORD: 'CanaryEnvB' }, role: 'production' },
    },
  };
  const audit = JSON.parse(runTask({ question: 'audit', input, options: {} } as Task).body) as {
    findings: { rule: string; message: string }[];
  };
  const image = audit.findings.find((f) => f.rule === 'image-differs-between-environments');
  t.match(image?.message, /but x:1 in x \*{8} \(1\) \(different tag\)$/, 'the audit finding');
  const review = JSON.parse(runTask({ question: 'review', input, options: {} } as Task).body) as {
    drift: { rule: string; message: string }[];
  };
  const drift = review.drift.find((f) => /image/.test(f.rule));
  t.match(drift?.message, /in x \*{8} \(1\) \(different tag\)/, 'the drift risk');
  for (const format of ['text', 'markdown'])
    t.notMatch(runTask({ question: 'audit', input, options: { format } } as Task).body, LEAK, `audit ${format}`);
});

t.test('a role the policy gives names the environment as the answers do', async (t) => {
  // roleReason `environments.<name> in the policy` (src/bundle/roles.ts)
  const input: Bundle = {
    files: {
      'compose.yaml': 'services:\n  db:\n    image: x:1\n    environment:\n      DB_PASSWORD: ${DB_PASSWORD}\n',
      '.compose-review.yaml': 'environments:\n  "x CanaryEnvA": production\n  "x CanaryEnvB": development\n',
    },
    environments: { 'x CanaryEnvA': env('CanaryEnvA'), 'x CanaryEnvB': env('CanaryEnvB') },
  };
  const reason = /environments\.x (?:\*|&#42;|\\\*){8} \(1\) in the policy/;
  for (const [question, format] of [
    ['validate', 'json'],
    ['audit', 'json'],
    ['audit', 'text'],
    ['audit', 'markdown'],
    ['review', 'json'],
    ['review', 'markdown'],
  ]) {
    const body = runTask({ question, input, options: { format } } as Task).body;
    t.notMatch(body, LEAK, `${question} ${format}: no secret`);
    t.match(body, reason, `${question} ${format}: the policy's reason names it with its ordinal`);
  }
});
