/**
 * `config` output printed as docker compose prints it: JSON through json.MarshalIndent in both
 * modes, floats as go-yaml's and encoding/json's encoders write them.
 */
import t from 'tap';
import { configIn as config } from './helpers/cli.js';

t.test(
  'JSON escapes <, > and & in both modes: json.MarshalIndent (docker/compose cmd/compose/config.go formatModel; compose-go types/project.go MarshalJSON)',
  async (t) => {
    const compose = 'services:\n  web:\n    image: x\n    labels: {a: "<b> & \u2028"}\nx-h: "<&>"\n';
    for (const args of [[], ['--no-interpolate']]) {
      const out = await config(compose, [...args, '--format', 'json']);
      t.equal(out.code, 0, out.stderr);
      // U+2028 is a line break to go-yaml's scanner: the space before it is dropped (scanner.go
      // scanFlowScalar: whitespaces reset at the first break), the break kept as written (readLine)
      t.match(out.stdout, '"a": "\\u003cb\\u003e \\u0026\\u2028"', args.join(' '));
      t.match(out.stdout, '"x-h": "\\u003c\\u0026\\u003e"', args.join(' '));
      t.notMatch(out.stdout, /[<>&]/);
    }
  },
);

t.test(
  'floats as go-yaml and encoding/json print them (representer.go floatv; encoding/json floatEncoder)',
  async (t) => {
    const compose = [
      'x-f: 1e6',
      'x-g: [1.5e-7, 2.0, 1e21, 123456.7, 1234567.0, 1000000, 1e-5, -2.5e6]',
      'x-a: &f 3e6',
      'x-b: *f',
      'services:',
      '  web:',
      '    image: x',
      '    cpus: 0.123456789',
      '    cpu_percent: 50',
      '    environment: {A: 1e6, B: 1.5e-7, C: 2000000}',
      '    deploy:',
      '      resources:',
      '        limits:',
      '          cpus: 0.123456789',
      '      update_config:',
      '        max_failure_ratio: 1.5e-7',
      '',
    ].join('\n');
    const yaml = await config(compose);
    t.equal(yaml.code, 0, yaml.stderr);
    // strconv.FormatFloat(f, 'g', -1, 32) of compose-go's float32 fields (types.go CPUS, CPUPercent,
    // MaxFailureRatio; cpus.go NanoCPUs), 64 bits for the float64 of an `x-*` value
    t.match(yaml.stdout, '    cpus: 0.12345679\n');
    t.match(yaml.stdout, '          cpus: 0.12345679\n');
    t.match(yaml.stdout, '        max_failure_ratio: 1.5e-07\n');
    t.match(yaml.stdout, '    cpu_percent: 50\n');
    t.match(yaml.stdout, 'x-f: 1e+06\n');
    t.match(yaml.stdout, 'x-a: 3e+06\nx-b: 3e+06\n');
    t.match(
      yaml.stdout,
      'x-g:\n  - 1.5e-07\n  - 2\n  - 1e+21\n  - 123456.7\n  - 1.234567e+06\n  - 1000000\n  - 1e-05\n  - -2.5e+06\n',
    );
    // environment values: fmt.Sprint of the float64 (types/mapping.go), of the int
    t.match(yaml.stdout, '      A: "1e+06"\n      B: "1.5e-07"\n      C: "2000000"\n');
    // encoding/json: 'f' from 1e-6 to 1e21, the float32's shortest digits
    const json = await config(compose, ['--format', 'json']);
    t.equal(json.code, 0, json.stderr);
    t.match(json.stdout, '"cpus": 0.12345679,');
    t.match(json.stdout, '"max_failure_ratio": 1.5e-7');
    t.match(json.stdout, '"x-f": 1000000,');
    t.match(
      json.stdout,
      /"x-g": \[\n\s+1\.5e-7,\n\s+2,\n\s+1e\+21,\n\s+123456\.7,\n\s+1234567,\n\s+1000000,\n\s+0\.00001,\n\s+-2500000\n/,
    );
    // --no-interpolate: a map[string]any, every float a float64 (yaml.v3's encoder: the same floatv)
    const raw = await config(compose, ['--no-interpolate']);
    t.equal(raw.code, 0, raw.stderr);
    t.match(raw.stdout, '    cpus: 0.123456789\n');
    t.match(raw.stdout, 'max_failure_ratio: 1.5e-07\n');
    t.match(raw.stdout, 'x-f: 1e+06\n');
    t.match(raw.stdout, '  - 1.234567e+06\n  - 1000000\n');
  },
);

t.test(
  'ports past 2^53: go-yaml types them int, uint64 or float64 (resolve.go), and transformPorts says so (transform/ports.go)',
  async (t) => {
    const port = async (p: string) => (await config(`services:\n  web:\n    image: x\n    ports: [${p}]\n`)).stderr;
    // an int64: types.ParsePortConfig(fmt.Sprint(value)), its digits
    t.match(await port('123456789012345678'), 'Invalid containerPort: 123456789012345678');
    // past int64: a uint64; past uint64: a float64 (the `default: return data, fmt.Errorf(...)` case)
    t.match(await port('18446744073709551615'), 'services.web.ports: invalid type uint64 for port');
    t.match(await port('99999999999999999999'), 'services.web.ports: invalid type float64 for port');
  },
);

t.test(
  'a timestamp under an x- key is the time.Time go-yaml decoded, printed RFC 3339 (representer.go timev, Time.MarshalJSON)',
  async (t) => {
    // go.yaml.in/yaml/v4 rc.4 internal/libyaml/resolver.go 195-231: plain `2002-12-14` and the other
    // layouts (and `!!timestamp`) decode into a time.Time; compose-go keeps it in Extensions (`any`),
    // and `docker compose config` marshals it: go-yaml writes t.Format(time.RFC3339Nano) plain
    // (representer.go 524-528), encoding/json the same text quoted. In a string map it is fmt.Sprint's
    // time.Time.String() (labels.go labelValue).
    const compose = [
      'x-top: 2002-12-14',
      'x-anchor: &t 2001-12-14t21:59:43.10-05:00',
      'x-alias: *t',
      'x-tagged: !!timestamp 2001-12-14',
      'x-quoted: "2002-12-14"',
      'x-flow: {at: 2001-12-14 21:59:43.123456789, zero: 2001-12-14T02:59:43+00:00}',
      'services:',
      '  web:',
      '    image: nginx',
      '    x-list: [2002-12-14, a]',
      '    labels: {a: 2002-12-14}',
      '    deploy:',
      '      x-d:',
      '        - 2002-12-14',
      '',
    ].join('\n');
    for (const args of [[], ['--no-redact']]) {
      const yaml = await config(compose, args);
      t.equal(yaml.code, 0, yaml.stderr);
      t.match(yaml.stdout, '\nx-top: 2002-12-14T00:00:00Z\n', args.join(' '));
      t.match(yaml.stdout, '\nx-anchor: 2001-12-14T21:59:43.1-05:00\n');
      t.match(yaml.stdout, '\nx-alias: 2001-12-14T21:59:43.1-05:00\n');
      t.match(yaml.stdout, '\nx-tagged: 2001-12-14T00:00:00Z\n');
      t.match(yaml.stdout, '\nx-quoted: "2002-12-14"\n', 'a quoted scalar is a string');
      t.match(yaml.stdout, '\n  at: 2001-12-14T21:59:43.123456789Z\n  zero: 2001-12-14T02:59:43Z\n');
      t.match(yaml.stdout, '\n    x-list:\n      - 2002-12-14T00:00:00Z\n      - a\n');
      t.match(yaml.stdout, '\n      x-d:\n        - 2002-12-14T00:00:00Z\n');
      t.match(yaml.stdout, '\n      a: 2002-12-14 00:00:00 +0000 UTC\n', 'a label is fmt.Sprint of the time');
    }
    const json = await config(compose, ['--format', 'json']);
    t.equal(json.code, 0, json.stderr);
    const doc = JSON.parse(json.stdout);
    t.equal(doc['x-top'], '2002-12-14T00:00:00Z');
    t.equal(doc['x-anchor'], '2001-12-14T21:59:43.1-05:00');
    t.same(doc['x-flow'], { at: '2001-12-14T21:59:43.123456789Z', zero: '2001-12-14T02:59:43Z' });
    t.equal(doc.services.web.labels.a, '2002-12-14 00:00:00 +0000 UTC');
    // files the fast reader (src/yaml/fast.ts, fast-flow.ts) would read itself: it leaves a file with
    // a timestamp to the whole way
    const texts: [string, string][] = [
      ['x-top: 2002-12-14\n', '\nx-top: 2002-12-14T00:00:00Z\n'],
      ['x-f: {a: 2002-12-14}\n', '\nx-f:\n  a: 2002-12-14T00:00:00Z\n'],
      ['x-l:\n  - 2002-12-14\n', '\nx-l:\n  - 2002-12-14T00:00:00Z\n'],
    ];
    for (const [text, printed] of texts) {
      const out = await config(`${text}services:\n  web:\n    image: nginx\n`);
      t.match(out.stdout, printed, text);
    }
  },
);

t.test(
  'a !!binary value that is not UTF-8: go-yaml writes it !!binary again, encoding/json U+FFFD a byte',
  async (t) => {
    // go.yaml.in/yaml/v4 rc.4 constructor.go:699-709: the base64's bytes are the string, any bytes;
    // representer.go stringv 465-475: a string that is not UTF-8 is written `!!binary`, base64 in
    // lines of 70 (resolver.go encodeBase64), a literal block when it holds a line feed; encoding/json
    // (encode.go appendString) writes `\ufffd` for each byte that starts no UTF-8 sequence
    const long = Buffer.alloc(80, 0xff).toString('base64');
    const compose = [
      `x-top: !!binary /w==`,
      `x-long: !!binary ${long}`,
      'services:',
      '  web:',
      '    image: nginx',
      '    labels:',
      '      b: !!binary gA==', // 0x80
      '      t: !!binary 4oKs4oI=', // € and a sequence cut short: E2 82
      '      ok: !!binary aGVsbG8=',
      '      q: "\\\\udc80"', // the text `\udc80`: no byte of it
      '',
    ].join('\n');
    for (const args of [[], ['--no-interpolate']]) {
      const yaml = await config(compose, args);
      t.equal(yaml.code, 0, yaml.stderr);
      t.match(yaml.stdout, '\n      b: !!binary gA==\n', args.join(' '));
      t.match(yaml.stdout, '\n      t: !!binary 4oKs4oI=\n');
      t.match(yaml.stdout, '\n      ok: hello\n');
      t.match(yaml.stdout, '\nx-top: !!binary /w==\n');
      t.match(yaml.stdout, `\nx-long: !!binary |\n  ${long.slice(0, 70)}\n  ${long.slice(70)}\n`);
      const json = await config(compose, [...args, '--format', 'json']);
      t.equal(json.code, 0, json.stderr);
      t.match(json.stdout, '"b": "\\ufffd"', args.join(' '));
      t.match(json.stdout, '"t": "€\\ufffd\\ufffd"');
      t.match(json.stdout, '"q": "\\\\udc80"');
      t.match(json.stdout, '"x-top": "\\ufffd"');
    }
  },
);
