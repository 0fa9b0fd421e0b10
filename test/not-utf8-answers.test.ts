/**
 * A value Go holds as bytes that are not UTF-8 (a `!!binary`: go.yaml.in/yaml/v4 constructor.go:699-709
 * takes the base64's bytes as the string, any bytes) is a lone surrogate U+DC80 + byte here
 * (src/utf8.ts). No answer holds one, nor its JSON escape `\udcXX` (strict JSON parsers and
 * UTF-8 encoders refuse them): JSON has `\ufffd` for each byte, as encoding/json writes it (encode.go
 * appendString: `utf8.RuneError && size == 1`), text U+FFFD, YAML `!!binary` base64 as go-yaml
 * writes it (representer.go stringv 465-475).
 */
import t from 'tap';
import { join } from 'node:path';
import { writeFileSync } from 'node:fs';
import { everyAnswer } from './helpers/answers.js';
import { tempDir } from './helpers/temp.js';
import { main } from '../src/cli/main.js';
import { runTask } from '../src/usecases/task.js';
import { goJsonText, goText, wellFormed } from '../src/utf8.js';

/** A lone surrogate, or its escape with any number of backslashes before it (no input has the text `\udc`). */
const LONE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]|\\u[dD][89a-fA-F][0-9a-fA-F]{2}/;

const long = Buffer.alloc(80, 0xff).toString('base64');
const bundles: Record<string, string>[] = [
  {
    'compose.yaml':
      'x-b: !!binary /w==\nservices:\n  web:\n    image: nginx:1.27\n    labels:\n      a: !!binary 3q2+7w==\n',
  },
  { 'compose.yaml': 'services:\n  web:\n    image: !!binary bmdpbng6/w==\n' },
  { 'compose.yaml': 'services:\n  web:\n    image: nginx:1.27\n    environment:\n      !!binary 3q2+7w==: x\n' },
  { 'compose.yaml': 'services:\n  !!binary 3q2+7w==:\n    image: nginx:1.27\n' },
  { 'compose.yaml': 'services:\n  web:\n    image: nginx:1.27\n    command: !!binary wA==\n' },
  { 'compose.yaml': 'services:\n  web:\n    image: nginx:1.27\n    ports: [!!binary wA==]\n' },
  { 'compose.yaml': 'services:\n  web:\n    image: nginx\n    extends: {service: !!binary wA==}\n' },
  { 'compose.yaml': `services:\n  web:\n    image: nginx\n    !!binary wA==: 1\n    labels: {a: !!binary ${long}}\n` },
  {
    'compose.yaml':
      'services:\n  web:\n    image: nginx:1\n    environment: [!!binary wA==]\n    restart: !!binary wA==\n',
    'compose.override.yaml': 'services:\n  web:\n    ports: ["80:80"]\n    image: !!binary wA==\n',
  },
];

t.test('no answer holds a lone surrogate or its escape', async (t) => {
  for (const files of bundles) {
    const found: string[] = [];
    const answers = everyAnswer(files);
    for (const [ask, body] of answers) {
      const m = LONE.exec(body);
      if (m) found.push(`${ask}: …${JSON.stringify(body.slice(Math.max(0, m.index - 40), m.index + 10))}`);
    }
    t.same(found, [], `${JSON.stringify(files['compose.yaml'])} (${answers.length} answers)`);
  }
});

t.test('the service JSON config answer: \\ufffd a byte, as encoding/json writes it', async (t) => {
  const input = { files: bundles[0] };
  const body = runTask({ question: 'config', input, options: { format: 'json' } }).body;
  t.match(body, '"x-b":"\\ufffd"');
  t.match(body, '"a":"ޭ\\ufffd\\ufffd"'); // DE AD is U+07AD, BE and EF two bytes that start nothing
  t.notMatch(JSON.stringify(JSON.parse(body)), LONE, 'a strict parser reads it back as well-formed text');
});

t.test('the review config preview writes !!binary as go-yaml does', async (t) => {
  const files = {
    'compose.yaml': `x-y:\n  !!binary wA==: 1\nservices:\n  web:\n    image: nginx\n    labels: {a: !!binary ${long}}\n`,
  };
  const input = { files: { ...bundles[0] } };
  for (const format of ['markdown', 'json'] as const) {
    const body = runTask({ question: 'review', input, options: { format } }).body;
    const text = format === 'json' ? body.replace(/\\n/g, '\n') : body;
    t.match(text, '\nx-b: !!binary /w==\n', format);
    t.match(text, '\n      a: !!binary 3q2+7w==\n', format);
  }
  // from 70 characters on, a literal block of lines of 70 (resolver.go encodeBase64); a key on one line
  const body = runTask({ question: 'review', input: { files }, options: { format: 'markdown' } }).body;
  t.match(body, `\nx-y:\n  !!binary wA==: 1\n`);
  t.match(body, `\n      a: !!binary |\n        ${long.slice(0, 70)}\n        ${long.slice(70)}\n`);
});

t.test('the command line writes JSON outputs with \\ufffd a byte, text with U+FFFD', async (t) => {
  const dir = tempDir('cr-not-utf8-');
  writeFileSync(join(dir, 'compose.yaml'), bundles[1]['compose.yaml']);
  for (const format of ['json', 'sarif', 'text']) {
    let stdout = '';
    await main(['audit', '--format', format], { stdout: (s) => (stdout += s), stderr: () => {}, env: {}, cwd: dir });
    t.match(stdout, format === 'text' ? 'nginx:\ufffd' : 'nginx:\\ufffd', format);
    t.notMatch(stdout, LONE, format);
  }
});

t.test('the passes: exact where the text holds `\\udcXX` as text, cheap where it holds no surrogate', async (t) => {
  t.equal(goJsonText(JSON.stringify('a\udcff\ud800b')), '"a\\ufffd\\ufffd\\ufffd\\ufffdb"');
  t.equal(goJsonText(JSON.stringify('\\udcff')), '"\\\\udcff"', 'the text \\udcff stays as it is');
  t.equal(goJsonText(JSON.stringify('\\\udcff')), '"\\\\\\ufffd"', 'a backslash, then the byte');
  t.equal(goJsonText(JSON.stringify('😀')), '"😀"', 'a pair is one character');
  t.equal(goText('x\udcc0\ud83d\ude00'), 'x\ufffd😀');
  t.equal(
    goText('\ud800a\udcc0\udd00'),
    '\ufffd\ufffd\ufffda\ufffd\ufffd\ufffd\ufffd',
    'three bytes a surrogate that keeps none',
  );
  t.equal(wellFormed('{"a":"\\udcc0"}', false), '{"a":"\\udcc0"}', 'escapes are JSON only');
  const big = 'x'.repeat(1 << 22);
  t.equal(wellFormed(big, true), big);
});
