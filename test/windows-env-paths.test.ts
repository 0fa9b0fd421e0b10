/**
 * What compose-go does for a Windows client: interpolation that finds a variable under its name in
 * another case (types.ConfigDetails.LookupEnv with isCaseInsensitiveEnvVars, true on Windows), and
 * Windows absolute paths (paths.IsWindowsAbs) kept as written in an included file, also on Linux.
 */
import t from 'tap';
import { loadProject } from '../src/load/project.js';
import { makeLookup } from '../src/load/context.js';
import { isWindowsAbs } from '../src/load/paths.js';

const files = {
  'compose.yaml':
    'services:\n  web:\n    image: nginx:${tag:-none}\n    environment: [tag, TAG]\n    labels: ["x=${Tag}"]\n',
};
const web = (t: Tap.Test, caseInsensitiveEnv: boolean | undefined) => {
  const p = loadProject(
    { files },
    { files: ['compose.yaml'], env: { TAG: '1.27' } },
    caseInsensitiveEnv === undefined ? {} : { caseInsensitiveEnv },
  );
  t.same(
    p.diagnostics.filter((d) => d.severity === 'error'),
    [],
  );
  return (p.model as any).services.web;
};

t.test('caseInsensitiveEnv: interpolation finds a variable whatever the case of its name', async (t) => {
  const s = web(t, true);
  t.equal(s.image, 'nginx:1.27');
  t.same({ ...s.labels }, { x: '1.27' });
  // `environment: [VAR]` reads the variable by its exact name, as compose-go's Mapping.Resolve does
  t.same({ ...s.environment }, { tag: null, TAG: '1.27' });
});

t.test('without it (Linux, the default here) names are case-sensitive', async (t) => {
  t.equal(web(t, false).image, 'nginx:none');
  if (process.platform !== 'win32') t.equal(web(t, undefined).image, 'nginx:none', 'the default follows the platform');
});

t.test('a case-insensitive lookup: the exact name first, then the first variable of another case', async (t) => {
  const lookup = makeLookup({ Env1: 'a', ENV1: 'b', Env2: 'c' }, true);
  t.equal(lookup('ENV1'), 'b');
  t.equal(lookup('env1'), 'a');
  t.equal(lookup('eNv2'), 'c');
  t.equal(lookup('Env3'), undefined);
  t.equal(makeLookup({ Env1: 'a' })('ENV1'), undefined);
});

t.test('isWindowsAbs reads drive letters, UNC and device paths as Go does', async (t) => {
  for (const p of ['C:\\', 'c:/a', '1:\\x', '\\\\host\\share\\x', '//host/share', '\\\\.\\UNC\\h\\s', '\\\\?\\c:\\x'])
    t.ok(isWindowsAbs(p), p);
  for (const p of ['', 'c:', 'c:a\\b', '\\', '\\Windows', '/', '/usr', 'a:b'.slice(0, 1), 'é:\\x'])
    t.notOk(isWindowsAbs(p), p);
});

t.test('an included bind source that is a Windows absolute path is kept as written', async (t) => {
  const p = loadProject(
    {
      files: {
        'compose.yaml': 'include: [sub/inc.yaml]\n',
        'sub/inc.yaml':
          'services:\n  s:\n    image: x\n    volumes:\n' +
          ['C:\\data', '1:\\d', '\\\\host\\share', './rel']
            .map((source, i) => `      - {type: bind, source: '${source}', target: /t${i}}\n`)
            .join(''),
      },
    },
    { files: ['compose.yaml'] },
  );
  t.same(
    p.diagnostics.filter((d) => d.severity === 'error'),
    [],
  );
  t.same(
    (p.model as any).services.s.volumes.map((v: { source: string }) => v.source),
    ['C:\\data', '1:\\d', '\\\\host\\share', './sub/rel'],
  );
});
