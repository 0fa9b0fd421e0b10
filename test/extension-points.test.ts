/**
 * compose-go's extension points, as compose-review's options: default-value transformers
 * (RegisterDefaultValue), env_file formats (RegisterFormat), substitution and replacement functions
 * (SubstituteWith, WithReplacementFunction), and the short string of a mount (ServiceVolumeConfig.String).
 */
import t from 'tap';
import { loadProject } from '../src/load/project.js';
import { interpolate, setDefaultValues, volumeString } from '../src/index.js';
import { InvalidTemplateError } from '../src/interpolate/template.js';
import { valueLoc, type TreeObject } from '../src/yaml/located.js';
import { growth } from './helpers/growth.js';
import { makeLookup } from '../src/load/context.js';

const errors = (p: { diagnostics: { severity: string }[] }) => p.diagnostics.filter((d) => d.severity === 'error');

t.test('defaultValues: a transformer registered for a pattern replaces compose-go default there', async (t) => {
  const files = { 'compose.yaml': 'services:\n  web:\n    image: x\n    ports: [{target: 80}]\n' };
  const seen: string[] = [];
  const p = loadProject(
    { files },
    { files: ['compose.yaml'] },
    {
      defaultValues: [
        [
          'services.*.ports.*',
          (port, path) => {
            seen.push(path);
            (port as TreeObject).name = 'http';
            return port;
          },
        ],
      ],
    },
  );
  t.same(errors(p), []);
  const port = (p.model as any).services.web.ports[0];
  t.equal(port.name, 'http');
  t.same([port.mode, port.protocol], [undefined, undefined], "compose-go's own port defaults no longer run there");
  t.same(seen, ['services.web.ports.[]']);
  // without it, compose-go's defaults
  const plain = loadProject({ files }, { files: ['compose.yaml'] });
  t.match((plain.model as any).services.web.ports[0], { mode: 'ingress', protocol: 'tcp' });
});

t.test('defaultValues: a transformer that throws fails the load at the value', async (t) => {
  const files = { 'compose.yaml': 'services:\n  web:\n    image: x\n    build: .\n' };
  const p = loadProject(
    { files },
    { files: ['compose.yaml'] },
    {
      defaultValues: [
        [
          'services.*.build',
          () => {
            throw new Error('builds are not allowed here');
          },
        ],
      ],
    },
  );
  const [e] = errors(p) as any[];
  t.match(e, { message: /builds are not allowed here/, file: 'compose.yaml', line: 4 });
  // the library call, on a model of its own
  const m = setDefaultValues({ services: { s: { build: {} } } } as unknown as TreeObject, {
    defaultValues: [['services.*.build', (b) => ({ ...(b as object), context: 'ctx' })]],
  });
  t.same((m as any).services.s.build, { context: 'ctx' });
});

t.test('envFileFormats: a format of the caller; `.env` and `raw` built in; others refused', async (t) => {
  const files = (format: string) => ({
    'compose.yaml': `services:\n  web:\n    image: x\n    env_file:\n      - path: app.env\n        format: ${format}\n`,
    'app.env': 'A:1\nB\nC=3\n',
  });
  const ini = (text: string, _f: string, vars: Record<string, string>, lookup: (k: string) => string | undefined) => {
    for (const line of text.split('\n').filter(Boolean)) {
      const [k, v] = line.split(':');
      const value = v ?? lookup(k);
      if (value !== undefined) vars[k] = value;
    }
  };
  const p = loadProject(
    { files: files('colon') },
    { files: ['compose.yaml'], env: { B: 'from-env' } },
    { envFileFormats: { colon: ini } },
  );
  t.same(errors(p), []);
  // the caller's parser read the file (`.env` would have read C=3 and `A:1` alike)
  t.same({ ...(p.model as any).services.web.environment }, { A: '1', B: 'from-env' });
  t.match(valueLoc((p.model as any).services.web.environment, 'A'), { file: 'app.env', line: 1 });
  const dotenv = loadProject({ files: files('.env') }, { files: ['compose.yaml'] });
  t.match(errors(dotenv), [], '`.env` is compose-go name of its own format');
  t.equal((dotenv.model as any).services.web.environment.C, '3');
  const refused = loadProject({ files: files('dotenv') }, { files: ['compose.yaml'] });
  t.match(errors(refused), [{ code: 'env-file-format', message: 'unsupported env_file format "dotenv"', line: 6 }]);
  const failing = loadProject(
    { files: files('colon') },
    { files: ['compose.yaml'] },
    {
      envFileFormats: {
        colon: () => {
          throw new Error('no colon');
        },
      },
    },
  );
  t.match(errors(failing), [{ code: 'dotenv-syntax', message: /app\.env: no colon/ }]);
});

