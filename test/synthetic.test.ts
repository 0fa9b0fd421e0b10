// A 57-service project of the kind self-hosted products ship (fixtures/synthetic/self-hosted: anchors
// everywhere, one locally built image): at default settings the text report stays around 60 lines
// and still names every distinct problem.
import t from 'tap';
import { readTree } from './helpers/fixtures.js';
import { auditBundle } from '../src/usecases/index.js';

const bundle = { files: readTree('synthetic/self-hosted') };

t.test('57 services, one environment: default, production-like', async (t) => {
  const a = auditBundle(bundle).json;
  t.match(a.environments, { default: { role: 'production', roleSource: 'default', loaded: true } });
  const services = new Set(a.findings.flatMap((f) => /^services\.([^.[]+)/.exec(f.path)?.[1] ?? []));
  t.equal(services.size, 57, 'every service has findings (the blanket production rules)');
});

t.test('at most 60 lines of text, every group on one of them', async (t) => {
  const a = auditBundle(bundle);
  const text = auditBundle(bundle, { format: 'text' }).rendered!.body;
  const lines = text.trimEnd().split('\n');
  t.ok(lines.length <= 60, `${lines.length} lines`);
  const shown = [...text.matchAll(/^([^\s:]+):(\d+):(\d+): (?:error|warning|info) .* \[([^\]]+)\]/gm)].flatMap((m) =>
    m[4].split(', ').map((rule) => `${rule} ${m[1]}:${m[2]}:${m[3]}`),
  );
  t.equal(new Set(shown).size, shown.length, 'no two lines share rule and place');
  for (const g of a.json.groups) t.ok(shown.includes(`${g.rule} ${g.file}:${g.line}:${g.column}`), `${g.rule} shown`);
  const rules = new Set(a.json.findings.map((f) => f.rule));
  // every distinct problem of the project, by rule
  t.same([...rules].sort(), [
    'build-and-image',
    'cap-drop-missing',
    'cpu-limit-missing',
    'credentials-in-url',
    'healthcheck-missing',
    'image-unpinned',
    'log-rotation-missing',
    'memory-limit-missing',
    'no-new-privileges-missing',
    'pids-limit-missing',
    'port-all-interfaces',
    'read-only-root-missing',
    'restart-policy-missing',
    'runs-as-root',
    'secret-in-environment',
    'weak-default-password',
  ]);
  const named = new Set(shown.map((s) => s.split(' ')[0]));
  for (const rule of rules) t.ok(named.has(rule as string), `${rule} named`);
  t.match(text, /none of the 57 services drop every capability/);
  t.match(text, /56 of 57 services have a restart policy; not geoipupdate/);
  t.match(text, /\[secret-in-environment, weak-default-password\]/, 'the anchored secret that is also weak: one line');
  t.match(text, /see \.env:\d+:1: POSTGRES_PASSWORD is set here/);
  t.notMatch(text, /beacon-db-2024|changeme/, 'no secret value printed');
  t.notMatch(text, /image "beacon-self-hosted-local".*\[image-unpinned\]/, 'the locally built image is not unpinned');
});
