/**
 * A message that quotes a PIECE of a value: compose-go's decoders refuse a byte size
 * (compose-go types/bytes.go:45-49, strconv.ParseInt then go-units RAMInBytes, whose parseSize
 * returns strconv's error for the number part and `invalid suffix: '<sfx>'` for the rest) or a
 * duration (types/duration.go:36, go-str2duration's `time: unknown unit "<unit>" in duration "<v>"`),
 * a port (nat.ParsePortSpec: `Invalid ip address: <ip>`, `Invalid proto: <proto>`) or an extra host
 * (`bad host name '<host>'`), or a command line Compose cuts (`drops ";word!x9Q"`), with a piece cut
 * from the value. Where that value holds a secret, no
 * masking by value finds the piece (`Secret!Value` of `12Secret!Value`, `Pa` of `2Pa55word!x9Q`),
 * so the piece is masked whole (src/diagnostics.ts quoting, src/redact/collector.ts masker), and
 * Go's message is otherwise as it was.
 */
import t from 'tap';
import { everyAnswer } from './helpers/answers.js';
import { quotedParts } from '../src/diagnostics.js';
import { ramInBytes } from '../src/compat/go-units.js';
import { parseGoDuration, parseStr2Duration } from '../src/compat/go-duration.js';
import { decodeUnitBytes } from '../src/compat/go-decode.js';
import { portSpecFailure } from '../src/validate/syntax.js';
import { loadBundle } from '../src/load/bundle.js';
import { maskerOf } from '../src/redact/secrets.js';

const compose = (secret: string, field: string) =>
  `services:\n  web:\n    image: nginx:1.27\n    environment:\n      DB_PASSWORD: ${JSON.stringify(secret)}\n    ${field}\n`;

/** [the secret, the field that holds it (or a value holding it), the pieces a message quoted in clear, the message as masked] */
const CASES: [string, string, string[], string][] = [
  ['12Secret!Value', 'mem_limit: "12Secret!Value"', ["'Secret!Value'", 'Secret!Val'], "invalid suffix: '********'"],
  ['12Secret!Value', 'shm_size: "12Secret!Value"', ["'Secret!Value'"], "invalid suffix: '********'"],
  ['5hSecret!Val9q', 'mem_reservation: "5hSecret!Val9q"', ['"5hSecret!Val9"', 'hSecret!Val9'], 'parsing "********"'],
  ['Pa55word!x9Q', 'memswap_limit: "Pa55word!x9Q"', ['"Pa55word!x9"'], 'parsing "********"'],
  ['12Secret!Value', 'stop_grace_period: "12Secret!Value"', ['"Secret!Value"'], 'unknown unit "********"'],
  [
    '12Secret!Value',
    'healthcheck: {test: [CMD, x], interval: "12Secret!Value"}',
    ['"Secret!Value"'],
    'unknown unit "********"',
  ],
  // the value holds the secret (interpolated): the piece is cut across it
  ['Pa55word!x9Q', 'mem_limit: "1${DB_PASSWORD}"', ['1Pa55word!x9'], 'parsing "********"'],
  ['Pa55word!x9Q', 'stop_grace_period: "2${DB_PASSWORD}"', ['"Pa"'], 'unknown unit "********"'],
  // a command line Compose cuts at a shell operator: the piece it drops (src/load/shape.ts command-cut)
  ['Pa55;word!x9Q', 'command: "mysql -u root -p${DB_PASSWORD}"', ['word!x9Q'], 'drops "********"'],
  // ports and extra hosts cut the value at `:` and `=`
  ['Pa55:word!x9Q', 'ports: ["${DB_PASSWORD}:80"]', ['Pa55'], 'Invalid ip address: ********'],
  ['a:b=Pa55word!x9Q', 'extra_hosts: ["${DB_PASSWORD}=1.2.3.4"]', ["'a:b'"], "bad host name '********'"],
];

t.test('no answer shows a piece of a secret that a Go message quotes', async (t) => {
  for (const [secret, field, pieces, masked] of CASES) {
    const answers = everyAnswer({
      'compose.yaml': compose(secret, field),
      '.env': `DB_PASSWORD=${JSON.stringify(secret)}\n`,
    });
    t.ok(answers.length > 20, `${answers.length} answers`);
    const shown = answers.filter(([, body]) => pieces.some((p) => body.includes(p))).map(([ask]) => ask);
    t.same(shown, [], `${field}: ${pieces.join(', ')} in no answer`);
    t.ok(
      answers.some(([, body]) => body.includes(masked)),
      `the message is shown: ${masked}`,
    );
  }
});

