// A weak secret can be one of our own words (`API_TOKEN: restart`): masked wherever the bundle has
// it, never in what compose-review writes around it (rule ids, titles, help, message templates, fix
// descriptions and snippets: src/redact/vocabulary.ts). A fix whose snippet or patch would show a
// secret is withheld, with the reason, in every answer (src/redact/mask.ts Masker.fix).
import t from 'tap';
import { everyAnswer, showsNoSecret } from './helpers/answers.js';
import { auditBundle } from '../src/usecases/audit.js';
import { FIX_WITHHELD } from '../src/redact/mask.js';
import { join } from 'node:path';
import { existsSync, writeFileSync } from 'node:fs';
import { main } from '../src/cli/main.js';
import { tempDir } from './helpers/temp.js';

const svc = (name: string, env: string, more = '') =>
  `services:\n  ${name}:\n    image: nginx:1.25\n    environment:\n${env}${more}`;

/** The answers in which `pattern` occurs, each with the text around its first occurrence. */
function where(answers: [string, string][], pattern: RegExp): string[] {
  const out: string[] = [];
  for (const [ask, body] of answers) {
    const at = body.search(pattern);
    if (at >= 0) out.push(`${ask}: …${body.slice(Math.max(0, at - 50), at + 30)}`);
  }
  return out;
}

