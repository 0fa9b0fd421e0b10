// Our own words are spared where a weak secret equals one of them (test/redact-own-words.test.ts);
// the bundle's values our words are filled with are not ours, whatever they hold: a message's value
// (a device, an environment value, a command), a fix snippet's copy of the bundle, a drift message's
// variable are masked where they hold our words around the secret, in every answer (src/audit/
// vocabulary.ts bundleText, src/redact/vocabulary.ts FilledTexts). Diagnostic codes that are no
// rule's id are ours as rule ids are (src/redact/codes.ts).
import t from 'tap';
import { readFileSync } from 'node:fs';
import { everyAnswer } from './helpers/answers.js';
import { auditBundle } from '../src/usecases/audit.js';
import { FIX_WITHHELD } from '../src/redact/mask.js';
import { DIAGNOSTIC_CODES } from '../src/redact/codes.js';
import { rules } from '../src/audit/rules/index.js';

type Answers = [string, string][];

/** The answers' bundle texts (`QQ… QZ`) that show `word` in clear, each with its answer. */
function shown(answers: Answers, word: string): string[] {
  const out: string[] = [];
  const value = /QQ\w(?:(?!QZ)[^\n]){0,120}QZ/g;
  const clear = new RegExp(`\\b${word}\\b`);
  for (const [ask, body] of answers)
    for (const m of body.matchAll(value)) if (clear.test(m[0])) out.push(`${ask}: ${m[0]}`);
  return out;
}

/** The answers in which `pattern` occurs. */
const where = (answers: Answers, pattern: RegExp): string[] =>
  answers.filter(([, body]) => pattern.test(body)).map(([ask]) => ask);

// the secret, and a phrase of ours that holds it (a message template's words: restart-policy-missing,
// image-unpinned, privileged)
const PHRASES: [secret: string, phrase: string][] = [
  ['restart', 'has no restart policy'],
  ['latest', 'has no tag (means latest)'],
  ['privileged', 'runs privileged: it has full access to the host'],
];

for (const [secret, phrase] of PHRASES)
  t.test(`values a message names unquoted, holding "${phrase}" around the secret ${secret}`, async (t) => {
    const files = {
      'compose.yaml':
        'services:\n  web:\n    image: nginx:1.25\n' +
        `    devices: [${JSON.stringify(`/dev/QQd ${phrase} QZ:/dev/x`)}]\n` +
        `    environment:\n      API_TOKEN: ${secret}\n      DEBUG: ${JSON.stringify(`QQe ${phrase} QZ`)}\n` +
        `    command: ${JSON.stringify(`npm run dev QQf ${phrase} QZ`)}\n` +
        `    cgroup_parent: ${JSON.stringify(`QQc ${phrase} QZ`)}\n`,
    };
    const answers = everyAnswer(files);
    // host-devices names the device, debug-in-production the value, dev-command-in-production the
    // command, each unquoted: the sparing of our words read them as ours
    t.same(shown(answers, secret), [], `no answer shows the bundle's ${secret}`);
    t.ok(where(answers, /QQd has no|QQd runs|QQd has/).length > 10, 'the masked values are in the answers');
    // our own words around them are still ours
    if (secret === 'restart') t.ok(where(answers, /has no restart policy/).length > 10, "the rule's message shows");
  });

t.test("a drift message's variable holding our words around the secret is masked", async (t) => {
  const answers = everyAnswer({
    files: {
      'compose.yaml': 'services:\n  web:\n    image: nginx:1.25\n    environment:\n      API_TOKEN: restart\n',
      'compose.dev.yaml': 'services:\n  web:\n    environment:\n      "QQx has no restart policy QZ": "1"\n',
    },
    environments: {
      development: { files: ['compose.yaml', 'compose.dev.yaml'] },
      production: { files: ['compose.yaml'] },
    },
  });
  t.same(shown(answers, 'restart'), [], 'no answer shows it');
  t.ok(where(answers, /QQx has no \*{8} policy QZ is set in development/).length > 5, 'the drift message is there');
});

t.test('a fix snippet that copies bundle text holding our words around the secret is withheld', async (t) => {
  // `restart-policy-missing` is our rule's id; here it is an image's name, which image-unpinned's
  // snippet copies unquoted (image: qqj/restart-policy-missing:<version>)
  const files = {
    'compose.yaml':
      'services:\n  web:\n    image: qqj/restart-policy-missing\n    environment:\n      API_TOKEN: restart\n',
  };
  const answers = everyAnswer(files);
  t.same(
    answers.filter(([, body]) => /qqj\/restart-policy/.test(body)).map(([ask]) => ask),
    [],
    'no answer shows the image with the secret',
  );
  const fix = auditBundle({ files }).json.findings.find((f) => f.rule === 'image-unpinned')?.fix;
  t.same([fix?.yaml, fix?.withheld], [undefined, FIX_WITHHELD], 'the fix is withheld, saying why');
  // the fixes without the bundle's copy of the secret are offered, our words in them shown
  const restart = auditBundle({ files }).json.findings.find((f) => f.rule === 'restart-policy-missing')?.fix;
  t.match(restart?.yaml, /restart: unless-stopped/, 'a fix of ours that sets restart is offered');
  // a build argument's name, lowercased as a build secret's name in the snippet (the message names
  // it as written): `restart_policy` is our word (restart-unbounded's fix), `_` joins tokens
  const args = {
    'compose.yaml':
      'services:\n  web:\n    image: nginx:1.25\n    build:\n      context: .\n      args:\n' +
      '        QQA_RESTART_POLICY_TOKEN: ""\n    environment:\n      API_TOKEN: restart\n',
  };
  t.same(
    where(everyAnswer(args), /qqa_restart_policy/),
    [],
    "no answer shows the snippet's build secret with the secret",
  );
  const arg = auditBundle({ files: args }).json.findings.find((f) => f.rule === 'secret-in-build-args')?.fix;
  t.same([arg?.yaml, arg?.withheld], [undefined, FIX_WITHHELD], 'that fix is withheld');
});

