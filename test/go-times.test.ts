/**
 * Timestamps go-yaml reads as time.Time (go.yaml.in/yaml/v4 rc.4 internal/libyaml/resolver.go
 * 137-143 parseTimestamp, constructor.go:761-763 into `any`) where `config` prints the raw model,
 * and the ones encoding/json refuses to marshal.
 */
import t from 'tap';
import { configIn } from './helpers/cli.js';
import { loadProject } from '../src/load/project.js';

t.test('config --no-interpolate prints every time.Time of the raw model RFC 3339', async (t) => {
  // docker compose's runConfigNoInterpolate prints LoadModel's map: processRawYaml
  // (loader/loader.go:436-512), normalize.go resolve (a value that is no nil kept) and
  // transform/canonical.go leave a time.Time as it is: go-yaml's encoder writes it
  // t.Format(time.RFC3339Nano) plain, encoding/json quoted; only Transform (the project `config`
  // prints without the option) makes a label or a variable fmt.Sprint's time.Time.String()
  const compose = [
    'x-top: 2002-12-14',
    'services:',
    '  web:',
    '    image: nginx',
    '    x-at: 2001-12-14t21:59:43.10-05:00',
    '    labels: {a: 2002-12-14, q: "2002-12-14"}',
    '    environment:',
    '      D: 2001-12-14 21:59:43.5',
    '',
  ].join('\n');
  const raw = await configIn(compose, ['--no-interpolate']);
  t.equal(raw.code, 0, raw.stderr);
  t.match(raw.stdout, '\nx-top: 2002-12-14T00:00:00Z\n');
  t.match(raw.stdout, '\n    x-at: 2001-12-14T21:59:43.1-05:00\n');
  t.match(raw.stdout, '\n      a: 2002-12-14T00:00:00Z\n');
  t.match(raw.stdout, '\n      q: "2002-12-14"\n', 'a quoted scalar is a string');
  t.match(raw.stdout, '\n      D: 2001-12-14T21:59:43.5Z\n');
  const json = await configIn(compose, ['--no-interpolate', '--format', 'json']);
  t.equal(json.code, 0, json.stderr);
  const doc = JSON.parse(json.stdout);
  t.equal(doc['x-top'], '2002-12-14T00:00:00Z');
  t.equal(doc.services.web['x-at'], '2001-12-14T21:59:43.1-05:00');
  t.same(doc.services.web.labels, { a: '2002-12-14T00:00:00Z', q: '2002-12-14' });
  t.equal(doc.services.web.environment.D, '2001-12-14T21:59:43.5Z');
  // interpolated, the project: the label is the string Transform made of it (labels.go)
  const project = await configIn(compose);
  t.match(project.stdout, '\n      a: 2002-12-14 00:00:00 +0000 UTC\n');
  t.match(project.stdout, '\n    x-at: 2001-12-14T21:59:43.1-05:00\n');
});

const load = (compose: string) => loadProject({ files: { 'compose.yaml': compose } }, { files: ['compose.yaml'] });

t.test('a time zone of 24 hours or more: json.Marshal of the model fails in the schema step', async (t) => {
  // time.Parse takes an offset hour up to 24 and minutes up to 60 (the model's reader has it so,
  // src/yaml/resolve.ts); schema.Validate (schema/schema.go:40-48) json.Marshals the model:
  // Time.MarshalJSON's appendStrictRFC3339 (Go time/format_rfc3339.go) refuses a zone whose hour,
  // as RFC 3339 prints it, is 24 or more; encoding/json's MarshalerError names the call
  const message =
    'json: error calling MarshalJSON for type time.Time: Time.MarshalJSON: timezone hour outside of range [0,23]';
  for (const zone of ['+24:00', '-24:00', '+23:60', '+24:60']) {
    const r = load(`services:\n  web:\n    image: nginx\n    x-at: 2001-12-14T21:59:43${zone}\n`);
    t.equal(r.model, undefined, zone);
    t.match(r.diagnostics, [
      { code: 'schema-invalid', line: 4, column: 11, path: 'services.web.x-at', composeMessage: message },
    ]);
    t.equal(r.diagnostics.length, 1);
  }
  // in a label too (the model is marshalled before Transform), and in encoding/json's order:
  // `labels` sorts before `x-at`
  const label = load(
    'services:\n  web:\n    image: nginx\n    x-at: 2001-12-14T21:59:43+24:00\n    labels: {a: 2001-12-14T00:00:00-24:00}\n',
  );
  t.match(label.diagnostics, [{ line: 5, path: 'services.web.labels.a', composeMessage: message }]);
  t.equal(label.diagnostics.length, 1);
  // ±23:59 is a zone RFC 3339 prints; +24:61 is no time (time.Parse refuses it): a string
  for (const zone of ['+23:59', '+24:61']) {
    const ok = await configIn(`services:\n  web:\n    image: nginx\n    x-at: 2001-12-14T21:59:43${zone}\n`);
    t.equal(ok.code, 0, ok.stderr);
    t.match(ok.stdout, `\n    x-at: 2001-12-14T21:59:43${zone}\n`);
  }
  // a NaN still fails first where it sorts first
  const nan = load('services:\n  web:\n    image: nginx\n    cpu_shares: .nan\n    x-at: 2001-12-14T21:59:43+24:00\n');
  t.match(nan.diagnostics, [{ composeMessage: 'json: unsupported value: NaN' }]);
});
