/**
 * Resources whose names hold a dot. compose-go's tree.Path escapes a dot inside a key when it steps
 * down (tree/path.go Next), but include.go importResource joins `services` and the name with
 * tree.NewPath (path.go NewPath: strings.Join, no escaping) before override.MergeYaml: the name is
 * two segments there, and the rules for `services.*.command`, `services.*.environment`... do not
 * match its keys, which merge by the generic rules (sequences appended, merge.go MergeYaml).
 */
import t from 'tap';
import { loadProject } from '../src/load/project.js';
import type { TreeObject } from '../src/yaml/located.js';

function service(files: Record<string, string>, name: string, list = ['compose.yaml']): TreeObject {
  const p = loadProject({ files }, { files: list });
  const errors = p.diagnostics.filter((d) => d.severity === 'error');
  if (errors.length) throw new Error(errors.map((d) => d.message).join('; '));
  return (p.model?.services as TreeObject)[name] as TreeObject;
}

t.test('an included service that conflicts merges at the path as NewPath writes it', async (t) => {
  const inc = (name: string) => `services:\n  ${name}:\n    image: x\n    command: [a]\n`;
  const main = (name: string) => `include: [inc.yaml]\nservices:\n  ${name}:\n    command: [b]\n`;
  // `services.web.command` matches `services.*.command` (override): the including file's list wins
  t.same(service({ 'compose.yaml': main('web'), 'inc.yaml': inc('web') }, 'web').command, ['b']);
  // `services.web.v2.command` matches no rule: the two sequences are appended, included first
  t.same(service({ 'compose.yaml': main('web.v2'), 'inc.yaml': inc('web.v2') }, 'web.v2').command, ['a', 'b']);
});

t.test('`!reset` reaches a dotted service of an earlier file (reset.go paths step with Next)', async (t) => {
  const files = {
    'compose.yaml': 'services:\n  web.v2:\n    image: x\n    ports: ["80:80"]\n',
    'override.yaml': 'services:\n  web.v2:\n    ports: !reset []\n',
  };
  t.equal(service(files, 'web.v2', ['compose.yaml', 'override.yaml']).ports, undefined);
});
