/**
 * mapstructure (compose-go's decoder) fills a struct field from a key equal to it ignoring case when
 * no key is equal to it: the JSON `config` prints (Go's untagged fields: `Path`, `Weight`, `Rate`)
 * loads again, gpus device requests (the schema lets other keys through) are read, and include
 * entries (decoded into types.IncludeConfig) too.
 */
import t from 'tap';
import { loadProject } from '../src/load/project.js';
import { renderConfig } from '../src/report/config.js';
import { keyLoc, valueLoc, type TreeObject } from '../src/yaml/located.js';

const BLKIO = [
  'services:',
  '  db:',
  '    image: postgres',
  '    blkio_config:',
  '      weight: 300',
  '      weight_device: [{path: /dev/sda, weight: 400}]',
  '      device_read_bps: [{path: /dev/sdb, rate: 1024k}]',
  '      device_write_iops: [{path: /dev/sdc, rate: 200}]',
  '',
].join('\n');

t.test('the JSON config prints loads again to the same model (its Go field names matched)', async (t) => {
  const first = loadProject({ files: { 'compose.yaml': BLKIO } }, { files: ['compose.yaml'] });
  t.same(first.diagnostics, []);
  const json = renderConfig(first.model as TreeObject, 'json', { noInterpolate: true });
  t.match(json, /"Path": "\/dev\/sda"/, 'printed with Go names, as docker compose prints it');
  const again = loadProject(
    { files: { 'compose.yaml': json } },
    { files: ['compose.yaml'] },
    { skipSchema: true, projectName: first.name },
  );
  t.same(
    again.diagnostics.filter((d) => d.severity === 'error'),
    [],
  );
  const blkio = (again.model!.services as Record<string, Record<string, any>>).db.blkio_config;
  t.same({ ...blkio.weight_device[0] }, { path: '/dev/sda', weight: 400 });
  t.same({ ...blkio.device_read_bps[0] }, { path: '/dev/sdb', rate: 1048576 });
  t.same({ ...blkio.device_write_iops[0] }, { path: '/dev/sdc', rate: 200 });
  t.equal(renderConfig(again.model as TreeObject, 'json', { noInterpolate: true }), json, 'a fixed point');
  // with the schema checked, as compose-go does, such a key is refused where the schema is strict
  const checked = loadProject({ files: { 'compose.yaml': json } }, { files: ['compose.yaml'] });
  t.match(checked.diagnostics, [
    { code: 'schema-unknown-key', path: 'services.db.blkio_config.weight_device[0].Path' },
  ]);
});

t.test('a key in another case, where the schema lets it through, fills the field; its locations follow', async (t) => {
  const files = {
    'compose.yaml': 'services:\n  ml:\n    image: x\n    gpus:\n      - DRIVER: nvidia\n        Capabilitieſ: [gpu]\n',
  };
  const p = loadProject({ files }, { files: ['compose.yaml'] }, {});
  t.same(
    p.diagnostics.filter((d) => d.severity === 'error'),
    [],
  );
  const gpu = (p.model!.services as Record<string, Record<string, any>>).ml.gpus[0];
  t.equal(gpu.driver, 'nvidia');
  t.same([...gpu.capabilities], ['gpu'], 'ſ folds to s, as in Go');
  t.notOk(Object.hasOwn(gpu, 'DRIVER'));
  t.match(keyLoc(gpu, 'driver'), { file: 'compose.yaml', line: 5, column: 9 });
  t.match(valueLoc(gpu, 'driver'), { file: 'compose.yaml', line: 5, column: 17 });
  // an exact key wins; a key that folds to no field stays what it is (ß is not ss for Go)
  const both = loadProject(
    { files: { 'compose.yaml': 'services:\n  ml:\n    image: x\n    gpus: [{Driver: a, driver: b, drißer: c}]\n' } },
    { files: ['compose.yaml'] },
  );
  const g = (both.model!.services as Record<string, Record<string, any>>).ml.gpus[0];
  t.equal(g.driver, 'b');
  t.equal(g.Driver, 'a');
  t.equal(g.drißer, 'c');
});

t.test('include entries are decoded as compose-go decodes them (types.IncludeConfig)', async (t) => {
  const files = {
    'compose.yaml': 'include:\n  - PATH: sub/compose.yaml\n    Env_File: [sub/vars.env]\n',
    'sub/compose.yaml': 'services:\n  api:\n    image: api:${TAG}\n',
    'sub/vars.env': 'TAG=2\n',
  };
  const p = loadProject({ files }, { files: ['compose.yaml'] });
  t.same(
    p.diagnostics.filter((d) => d.severity === 'error'),
    [],
  );
  t.equal((p.model!.services as Record<string, Record<string, unknown>>).api.image, 'api:2');
});