t.test('a secret that is a word of ours does not mask our words', async (t) => {
  const answers = everyAnswer({ 'compose.yaml': svc('web', '      API_TOKEN: restart\n') });
  // the value itself is masked where it stands
  t.same(where(answers, /API_TOKEN\W{1,6}restart/), [], 'the value is masked');
  // rule ids (SARIF id, JUnit name, checkstyle source, GitLab check_name), titles, templates, fixes
  t.same(
    where(
      answers,
      /\*{8}[- ](policy|the service|on failure)|policy\W+\*{8}|has no \*{8}|\*{8}: unless-stopped|"\*{8}":\s*"unless-stopped"|Neither `?\*{8}|services\.web\.\*{8}/,
    ),
    [],
    'no word of ours is masked',
  );
  t.ok(where(answers, /"fullyQualifiedName": "services\.web\.restart"/).length >= 3, 'the model path shows in SARIF');
  const audit = where(answers, /restart-policy-missing/).map((s) => s.split(':')[0]);
  t.ok(
    audit.includes('audit sarif') && audit.includes('audit junit') && audit.includes('review checkstyle'),
    'the rule id shows',
  );
  t.same(
    where(answers, /has no restart policy/).length > 10 && where(answers, /restart: unless-stopped/).length > 3,
    true,
    'the message and the fix show',
  );
});

t.test("a secret equal to a rule's id does not mask the id", async (t) => {
  const answers = everyAnswer({
    'compose.yaml': svc('web', '      API_TOKEN: privileged\n', '    privileged: true\n'),
  });
  const shown = (ask: string, id: RegExp) => answers.some(([a, body]) => a === ask && id.test(body));
  for (const [ask, id] of [
    ['audit json', /"rule":"privileged"/],
    ['audit text', /\[privileged\]/],
    ['audit markdown', /### `privileged`/],
    ['audit sarif', /"ruleId": "privileged"/],
    ['audit github', /title=privileged::/],
    ['audit gitlab', /"check_name": "privileged"/],
    ['audit junit', /name="privileged at /],
    ['audit checkstyle', /source="compose-review\.privileged"/],
    ['audit rdjson', /"value": "privileged"/],
  ] as const)
    t.ok(shown(ask, id), `${ask}: the rule's id`);
  t.same(where(answers, /\[\*{8}\]|"rule":"\*{8}"|"ruleId": "\*{8}"/), [], 'nowhere masked');
  // a service named as the rule: the bundle's name, masked
  showsNoSecret(
    t,
    { 'compose.yaml': svc('privileged', '      API_TOKEN: privileged\n', '    privileged: true\n') },
    /services\.privileged\b|service (\\?"|&quot;)privileged(\\?"|&quot;)|"privileged":\s*\{|^ {2}"?privileged"?:\s*$/m,
    'a service named as the rule',
  );
});

t.test('the secret written in the bundle is still masked beside our words', async (t) => {
  // a service named as the secret: its name is the bundle's, masked in every message, path and patch
  const files = { 'compose.yaml': svc('restart', '      API_TOKEN: restart\n', '      MODE: restart\n') };
  showsNoSecret(
    t,
    files,
    /services\.restart\b|service (\\?"|&quot;)restart(\\?"|&quot;)|"restart":\s*\{|^ {2}"?restart"?:\s*$|MODE\W{1,6}restart|: restart \(/m,
    'the service name and the value',
  );
  // a rule id in the bundle is the bundle's: masked as any text
  showsNoSecret(
    t,
    {
      'compose.yaml': svc('web', '      API_TOKEN: restart\n', '    labels:\n      note: restart-policy-missing now\n'),
    },
    /note\W{1,8}restart-policy|restart-policy-missing now/,
    'our id written in a label',
  );
  // a value a message quotes, holding our words around the secret: the bundle's, masked whole (the
  // sparing of our words in the whole message left it in clear; found by a review)
  showsNoSecret(
    t,
    {
      'compose.yaml':
        'services:\n  web:\n    image: nginx:1.27\n    cgroup_parent: "QQc has no restart policy QZ"\n' +
        '    environment:\n      API_TOKEN: restart\n',
    },
    /QQc has no restart policy/,
    'our words in a value a message quotes',
  );
});

t.test('a fix whose patch would show a secret is withheld, saying why, in every answer', async (t) => {
  const files = {
    'compose.yaml':
      'services:\n  db:\n    image: mariadb:10\n    environment:\n      MYSQL_PASSWORD: wordpress2024\n' +
      '  wordpress2024_app:\n    image: wordpress:6\n',
  };
  const answers = everyAnswer(files);
  // the service's name holds the secret: a snippet or a patch naming `********_app` cannot apply
  t.same(
    where(
      answers.filter(([ask]) => !ask.startsWith('config')),
      /services:(\\n|\n) {2}(\\?")?\*{8}_app|"services":\{"\*{8}_app"/,
    ),
    [],
    'no snippet or patch names ********_app',
  );
  const json = auditBundle({ files }).json;
  const app = json.findings.filter((f) => f.message.includes('********_app') && f.fix);
  t.ok(app.length > 3, 'findings of that service have a fix');
  for (const f of app) {
    t.same([f.fix?.yaml, f.fix?.patch, f.fix?.withheld], [undefined, undefined, FIX_WITHHELD], `${f.rule}: withheld`);
    t.match(f.fix?.description, /\(fix withheld: it would show a secret\)$/, `${f.rule}: the description says why`);
  }
  for (const format of ['audit sarif', 'audit junit', 'audit rdjson', 'review sarif'])
    t.ok(
      answers.some(([ask, body]) => ask === format && body.includes('fix withheld')),
      `${format} says the fix is withheld`,
    );
  // the other service's fixes are offered as they are
  const db = json.findings.filter((f) => f.message.includes('"db"') && f.fix?.patch);
  t.ok(db.length > 3 && db.every((f) => !f.fix?.withheld), 'the fixes of a service without a secret are offered');
  // the hardening override of the environment names that service too: withheld
  const fixed = auditBundle({ files }, { fix: true }).json.environments;
  t.same(
    Object.values(fixed).map((e) => [e.fix?.yaml, e.fix?.withheld]),
    [[undefined, FIX_WITHHELD]],
    'the hardening override is withheld',
  );
});

t.test("a model path's segments: the schema's field names, the bundle's keys", async (t) => {
  const { fieldSegments } = await import('../src/redact/schema-path.js');
  t.same(fieldSegments(['services', 'restart', 'restart']), [true, false, true], 'a service named as a field');
  t.same(fieldSegments(['services', 'web', 'environment', 'restart']), [true, false, true, false], "a variable's name");
  t.same(fieldSegments(['services', 'web', 'deploy', 'restart_policy', 'max_attempts']), [
    true,
    false,
    true,
    true,
    true,
  ]);
  t.same(
    fieldSegments(['services', 'web', 'ports', 0, 'published']),
    [true, false, true, false, true],
    'through a list',
  );
  t.same(fieldSegments(['volumes', 'data', 'driver']), [true, false, true]);
  t.same(fieldSegments(['services', 'web', 'labels', 'image']), [true, false, true, false], "a label's name");
});

t.test('the CLI writes no hardening override that would show a secret, and says why', async (t) => {
  const dir = tempDir('cr-own-words-');
  writeFileSync(
    join(dir, 'compose.yaml'),
    'services:\n  db:\n    image: mariadb:10\n    environment:\n      MYSQL_PASSWORD: wordpress2024\n' +
      '  wordpress2024_app:\n    image: wordpress:6\n',
  );
  let stdout = '';
  let stderr = '';
  const io = { stdout: (s: string) => (stdout += s), stderr: (s: string) => (stderr += s), env: {}, cwd: dir };
  const code = await main(['audit', '--fix-override', '-o', 'compose.hardening.yaml'], io);
  t.equal(code, 0);
  t.equal(stdout, '');
  t.match(
    stderr,
    /nothing written for default: fix withheld: it would show a secret; compose\.hardening\.yaml left as it was/,
  );
  t.notOk(existsSync(join(dir, 'compose.hardening.yaml')), 'no file written');
});

t.test("our phrase passed as a message's data is ours: a secret inside it is not masked (attack21)", async (t) => {
  // override-drops-safety filled its `{{setting}}` ('a restart policy') as the bundle's text, so
  // `API_TOKEN: restart` masked "restart policy" there, and in every message that holds the phrase
  // (the project-scope group message, the drift message): src/audit/rules/override-drops-safety.ts
  const base = 'services:\n  web:\n    image: nginx\n    restart: always\n    environment:\n      API_TOKEN: restart\n';
  const reset = everyAnswer({
    'compose.yaml': base,
    'compose.prod.yaml': 'services:\n  web:\n    restart: !reset null\n',
  });
  const no = everyAnswer({ 'compose.yaml': base, 'compose.prod.yaml': 'services:\n  web:\n    restart: "no"\n' });
  t.same(where([...reset, ...no], /\*{8} polic/), [], 'no "******** policy" anywhere');
  const said = (answers: [string, string][], pattern: RegExp) => answers.some(([, body]) => pattern.test(body));
  t.ok(said(reset, /a restart policy that compose\.yaml sets for service/), 'override-drops-safety');
  t.ok(said(reset, /none of the 1 services have a restart policy/), 'the project-scope group message');
  t.ok(said(no, /has a restart policy in development/), 'drift-restart-policy-removed');
  t.same(where([...reset, ...no], /API_TOKEN\W{1,6}restart/), [], 'the value is masked');
});

t.test("the drift messages are our words around the bundle's (attack21)", async (t) => {
  // development sets the restart policy in its override, production in no file: no finding but
  // drift's holds "a restart policy" (override-drops-safety does not run on it)
  const answers = everyAnswer({
    'compose.yaml': 'services:\n  web:\n    image: nginx\n    environment:\n      API_TOKEN: restart\n',
    'compose.override.yaml': 'services:\n  web:\n    restart: always\n',
    'compose.prod.yaml': 'services:\n  web:\n    image: nginx\n',
  });
  t.same(where(answers, /\*{8} polic/), [], 'no "******** policy" anywhere');
  t.ok(
    answers.some(([, body]) => /has a restart policy in development/.test(body)),
    'drift-restart-policy-removed',
  );
});
