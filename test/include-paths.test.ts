/**
 * compose-go resolves the paths of an included model (an include always loads with ResolvePaths)
 * and of a service extended from another file (getExtendsBaseFromFile) whatever their directory,
 * with filepath.Join, which cleans them; the files of the environment keep theirs as written.
 */
import t from 'tap';
import { loadProject } from '../src/load/project.js';

// every form of a path to a file's own directory, or to a place below it, not written clean
const ROOT_PATHS = ['./:/a', '.:/b', './data/:/c', './data//x/../y:/d', '../up:/e'];

const service = (name: string, extra = '') =>
  `services:\n  ${name}:\n    image: x\n    build: ./\n${extra}    volumes: ${JSON.stringify(ROOT_PATHS)}\n`;

/** The model of compose.yaml with `files`, which must load without an error. */
function loaded(t: Tap.Test, files: Record<string, string>): Record<string, any> {
  const p = loadProject({ files }, { files: ['compose.yaml'] });
  t.same(
    p.diagnostics.filter((d) => d.severity === 'error'),
    [],
  );
  return p.model as Record<string, any>;
}

const sources = (m: Record<string, any>, name: string) =>
  (m.services[name].volumes as { source: string }[]).map((v) => v.source);

t.test('an included file of the same directory: its paths are cleaned as filepath.Join cleans them', async (t) => {
  const files = {
    'compose.yaml': `include: [same.yaml]\n${service('main')}`,
    'same.yaml': service('same', '    env_file: [./same.env]\n'),
    'same.env': 'A=1\n',
  };
  const m = loaded(t, files);
  t.same(sources(m, 'same'), ['.', '.', './data', './data/y', '../up']);
  t.equal(m.services.same.build.context, '.');
  t.same({ ...m.services.same.environment }, { A: '1' }, 'the env file was found where it was written');
  // the project's own file keeps its paths as written (compose-go would make them absolute)
  t.same(sources(m, 'main'), ['./', '.', './data/', './data//x/../y', '../up']);
  t.equal(m.services.main.build.context, './');
});

t.test('includes nested in several directories resolve to the same clean paths', async (t) => {
  const files = {
    'compose.yaml': 'include: [a/compose.yaml]\n',
    'a/compose.yaml': `include: [b/compose.yaml, same.yaml]\n${service('a')}`,
    'a/same.yaml': service('asame'),
    'a/b/compose.yaml': service('b'),
  };
  const m = loaded(t, files);
  t.same(sources(m, 'a'), ['./a', './a', './a/data', './a/data/y', './up']);
  t.same(sources(m, 'asame'), ['./a', './a', './a/data', './a/data/y', './up']);
  t.same(sources(m, 'b'), ['./a/b', './a/b', './a/b/data', './a/b/data/y', './a/up']);
  t.equal(m.services.b.build.context, './a/b');
});

t.test(
  'a service extended from another file of the same directory: paths resolved; from its own file: not',
  async (t) => {
    const files = {
      'compose.yaml': [
        'services:',
        '  web:',
        '    extends: {file: base.yaml, service: base}',
        '  local:',
        '    extends: own',
        '  own:',
        '    image: x',
        '    volumes: ["./data/:/c"]',
        '',
      ].join('\n'),
      'base.yaml': service('base'),
    };
    const m = loaded(t, files);
    t.same(sources(m, 'web'), ['.', '.', './data', './data/y', '../up']);
    t.equal(m.services.web.build.context, '.');
    t.same(sources(m, 'local'), ['./data/']);
  },
);
