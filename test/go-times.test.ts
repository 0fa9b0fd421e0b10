/**
 * Timestamps go-yaml reads as time.Time (go.yaml.in/yaml/v4 rc.4 internal/libyaml/resolver.go
 * 137-143 parseTimestamp, constructor.go:761-763 into `any`) where `config` prints the raw model.
 */
import t from 'tap';
import { configIn } from './helpers/cli.js';

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