t.test('the piece is masked whole, the message is Go message otherwise', async (t) => {
  const loaded = (secret: string, field: string) => {
    const result = loadBundle({ files: { 'compose.yaml': compose(secret, field) } });
    const d = result.allDiagnostics.find((x) => x.severity === 'error');
    return { d: d!, masked: maskerOf(result).deep(d!) };
  };
  let { d, masked } = loaded('12Secret!Value', 'mem_limit: "12Secret!Value"');
  t.equal(d.composeMessage, "'services[web].mem_limit' invalid suffix: 'Secret!Value'", 'compose-go message as it was');
  t.equal(masked.composeMessage, "'services[web].mem_limit' invalid suffix: '********'");
  t.equal(masked.message, 'mem_limit "********" is not a byte size: invalid suffix: \'********\'');
  ({ d, masked } = loaded('Pa55word!x9Q', 'stop_grace_period: "2Pa55word!x9Q"'));
  t.equal(
    masked.message,
    'stop_grace_period "2********" is not a duration: time: unknown unit "********" in duration "2********"',
  );
  // a value that holds no secret: its pieces are shown (the same message, another value)
  ({ d, masked } = loaded('Pa55word!x9Q', 'stop_grace_period: "2Px"'));
  t.equal(masked.message, 'stop_grace_period "2Px" is not a duration: time: unknown unit "Px" in duration "2Px"');
  // a piece beside the secret shows none of it: the ports stay readable
  ({ d, masked } = loaded('Pa55word!x9Q', 'ports: ["8080-8082:80-81/xPa55word!x9Q"]'));
  t.equal(masked.message, 'Invalid ranges specified for container and host Ports: 80-81 and 8080-8082');
  ({ d, masked } = loaded('Pa55word!x9Q', 'mem_limit: "12Zzqx"'));
  t.equal(masked.message, 'mem_limit "12Zzqx" is not a byte size: invalid suffix: \'Zzqx\'');
});

t.test('each Go error records the pieces of the value it quotes', async (t) => {
  const parts = (f: () => unknown) => {
    try {
      f();
    } catch (e) {
      return [(e as Error).message, quotedParts(e)];
    }
    return [];
  };
  // go-units size.go parseSize: `badSuffix: fmt.Errorf("invalid suffix: '%s'", sfx)` after strings.ToLower
  t.same(
    parts(() => ramInBytes('12Zzq')),
    ["invalid suffix: 'zzq'", [{ part: 'zzq', of: '12Zzq' }]],
  );
  t.same(
    parts(() => ramInBytes('12Secret!Value')),
    ["invalid suffix: 'Secret!Value'", [{ part: 'Secret!Value', of: '12Secret!Value' }]],
  );
  // the number part's strconv error, returned as it is
  t.same(
    parts(() => decodeUnitBytes('Pa55word!x9Q')),
    ['strconv.ParseFloat: parsing "Pa55word!x9": invalid syntax', [{ part: 'Pa55word!x9', of: 'Pa55word!x9Q' }]],
  );
  t.same(
    parts(() => ramInBytes('abc')),
    ["invalid size: 'abc'", []],
    'the whole value: no piece',
  );
  // time.ParseDuration: errors.New("time: unknown unit " + quote(u) + " in duration " + quote(orig))
  for (const parse of [parseGoDuration, parseStr2Duration])
    t.same(
      parts(() => parse('2Pa55')),
      ['time: unknown unit "Pa" in duration "2Pa55"', [{ part: 'Pa', of: '2Pa55' }]],
    );
  t.same(
    parts(() => parseGoDuration('soon')),
    ['time: invalid duration "soon"', []],
  );
  const port = (spec: string) => {
    const e = portSpecFailure(spec);
    return e && [e.message, quotedParts(e)];
  };
  t.same(port('Pa55:word:80'), ['Invalid ip address: Pa55', [{ part: 'Pa55', of: 'Pa55:word:80' }]]);
  t.same(port('80:81/Udpx'), ['Invalid proto: Udpx', [{ part: 'Udpx', of: '80:81/Udpx' }]]);
  t.same(port('80x'), ['Invalid containerPort: 80x', []], 'the whole spec: no piece');
});
