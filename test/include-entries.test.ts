/**
 * `include` entries are checked as compose-go checks them (loader/include.go loadIncludeConfig: a list
 * whose strings are `{path: s}`, decoded by mapstructure into types.IncludeConfig; ApplyInclude
 * deletes `include` before the schema sees the model): a refused entry or field is an error at its
 * place with mapstructure's phrase as composeMessage (every one of them, as mapstructure joins its
 * errors); what compose-go accepts and ignores loads, with a warning.
 */
import t from 'tap';
import { loadProject } from '../src/load/project.js';

const SUB = 'services:\n  db:\n    image: postgres\n';
const WEB = 'services:\n  web:\n    image: nginx\n';

function load(include: string, extra: Record<string, string> = {}) {
  const p = loadProject(
    { files: { 'compose.yaml': `${include}\n${WEB}`, 'sub.yaml': SUB, ...extra } },
    {
      files: ['compose.yaml'],
    },
  );
  const services = Object.keys((p.model?.services as object | undefined) ?? {});
  const diagnostics = p.diagnostics.map((d) => ({
    code: d.code,
    severity: d.severity,
    line: d.line,
    column: d.column,
    path: d.path,
    composeMessage: d.composeMessage,
  }));
  return { loaded: p.model !== undefined, services, diagnostics };
}

t.test('`include` must be a list (null: no include), with compose-go fmt %s of what it got', async (t) => {
  t.same(load('include:'), { loaded: true, services: ['web'], diagnostics: [] });
  t.same(load('include: []'), { loaded: true, services: ['web'], diagnostics: [] });
  for (const [text, got] of [
    ['include: sub.yaml', 'sub.yaml'],
    ['include: {path: sub.yaml, n: 1}', 'map[n:%!s(int=1) path:sub.yaml]'],
    ['include: 5', '%!s(int=5)'],
  ]) {
    const r = load(text);
    t.equal(r.loaded, false, text);
    t.same(
      r.diagnostics,
      [
        {
          code: 'include-invalid',
          severity: 'error',
          line: 1,
          column: 1,
          path: 'include',
          composeMessage: `\`include\` must be a list, got ${got}`,
        },
      ],
      text,
    );
  }
});

t.test('an entry that is neither a path nor a mapping: one error per entry, at the entry', async (t) => {
  const r = load('include:\n  - sub.yaml\n  - 5\n  - [a.yaml]\n  - true');
  t.equal(r.loaded, false);
  t.same(
    r.diagnostics.map((d) => [d.line, d.column, d.path, d.composeMessage]),
    [
      [3, 5, 'include[1]', `'[1]' expected a map or struct, got "int"`],
      [4, 5, 'include[2]', `'[2]' expected a map or struct, got "slice"`],
      [5, 5, 'include[3]', `'[3]' expected a map or struct, got "bool"`],
    ],
  );
});

t.test('path and env_file are a string or a list of strings; project_directory a string', async (t) => {
  const r = load(
    'include:\n  - path: [sub.yaml, 3]\n  - path: sub.yaml\n    env_file: {a: 1}\n    project_directory: true',
  );
  t.equal(r.loaded, false);
  t.same(
    r.diagnostics.map((d) => [d.line, d.column, d.path, d.composeMessage]),
    [
      [2, 11, 'include[0].path', `'[0].path' invalid type []interface {} for string list`],
      [4, 15, 'include[1].env_file', `'[1].env_file' invalid type map[string]interface {} for string list`],
      [
        5,
        24,
        'include[1].project_directory',
        `'[1].project_directory' expected type 'string', got unconvertible type 'bool'`,
      ],
    ],
  );
});

t.test('what mapstructure accepts loads: an integer project_directory, a field spelled in another case', async (t) => {
  const r = load('include:\n  - {Path: [sub.yaml], project_directory: 5}', { '5/.keep': '' });
  t.same(r, { loaded: true, services: ['web', 'db'], diagnostics: [] });
});

t.test(
  'what compose-go ignores loads with a warning at its place: an unknown key, an entry with no path',
  async (t) => {
    const r = load('include:\n  - {path: sub.yaml, pth: x.yaml}\n  - {pth: x.yaml}\n  -');
    t.equal(r.loaded, true);
    t.same(r.services, ['web', 'db']);
    t.same(
      r.diagnostics.map((d) => [d.code, d.severity, d.line, d.column, d.path]),
      [
        ['include-ignored-key', 'warning', 2, 22, 'include[0].pth'],
        ['include-empty', 'warning', 3, 5, 'include[1]'],
        ['include-ignored-key', 'warning', 3, 6, 'include[1].pth'],
        ['include-empty', 'warning', 4, 4, 'include[2]'],
      ],
    );
  },
);

t.test('an entry with no path still reads its env files, as ApplyInclude does', async (t) => {
  const r = load('include:\n  - env_file: missing.env');
  t.equal(r.loaded, false);
  t.match(r.diagnostics, [{ code: 'env-file-missing', severity: 'error', line: 2, path: 'include[0]' }]);
});