t.test('a secret equal to a diagnostic code, or a word of one, does not mask the code', async (t) => {
  const files = (secret: string) => ({
    'compose.yaml': `services:\n  web:\n    image: nginx:1.25\n    networks: [missing]\n    environment:\n      API_TOKEN: ${secret}\n`,
  });
  for (const secret of ['undefined-network', 'network']) {
    const answers = everyAnswer(files(secret));
    const has = (ask: string, re: RegExp) => answers.some(([a, body]) => a === ask && re.test(body));
    for (const [ask, form] of [
      ['validate json', /"code":"undefined-network"/],
      ['validate text', /\[undefined-network\]/],
      ['audit json', /"code":"undefined-network"/],
      ['audit text', /\[undefined-network\]/],
      ['audit markdown', /### `undefined-network`/],
      ['audit sarif', /"id": "undefined-network"/],
      ['audit sarif', /"text": "Undefined network"/],
      ['audit github', /title=undefined-network::/],
      ['audit gitlab', /"check_name": "undefined-network"/],
      ['audit junit', /name="undefined-network at /],
      ['audit checkstyle', /source="compose-review\.undefined-network"/],
      ['audit rdjson', /"value": "undefined-network"/],
      ['review json', /"code":"undefined-network"/],
      ['config json', /"code":"undefined-network"/],
    ] as const)
      t.ok(has(ask, form), `${secret}: ${ask} names the code`);
    // the bundle's copy of the secret is masked as ever
    t.same(where(answers, new RegExp(`API_TOKEN\\W{1,6}${secret}`)), [], `${secret}: the value is masked`);
  }
});

t.test('the diagnostic codes spared are those README lists, none a rule id', async (t) => {
  const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');
  const section = readme.slice(readme.indexOf('## Diagnostic codes'), readme.indexOf('## Audit rules'));
  const listed = new Set(section.match(/(?<=`)[a-z][a-z0-9]*(?:-[a-z0-9]+)+(?=`)/g));
  const ids = new Set(rules.map((r) => r.meta.id));
  t.same([...DIAGNOSTIC_CODES].sort(), [...listed].sort(), 'the list is the README section');
  t.same(
    DIAGNOSTIC_CODES.filter((c) => ids.has(c)),
    ['obsolete-version'],
    'one is also a rule (validation warns, the audit finds)',
  );
});

t.test("a crashed rule's error, which may quote the bundle, is the bundle's text", async (t) => {
  const { auditModel } = await import('../src/audit/run.js');
  const { defineRule } = await import('../src/audit/rule.js');
  const { Masker } = await import('../src/redact/mask.js');
  const { forgetRequestMemos } = await import('../src/memo.js');
  forgetRequestMemos();
  // a rule that throws on a key of the bundle (a property read of a value it did not expect)
  const throws = defineRule({ ...rules[0].meta, id: 'throws-on-key', messages: {} }, (ctx) => {
    throw new TypeError(`cannot read ${Object.keys(ctx.model)[0]}`);
  });
  const model = { 'x-QQk has no restart policy QZ': 1 };
  const r = auditModel({ environment: 'default', role: 'production', model }, { rules: [throws] });
  const [masked] = new Masker(['restart']).findings(r.findings);
  t.match(masked.message, /^rule throws-on-key failed: cannot read x-QQk has no \*{8} policy QZ$/, 'masked');
});

t.test("secret-in-environment's fix: `/run/secrets/` is ours, the secret's name in it the bundle's", async (t) => {
  const fixOf = (environment: string) =>
    auditBundle({
      files: { 'compose.yaml': `services:\n  web:\n    image: nginx:1.27\n    environment:\n${environment}` },
    }).json.findings.find((f) => f.rule === 'secret-in-environment' && /password/i.test(f.message))?.fix;
  // the secret `secrets` is a word of our path: the fix is shown (it was withheld)
  const ours = fixOf('      DB_PASSWORD: secrets\n');
  t.notOk(ours?.withheld, 'not withheld');
  t.match(ours?.yaml, /DB_PASSWORD_FILE: \/run\/secrets\/db_password/);
  // a secret inside the variable's name, which the path copies: withheld
  const theirs = fixOf('      qqsecretvalueqq_password: hunter2hunter2\n      API_TOKEN: qqsecretvalueqq\n');
  t.ok(theirs?.withheld, 'withheld');
});
