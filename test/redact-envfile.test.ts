// An env file read as compose-go's dotenv parser reads it (dotenv/parser.go): after a quoted value's
// closing quote it reads on, so `B='y' API_TOKEN=x` sets API_TOKEN too, and the source lines a report
// quotes mask that value as they mask the first one's (src/redact/source.ts envEntries).
import t from 'tap';
import { Masker } from '../src/redact/mask.js';
import { envEntries, envRanges } from '../src/redact/source.js';
import { FINDING_FORMATS } from '../src/report/render.js';
import { REVIEW_FORMATS } from '../src/usecases/review.js';
import { runTask, type Task } from '../src/usecases/task.js';
import { parseDotenv } from '../src/interpolate/dotenv.js';
import { growth } from './helpers/growth.js';

t.test('the statements of an env file are the ones the dotenv parser sets', async (t) => {
  const texts = [
    `B='y' API_TOKEN=tk12\nC=1\n`,
    `A="x" DB_PASSWORD="p w"  E='z'\t F=unquoted 'rest' # comment\n`,
    `A="x"B=1 # c\nexport  K = "multi\nline" L=2\n`,
    `A='x' # B=2\n  M="e\\"scaped" N=\r\n`,
  ];
  for (const text of texts) {
    const parsed = parseDotenv(text);
    const read: Record<string, string> = {};
    envEntries(text, (e) => (read[e.name] = e.decoded.value));
    t.same(read, parsed, JSON.stringify(text));
  }
});

t.test('a secret set by a second statement of an env-file line is masked', async (t) => {
  const line = `B='y' API_TOKEN=tk12 two\n`;
  t.same(envRanges(line, new Masker([])), [line.indexOf('tk12'), line.indexOf('\n')], 'the second value, whole');
  // values too short for the masker to find anywhere: masked where they stand under their name
  const files = {
    'compose.yaml': 'services:\n  web:\n    image: nginx\n    env_file: app.env\n',
    'app.env': "B='y' API_TOKEN=Qz9k\nC=\"z\"  SECRET_KEY='Wv3x'   # a comment\n",
  };
  const shown = (body: string): string[] => ['Qz9k', 'Wv3x'].filter((v) => body.includes(v));
  for (const [question, formats] of [
    ['validate', ['text', 'json']],
    ['audit', FINDING_FORMATS],
    ['review', REVIEW_FORMATS],
  ] as const)
    for (const format of formats) {
      const body = String(runTask({ question, input: { files }, options: { format } } as Task).body);
      t.same(shown(body), [], `${question} ${format}`);
    }
  const text = String(runTask({ question: 'audit', input: { files }, options: { format: 'text' } } as Task).body);
  t.match(text, /^ {2}B='y' API_TOKEN=\*{8}$/m, 'the line quoted, its second value masked');
});

t.test('reading the statements of a line costs time linear in it', async (t) => {
  const line = (n: number): string => `${"A='x' ".repeat(n)}\n${'B="y"C=1'.repeat(n)}\n`;
  const g = growth(
    () => envEntries(line(10_000), () => {}),
    () => envEntries(line(40_000), () => {}),
  );
  t.ok(g.ratio <= 8, `n: ${g.small.toFixed(1)} ms, 4n: ${g.large.toFixed(1)} ms, ${g.ratio.toFixed(1)}x`);
});
