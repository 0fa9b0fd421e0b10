/**
 * Only a real comment suppresses a finding: the marker's words inside a quoted value or on a line of
 * a block scalar's text are the value (yaml's lexer reads them as a scalar's text, not a comment).
 */
import t from 'tap';
import { auditBundle } from '../src/usecases/index.js';

const audit = (files: Record<string, string>) => auditBundle({ files }).json;

t.test('the marker inside a quoted value does not suppress the finding on its line', async (t) => {
  for (const q of ['"', "'"]) {
    const json = audit({
      'compose.yaml': `services:\n  db:\n    image: postgres:16\n    environment:\n      POSTGRES_PASSWORD: ${q}Xk29vQ7pLm3 # compose-review-ignore all${q}\n`,
    });
    t.same(json.suppressed, [], `quoted with ${q}`);
    t.ok(json.findings.some((f) => f.rule === 'secret-in-environment' && f.line === 5));
  }
});

t.test('a line of a block scalar reading like the marker does not suppress the next line', async (t) => {
  const json = audit({
    'compose.yaml':
      'services:\n  web:\n    image: nginx:1.25\n    command: |\n      echo hi\n      # compose-review-ignore privileged not a comment\n    privileged: true\n',
  });
  t.same(json.suppressed, []);
  t.ok(json.findings.some((f) => f.rule === 'privileged' && f.line === 7));
});

t.test('real comments still suppress: on the line, alone on the line above, in a flow collection', async (t) => {
  const json = audit({
    'compose.yaml':
      'services:\n  web:\n    image: nginx:1.25\n    command: |\n      echo hi\n    # compose-review-ignore privileged legacy driver\n    privileged: true\n' +
      '    environment:\n      POSTGRES_PASSWORD: "Xk29vQ7pLm3" # compose-review-ignore secret-in-environment rotated\n' +
      '    cap_add: [ALL, # compose-review-ignore cap-add-dangerous needed\n      ]\n',
  });
  const by = json.suppressed.map((f) => [f.rule, f.line, f.suppressed?.reason]);
  t.same(
    by.filter(([r]) => ['privileged', 'secret-in-environment', 'cap-add-dangerous'].includes(String(r))),
    [
      ['privileged', 7, 'legacy driver'],
      ['secret-in-environment', 9, 'rotated'],
      ['cap-add-dangerous', 10, 'needed'],
    ],
  );
});

t.test('a comment after code on the line above does not suppress the next line', async (t) => {
  const json = audit({
    'compose.yaml':
      'services:\n  web:\n    image: nginx:1.25 # compose-review-ignore privileged\n    privileged: true\n',
  });
  t.notOk(json.suppressed.some((f) => f.rule === 'privileged'));
});

t.test("an env file's comments are dotenv's: a quoted value holding the marker suppresses nothing", async (t) => {
  const files = (line: string) => ({
    'compose.yaml': 'services:\n  db:\n    image: postgres:16\n    env_file: [db.env]\n',
    'db.env': `${line}\n`,
  });
  const quoted = audit(files('POSTGRES_PASSWORD="Xk29vQ7pLm3 # compose-review-ignore all"'));
  t.notOk(quoted.suppressed.some((f) => f.file === 'db.env'));
  t.ok(
    quoted.findings.some((f) => f.file === 'db.env'),
    'the secret in the env file is found',
  );
  // compose-go dotenv/parser.go:155-158: on an unquoted line, what follows " #" is a comment
  const unquoted = audit(files('POSTGRES_PASSWORD=Xk29vQ7pLm3 # compose-review-ignore all rotated'));
  t.ok(unquoted.suppressed.some((f) => f.file === 'db.env' && f.suppressed?.reason === 'rotated'));
  // after a closing quote the rest of the line is a comment (dotenv/godotenv_test.go:387, `FOO="bar#baz"
  // # comment`), and `NAME: value` is a declaration too (parser.go locateKeyName); found by a review
  for (const line of [
    'POSTGRES_PASSWORD="Xk29vQ7pLm3" # compose-review-ignore all rotated',
    "POSTGRES_PASSWORD='Xk29vQ7pLm3' # compose-review-ignore all rotated",
    'POSTGRES_PASSWORD="Xk2\\"9vQ7pLm3" # compose-review-ignore all rotated',
    'POSTGRES_PASSWORD: Xk29vQ7pLm3 # compose-review-ignore all rotated',
  ]) {
    const r = audit(files(line));
    t.ok(
      r.suppressed.some((f) => f.file === 'db.env' && f.suppressed?.reason === 'rotated'),
      `${line}: suppressed by its comment`,
    );
  }
  // a line inside a quoted value that runs over lines is the value's, not a comment of ours
  const multi = audit(
    files('OTHER="a\n# compose-review-ignore secret-in-environment x"\nPOSTGRES_PASSWORD=Xk29vQ7pLm3'),
  );
  t.notOk(
    multi.suppressed.some((f) => f.file === 'db.env'),
    'the marker inside a value suppresses nothing',
  );
});

t.test('the comments are read once per file: linear in the services suppressed', async (t) => {
  const { growth, GROWTH_LIMIT } = await import('./helpers/growth.js');
  const files = (n: number) => ({
    'compose.yaml': `services:\n${Array.from(
      { length: n },
      (_, i) =>
        `  s${i}:\n    image: nginx:1.25\n    # compose-review-ignore privileged legacy ${i}\n    privileged: true\n    labels: {a: "x # compose-review-ignore all"}\n`,
    ).join('')}`,
  });
  const small = files(500);
  const large = files(2000);
  t.equal(audit(large).suppressed.filter((f) => f.rule === 'privileged').length, 2000);
  const g = growth(
    () => audit(small),
    () => audit(large),
  );
  t.ok(g.ratio <= GROWTH_LIMIT, `${g.small.toFixed(1)} ms, 4x: ${g.large.toFixed(1)} ms, ${g.ratio.toFixed(1)}x`);
});