t.test('envFileFormats: many env files of a caller format cost linear time', async (t) => {
  const bundle = (n: number) => {
    const files: Record<string, string> = {
      'compose.yaml': `services:\n  web:\n    image: x\n    env_file:\n${Array.from(
        { length: n },
        (_, i) => `      - {path: e${i}.env, format: kv}\n`,
      ).join('')}`,
    };
    for (let i = 0; i < n; i++) files[`e${i}.env`] = `V${i}:${i}\n`;
    return files;
  };
  const kv = (text: string, _f: string, vars: Record<string, string>) => {
    const [k, v] = text.trim().split(':');
    vars[k] = v;
  };
  const load = (files: Record<string, string>) => () =>
    loadProject({ files }, { files: ['compose.yaml'] }, { envFileFormats: { kv } });
  const small = bundle(500);
  const large = bundle(2000);
  t.equal(Object.keys((load(large)().model as any).services.web.environment).length, 2000);
  const g = growth(load(small), load(large));
  t.ok(g.ratio <= 8, `${g.small.toFixed(1)} ms, 4x: ${g.large.toFixed(1)} ms, ${g.ratio.toFixed(1)}x (at most 8x)`);
});

t.test('interpolate: a substitution function of the caller (a strict mode) and a replacement function', async (t) => {
  const env = { FOO: 'first', BAR: '' };
  const strict = {
    substituteFunc: (body: string, lookup: (k: string) => string | undefined) => {
      const v = lookup(body);
      if (v === undefined) throw new InvalidTemplateError(`required variable ${body} is missing a value`);
      return v;
    },
  };
  t.equal(interpolate('ok ${FOO} $BAR', env, strict), 'ok first ');
  t.throws(() => interpolate('ok ${NOPE}', env, strict), /required variable NOPE is missing a value/);
  const upper = {
    replacement: (match: string, _l: unknown, defaults: (m: string) => { value: string; applied: boolean }) => {
      const { value, applied } = defaults(match);
      return applied ? value.toUpperCase() : '<unset>';
    },
  };
  t.equal(interpolate('${FOO} ${NOPE} $$ ${X:-d}.${FOO}', env, upper), 'FIRST <unset> $ D.FIRST');
  // the default functions keep their rules: the rest after the first balanced } is its own template
  t.equal(interpolate('${NOPE:-a}}${FOO}', env, upper), 'A}FIRST');
  t.equal(interpolate('${FOO}', env, {}), 'first');
});

t.test('defaultValues: a pattern of the caller wins over a built-in one matching the same path', async (t) => {
  const model = () => ({ services: { web: { ports: [{ target: 80 }] } } }) as unknown as TreeObject;
  const named = (p: unknown) => ({ ...(p as object), name: 'mine' });
  for (const pattern of ['services.web.ports.*', 'services.*.ports.[]']) {
    const m = setDefaultValues(model(), { defaultValues: [[pattern, named]] });
    t.same((m as any).services.web.ports[0], { target: 80, name: 'mine' }, pattern);
  }
  // a list the caller changes between calls is read again
  const list: [string, (d: any) => any][] = [];
  t.match((setDefaultValues(model(), { defaultValues: list }) as any).services.web.ports[0], { mode: 'ingress' });
  list.push(['services.*.ports.*', named]);
  t.same((setDefaultValues(model(), { defaultValues: list }) as any).services.web.ports[0].name, 'mine');
});

t.test('interpolate with hooks: invalid templates cost linear time, the nesting guard as without hooks', async (t) => {
  const hooks = { replacement: (m: string, _l: unknown, d: (m: string) => { value: string }) => d(m).value };
  const invalid = (n: number) => () => t.throws(() => interpolate('${'.repeat(n), {}, hooks));
  const g = growth(invalid(2000), invalid(8000));
  t.ok(g.ratio <= 8, `${g.small.toFixed(1)} ms, 4x: ${g.large.toFixed(1)} ms, ${g.ratio.toFixed(1)}x (at most 8x)`);
  const deep = '${A:-x}' + '${B:-'.repeat(100) + 'y' + '}'.repeat(100);
  t.equal(interpolate(deep, { A: 'a' }, hooks), interpolate(deep, { A: 'a' }));
  // FindStringSubmatch: the first match anywhere in what the replacement hands its defaults
  t.equal(interpolate('$A', { A: 'va' }, { replacement: (m, _l, d) => d(`x${m}`).value }), 'va');
});

t.test('caseInsensitiveEnv folds names as Go strings.ToLower does', async (t) => {
  t.equal(makeLookup({ İD: '1' }, true)('id'), '1', 'İ (U+0130) folds to i');
  t.equal(makeLookup({ ΟΔΟΣ: 'x' }, true)('οδοσ'), 'x', 'Σ folds to σ, final or not');
});

t.test('volumeString: the mount as docker compose hands it to the engine', async (t) => {
  t.equal(
    volumeString({
      type: 'bind',
      source: '/src',
      target: '/target',
      read_only: false,
      bind: { propagation: 'shared', selinux: 'z' },
    }),
    '/src:/target:rw,z,shared',
  );
  t.equal(
    volumeString({ type: 'volume', source: 'data', target: '/d', read_only: true, volume: { nocopy: true } }),
    'data:/d:ro,nocopy',
  );
});
