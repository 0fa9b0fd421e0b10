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

t.test("an env file's quotes are compose-go's: `\\` escapes a single quote too, a backtick is no quote", async (t) => {
  const files = (text: string) => ({
    'compose.yaml': 'services:\n  db:\n    image: postgres:16\n    env_file: [db.env]\n',
    'db.env': text,
  });
  const secret = (r: ReturnType<typeof audit>) => ({
    found: r.findings.filter((f) => f.file === 'db.env' && f.rule === 'secret-in-environment').length,
    suppressed: r.suppressed.filter((f) => f.file === 'db.env').length,
  });
  // compose-go dotenv/parser.go:164-183 (extractVarValue): a `\\` before the quote keeps the value
  // open in single quotes as in double quotes (`char != quote` ... `previousCharIsEscape`, whichever
  // the quote), so the marker is the value's: DB_PASSWORD is `Sup3r'S3cretValue9x # compose-review-…`
  t.same(
    secret(audit(files("DB_PASSWORD='Sup3r\\'S3cretValue9x # compose-review-ignore secret-in-environment'\n"))),
    { found: 1, suppressed: 0 },
    'the marker inside a single-quoted value with an escaped quote',
  );
  // the same value's marker on the line above the secret: no comment alone there either
  t.same(
    secret(
      audit(files("NOTE='it\\'s # compose-review-ignore secret-in-environment'\nDB_PASSWORD=Sup3rS3cretValue9x\n")),
    ),
    { found: 1, suppressed: 0 },
    'the marker inside the value on the line above',
  );
  // parser.go:258-268 (hasQuotePrefix): only ' and " open a quoted value; `A=\`x` is a plain value
  // that ends with its line, and the next line's double-quoted value holds its marker
  t.same(
    secret(audit(files('A=`x\nDB_PASSWORD="Sup3rS3cret`Value9x # compose-review-ignore secret-in-environment"\n'))),
    { found: 1, suppressed: 0 },
    'a backtick opens nothing',
  );
  // after the escaped quote's value closes, the rest of the line is a comment (parser.go:77-95)
  t.same(
    secret(audit(files("DB_PASSWORD='Sup3r\\'S3cretValue9x' # compose-review-ignore secret-in-environment rotated\n"))),
    { found: 0, suppressed: 1 },
    'a real comment after the closing quote',
  );
  t.same(
    secret(
      audit(files('A=`x # compose-review-ignore secret-in-environment rotated\nDB_PASSWORD=Sup3rS3cretValue9x\n')),
    ),
    { found: 1, suppressed: 0 },
    "a comment after code on the line above suppresses nothing (the backtick's line is a plain value's)",
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
