// Work budgets (src/limits.ts) and the linear-time stages of issue 11: every hostile input is a 200
// answer with a positioned `*-limit` diagnostic (or Compose's own result), never a crash; the
// budgets can be raised and lowered in every face; the rewrites keep what the slow code computed.
import t from 'tap';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadBundle } from '../src/load/bundle.js';
import { loadProject } from '../src/load/project.js';
import { parseYaml } from '../src/yaml/parse.js';
import { parsePortConfig } from '../src/syntax/ports.js';
import { mergeModels } from '../src/merge/merge.js';
import { duplicatePair, jsonEqual } from '../src/validate/equal.js';
import { review, reviewChange } from '../src/review/review.js';
import { auditModel } from '../src/audit/run.js';
import { ruleById } from '../src/audit/rules/index.js';
import { validateBundle } from '../src/usecases/validate.js';
import { buildApp } from '../src/api/app.js';
import { loadConfig } from '../src/api/config.js';
import { main } from '../src/cli/main.js';
import { runTask, type Task } from '../src/usecases/task.js';
import {
  DEFAULT_BUDGETS,
  budgetFlag,
  budgetVariable,
  budgetsFromEnv,
  budgetsFromFlags,
  capDiagnostics,
  mostSevere,
} from '../src/limits.js';
import type { Diagnostic } from '../src/diagnostics.js';
import type { TreeObject } from '../src/yaml/located.js';
import { ATTACKS, CONSTRUCTS } from './helpers/worst.js';
import { keepWorkers } from './helpers/workers.js';
import { TS_NODE_ARGS } from './helpers/ts-child.js';

const one = (text: string) => ({ files: { 'compose.yaml': text } });
const codes = (list: readonly Diagnostic[]) => list.map((d) => d.code);
const range = (n: number) => Array.from({ length: n }, (_, i) => i);
// the subtests' apps share one worker thread
await keepWorkers(t);

t.test('every attack of issue 11 is an answer, with a *-limit where a budget applies', async (t) => {
  const expected: Record<string, string | undefined> = {
    'port range 1-65535': undefined,
    '4,000 merge keys': undefined,
    '9,999 flat aliases': undefined,
    'include chain of 20, each twice': undefined,
    "flow nesting behind a ' in a plain scalar": 'yaml-depth-limit',
    'block nesting - - - ...': 'yaml-depth-limit',
    'indented map nesting': 'yaml-depth-limit',
    '150,000 diagnostics': 'yaml-node-limit',
    '10,000-service review': undefined,
    '100,000 services': 'yaml-node-limit',
  };
  // (the two large inputs that no budget stops are the growth test's and the benchmark's)
  for (const [name, make] of Object.entries(ATTACKS)) {
    if (name === '10,000-service review' || name === '4,000 merge keys') continue;
    const r = loadBundle(make());
    const limits = r.allDiagnostics.filter((d) => d.code.endsWith('-limit'));
    const want = expected[name];
    if (want === undefined) t.same(codes(limits), [], `${name}: no budget applies`);
    else {
      t.same(codes(limits), [want], `${name}: ${want}`);
      t.ok(limits[0].line > 1 || limits[0].column > 1, `${name}: positioned (${limits[0].line}:${limits[0].column})`);
      t.match(limits[0].hint, /--budget [a-z-]+=N \(CLI\), COMPOSE_REVIEW_MAX_[A-Z_]+ .* budgets\.\w+ \(library\)/);
    }
  }
  // the range is Compose's result: 65,535 mappings, ordered as compose-go sorts their keys
  const ports = loadBundle(ATTACKS['port range 1-65535']()).environments.default.model!;
  const list = ((ports.services as TreeObject).web as TreeObject).ports as TreeObject[];
  t.equal(list.length, 65535);
  t.same(
    list.slice(0, 4).map((p) => p.target),
    [1, 10, 100, 1000],
  );
});

t.test('depth: flow and block nesting, whatever the quoting', async (t) => {
  for (const text of [
    `a: ["x'y", ${'['.repeat(200)}${']'.repeat(200)}]\n`,
    `a: 'q' ${'{'.repeat(200)}\n`,
    `a: "#" ${'['.repeat(200)}\n`,
    `a:\n  ${'- '.repeat(200)}x\n`,
    `a:\n${range(200)
      .map((i) => `${' '.repeat(i + 1)}k${i}:\n`)
      .join('')}`,
    `a:\n${range(100)
      .map((i) => `${'  '.repeat(i)}- k:\n${'  '.repeat(i)}  - x\n`)
      .join('')}`,
  ]) {
    const d = parseYaml(text, 'c.yaml').diagnostics;
    t.equal(d[0]?.code, 'yaml-depth-limit', JSON.stringify(text.slice(0, 40)));
  }
  t.same(parseYaml(`a:\n  ${'- '.repeat(100)}x\n`, 'c.yaml').diagnostics, [], '100 levels are fine');
  t.equal(
    parseYaml(`a:\n  ${'- '.repeat(100)}x\n`, 'c.yaml', { yamlDepth: 50 }).diagnostics[0]?.code,
    'yaml-depth-limit',
    'the budget is the budget',
  );
});

t.test('aliases resolve as yaml resolves them, from one anchor map', async (t) => {
  const p = parseYaml(
    'a: &x 1\nb: &y\n  c: &x 2\nd: *y\ne: *x\nf: &x 3\ng: *x\nm: &m {k: 1}\nn:\n  <<: *m\n  j: 2\nl: &l [{p: 1}, {q: 2}]\no:\n  <<: *l\n',
    'c.yaml',
  );
  t.same(JSON.parse(JSON.stringify(p.documents[0].tree)), {
    a: 1,
    b: { c: 2 },
    d: { c: 2 },
    e: 2,
    f: 3,
    g: 3,
    m: { k: 1 },
    n: { j: 2, k: 1 },
    l: [{ p: 1 }, { q: 2 }],
    o: { p: 1, q: 2 },
  });
  t.match(parseYaml('a: *nope\n', 'c.yaml').diagnostics, [{ code: 'yaml-syntax', message: 'unknown alias *nope' }]);
  t.match(parseYaml('x: &l\n  - <<: *l\n', 'c.yaml').diagnostics, [{ message: 'alias *l refers to itself' }]);
  // alias references and their copies are budgets of their own; a plain large file is a node budget
  t.equal(
    parseYaml('a: &a 1\nb: [*a, *a, *a]\n', 'c.yaml', { yamlAliases: 2 }).diagnostics[0]?.code,
    'yaml-alias-limit',
  );
  const bomb = ['a: &a [x, x, x, x, x, x, x, x, x, x]'];
  for (let i = 1; i < 8; i++)
    bomb.push(
      `l${i}: &l${i} [${Array(10)
        .fill(i === 1 ? '*a' : `*l${i - 1}`)
        .join(',')}]`,
    );
  t.match(parseYaml(bomb.join('\n'), 'b.yaml').diagnostics, [
    { code: 'yaml-alias-limit', message: /expand to more than 200,000 nodes/ },
  ]);
  t.match(parseYaml(`a: [${range(50).join(',')}]\n`, 'n.yaml', { yamlNodes: 20 }).diagnostics, [
    { code: 'yaml-node-limit', message: 'a document of n.yaml has more than 20 YAML nodes' },
  ]);
});

t.test('ports: a range is expanded as compose-go orders it, against the ports budget', async (t) => {
  t.same(
    parsePortConfig('18-22:8-12').map((p) => [p.target, p.published]),
    [
      [10, '20'],
      [11, '21'],
      [12, '22'],
      [8, '18'],
      [9, '19'],
    ],
  );
  t.same(
    parsePortConfig('127.0.0.1:8000-8010:80/udp').map((p) => [p.host_ip, p.target, p.published, p.protocol]),
    [['127.0.0.1', 80, '8000-8010', 'udp']],
  );
  const r = loadBundle(one('services:\n  web:\n    image: x\n    ports: ["80:80", "1000-1099:1000-1099"]\n'), {
    budgets: { ports: 100 },
  });
  t.match(r.allDiagnostics, [{ code: 'port-limit', line: 4, path: 'services.web.ports[1]', hint: /ports budget/ }]);
  t.equal(r.environments.default.model, undefined);
});

t.test('includes: each reference reuses the load, keyed by what it depends on', async (t) => {
  const chain = loadBundle(CONSTRUCTS['include-chain'].bundle(20));
  const model = chain.environments.default.model!;
  t.same(
    Object.keys(model.services as TreeObject).sort(),
    range(20)
      .map((i) => `s${i}`)
      .sort(),
  );
  t.equal(chain.environments.default.sources.length, 20);
  // the same file included with two env files is two loads with two results: here its own include
  // path is interpolated, so each brings a different service
  const both = loadBundle({
    files: {
      'compose.yaml':
        'include:\n  - path: c.yaml\n    env_file: a.env\n  - path: c.yaml\n    env_file: b.env\n  - path: c.yaml\n    env_file: a.env\nservices:\n  web:\n    image: nginx\n',
      'c.yaml': 'include:\n  - ${INNER}.yaml\nservices:\n  c:\n    image: x:${INNER}\n',
      'alpha.yaml': 'services:\n  alpha:\n    image: a\n',
      'beta.yaml': 'services:\n  beta:\n    image: b\n',
      'a.env': 'INNER=alpha\n',
      'b.env': 'INNER=beta\n',
    },
  });
  t.same(codes(both.allDiagnostics), []);
  const services = both.environments.default.model!.services as TreeObject;
  t.same(Object.keys(services).sort(), ['alpha', 'beta', 'c', 'web']);
  t.equal((services.c as TreeObject).image, 'x:alpha', 'the first reference wins, as compose-go imports it');
  // a cycle is still a cycle
  const cycle = loadBundle({
    files: { 'compose.yaml': 'include: [a.yaml]\n', 'a.yaml': 'include: [b.yaml]\n', 'b.yaml': 'include: [a.yaml]\n' },
  });
  t.match(codes(cycle.allDiagnostics), ['include-cycle']);
  // references count against the fileLoads budget, reused or not
  const loads = loadBundle(CONSTRUCTS['include-chain'].bundle(20), { budgets: { fileLoads: 10 } });
  t.match(loads.allDiagnostics, [
    { code: 'file-load-limit', file: 'f9.yaml', line: 2, message: /loading f10.yaml/, hint: /fileLoads budget/ },
  ]);
});

t.test('extends: a file extended by many services is loaded once, each gets its own copy', async (t) => {
  const files = {
    'base.yaml':
      'services:\n  b:\n    image: x\n    environment: [A=1]\n  c:\n    extends: b\n    environment: [C=1]\n',
    'compose.yaml':
      'services:\n  s1:\n    extends: {file: base.yaml, service: c}\n    environment: [S=1]\n  s2:\n    extends: {file: base.yaml, service: c}\n',
  };
  const r = loadBundle({ files });
  const services = r.environments.default.model!.services as TreeObject;
  t.same((services.s1 as TreeObject).environment, { A: '1', C: '1', S: '1' });
  t.same((services.s2 as TreeObject).environment, { A: '1', C: '1' });
  // a chain of thousands does not overflow the stack
  const long = loadBundle(CONSTRUCTS['extends-chain'].bundle(1500));
  t.equal(Object.keys(long.environments.default.model!.services as TreeObject).length, 1500);
  // copies count against the copiedNodes budget
  const big = `services:\n  base:\n    image: x\n    environment:\n${range(200)
    .map((i) => `      V${i}: "${i}"\n`)
    .join('')}${range(100)
    .map((i) => `  s${i}:\n    extends: base\n`)
    .join('')}`;
  t.match(loadBundle(one(big), { budgets: { copiedNodes: 5000 } }).allDiagnostics, [
    { code: 'copy-limit', hint: /copiedNodes budget/ },
  ]);
  const env = {
    files: {
      'app.env': range(500)
        .map((i) => `V${i}=${i}\n`)
        .join(''),
      'compose.yaml': `services:\n${range(100)
        .map((i) => `  s${i}:\n    image: x\n    env_file: app.env\n`)
        .join('')}`,
    },
  };
  t.match(loadBundle(env, { budgets: { copiedNodes: 10_000 } }).allDiagnostics, [{ code: 'copy-limit' }]);
  t.same(codes(loadBundle(env).allDiagnostics), []);
});

t.test('interpolation: what substitution adds is a budget, in env files too', async (t) => {
  const rep = (s: string, n: number) => Array(n).fill(s).join('');
  const bomb = `A=${'x'.repeat(1000)}\nB=${rep('${A}', 100)}\nC=${rep('${B}', 100)}\nD=${rep('${C}', 100)}\n`;
  const r = loadBundle({ files: { '.env': bomb, 'compose.yaml': 'services:\n  web:\n    image: nginx\n' } });
  t.match(r.allDiagnostics, [{ code: 'interpolation-size-limit', file: '.env', line: 3 }]);
  const labels = loadBundle(
    {
      files: {
        '.env': `BIG=${'y'.repeat(10_000)}\n`,
        'compose.yaml': `services:\n  web:\n    image: nginx\n    labels:\n${range(50)
          .map((i) => `      l${i}: "\${BIG}"\n`)
          .join('')}`,
      },
    },
    { budgets: { interpolationChars: 100_000 } },
  );
  t.match(codes(labels.allDiagnostics), ['interpolation-size-limit'], 'said once');
});

t.test('environments over the budget are not loaded, and say so', async (t) => {
  const files: Record<string, string> = { 'compose.yaml': 'services:\n  web:\n    image: nginx\n' };
  for (const i of range(5)) files[`compose.e${i}.yaml`] = 'services:\n  web:\n    read_only: true\n';
  const r = loadBundle({ files }, { budgets: { environments: 3 } });
  t.equal(Object.keys(r.environments).length, 3);
  t.match(r.allDiagnostics, [
    {
      code: 'environment-limit',
      file: 'compose.e2.yaml',
      message: /only the first 3 are loaded \(e2, e3, e4 are not\)/,
    },
  ]);
  t.equal(r.valid, false);
});

t.test('answers are capped, the most severe kept, counted and judged before the cap', async (t) => {
  const many = one(
    `services:\n  web:\n    image: nginx\n${range(3000)
      .map((i) => `    bad${i}: 1\n`)
      .join('')}`,
  );
  const r = loadBundle(many, { budgets: { diagnostics: 100 } });
  t.equal(r.allDiagnostics.length, 3000);
  t.equal(r.diagnostics.length, 101);
  t.match(r.diagnostics[100], { code: 'diagnostic-limit', severity: 'error', message: /^2,900 more diagnostics/ });
  t.equal(r.valid, false);
  const v = validateBundle(many, { budgets: { diagnostics: 100 }, format: 'text' });
  t.match(v.rendered!.body, /3,000 errors|3000 errors/);

  const services = {
    files: {
      'compose.yaml': `services:\n${range(600)
        .map((i) => `  s${i}:\n    image: nginx\n    privileged: true\n`)
        .join('')}`,
    },
  };
  const rv = review(services, { budgets: { findings: 50 } });
  t.equal(rv.audit.findings.length, 50);
  t.ok(
    rv.audit.findings.every((f) => f.severity === 'error'),
    'errors first',
  );
  t.equal(rv.counts.error, 600, 'privileged, counted before the cap');
  t.match(rv.verdict.reason, /600 findings at error level/);
  t.match(
    rv.diagnostics.find((d) => d.code === 'finding-limit'),
    { severity: 'warning', message: /more findings left out: an answer lists at most 50/ },
  );
  // a change review compares every finding, not the capped lists
  const head = {
    files: { 'compose.yaml': services.files['compose.yaml'] + '  extra:\n    image: nginx\n    privileged: true\n' },
  };
  const c = reviewChange(services, head, { budgets: { findings: 50 } });
  t.ok(
    c.newFindings.length > 0 && c.newFindings.every((f) => f.path.startsWith('services.extra')),
    `only the new service's findings are new (${c.newFindings.length})`,
  );
  t.ok(c.newFindings.some((f) => f.path === 'services.extra.privileged'));
  t.equal(c.fixedFindings.length, 0);

  const sev = (s: Diagnostic['severity'], i: number) => ({ severity: s, i });
  const m = mostSevere([sev('info', 0), sev('error', 1), sev('warning', 2), sev('error', 3), sev('info', 4)], 3);
  t.same(
    m.kept.map((x) => x.i),
    [1, 2, 3],
  );
  t.same(capDiagnostics([], 0), []);
});

t.test('a rule reporting each port of a range makes one finding for it', async (t) => {
  const r = review(one('services:\n  db:\n    image: postgres\n    ports: ["5000-5999:5000-5999"]\n'));
  const wide = r.audit.findings.filter((f) => f.rule === 'port-all-interfaces');
  t.equal(wide.length, 1);
  t.match(wide[0], { severity: 'error', message: /PostgreSQL.*\(and 999 more like it here\)/ });
});

t.test('a range is judged as a report per port would be, from two reports (port-all-interfaces)', async (t) => {
  const at = (text: string, policy?: Parameters<typeof auditModel>[1]['policy']) =>
    review(one(text), policy ? { policy } : {}).audit.findings.filter((f) => f.rule === 'port-all-interfaces');
  // the first port's finding, replaced by the first back-end port's (more severe), counting them all
  const range =
    'services:\n  db:\n    image: postgres\n    ports: ["5400-5439:5400-5439", "127.0.0.1:6000-6009:6000-6009"]\n';
  t.match(at(range), [
    {
      severity: 'error',
      path: /ports\[\d+\]$/,
      message: /container port 5432 \(PostgreSQL\).*\(and 39 more like it here\)$/,
    },
  ]);
  t.equal(at(range).length, 1, 'a port bound to 127.0.0.1 is not on every interface');
  // with a level from the policy every report is as severe: the first port's stays
  const levelled = at(range, { rules: { 'port-all-interfaces': 'warning' } });
  t.equal(levelled.length, 1);
  t.match(levelled[0].message, /container port \d+ on host port \d+ of every interface \(and 39 more like it here\)$/);
  t.notMatch(levelled[0].message, /PostgreSQL/);
  // no back-end port: the first port's, info
  t.match(at('services:\n  web:\n    image: nginx\n    ports: ["8000-8009:8000-8009"]\n'), [
    { severity: 'info', message: /\(and 9 more like it here\)$/ },
  ]);
  // one port: no count
  t.notMatch(at('services:\n  web:\n    image: nginx\n    ports: ["8000:80"]\n')[0].message, /more like it/);
});

t.test("an answer's findings carry plain fixes; the audit's own lists make theirs when read", async (t) => {
  const r = review(one('services:\n  web:\n    image: nginx\n    privileged: true\n'));
  const shown = r.audit.findings.find((f) => f.rule === 'privileged');
  t.same(Object.keys(shown?.fix ?? {}), ['description', 'yaml', 'patch'], 'the capped list: plain data');
  t.same(shown?.fix?.patch, { services: { web: { privileged: false } } });
  t.equal(shown?.fix?.yaml, 'services:\n  web:\n    privileged: false\n');
  const all = Object.values(r.audit.environments).flatMap((e) => e.findings);
  const lazy = all.find((f) => f.rule === 'cap-drop-missing');
  // every finding of the audit reads the same, made when read
  t.same(JSON.parse(JSON.stringify(lazy?.fix)), {
    description: lazy?.fix?.description,
    yaml: 'services:\n  web:\n    cap_drop:\n      - ALL\n',
    patch: { services: { web: { cap_drop: ['ALL'] } } },
  });
  // a reader changing a patch does not change another finding's (the fragment is shared until read)
  const two = review(one('services:\n  a:\n    image: nginx\n  b:\n    image: nginx\n')).audit.findings.filter(
    (f) => f.rule === 'cap-drop-missing',
  );
  const patchA = two[0].fix?.patch as { services: Record<string, { cap_drop: string[] }> };
  patchA.services.a.cap_drop.push('X');
  t.same(two[1].fix?.patch, { services: { b: { cap_drop: ['ALL'] } } });
});

t.test('a finding costs a few hundred bytes of heap (a large project keeps every one)', async (t) => {
  // in a child with --expose-gc: the heap an audit of 3,000 services (30,000 findings) keeps, per
  // finding. 1,450 bytes when each finding had a hidden class and an eager patch of its own; ~400 now.
  const script = `
    import { loadBundle } from ${JSON.stringify(join(import.meta.dirname, '../src/load/bundle.ts'))};
    import { auditProject, allFindings } from ${JSON.stringify(join(import.meta.dirname, '../src/audit/project.ts'))};
    let s = 'services:\\n';
    for (let i = 0; i < 3000; i++) s += '  s' + i + ':\\n    image: nginx\\n    privileged: true\\n';
    const result = loadBundle({ files: { 'compose.yaml': s } });
    gc(); gc();
    const before = process.memoryUsage().heapUsed;
    globalThis.audit = auditProject(result);
    gc(); gc();
    const n = allFindings(globalThis.audit).findings.length;
    console.log(JSON.stringify({ n, perFinding: (process.memoryUsage().heapUsed - before) / n }));
  `;
  const r = spawnSync(process.execPath, ['--expose-gc', ...TS_NODE_ARGS, '--input-type=module', '-e', script], {
    encoding: 'utf8',
  });
  t.equal(r.status, 0, r.stderr);
  const { n, perFinding } = JSON.parse(r.stdout.trim().split('\n').pop() ?? '{}') as { n: number; perFinding: number };
  t.equal(n, 30_000);
  t.ok(perFinding < 700, `${perFinding.toFixed(0)} bytes a finding (under 700)`);
});

t.test('a loaded service costs under 2.5 KB of heap, its parsed file and merged model together', async (t) => {
  // in a child with --expose-gc: the heap loadBundle keeps for 3,000 services of two keys. About
  // 3,000 bytes a service when each mapping's locations were two null-prototype dictionaries (src/yaml/
  // located.ts; V8 keeps those as hash tables), about 2,000 with the compact records.
  const script = `
    import { loadBundle } from ${JSON.stringify(join(import.meta.dirname, '../src/load/bundle.ts'))};
    let s = 'services:\\n';
    for (let i = 0; i < 3000; i++) s += '  s' + i + ':\\n    image: nginx\\n    privileged: true\\n';
    const files = { 'compose.yaml': s };
    loadBundle({ files: { 'compose.yaml': 'services:\\n  warm:\\n    image: nginx\\n' } });
    gc(); gc();
    const before = process.memoryUsage().heapUsed;
    globalThis.result = loadBundle({ files });
    gc(); gc();
    console.log(JSON.stringify({ perService: (process.memoryUsage().heapUsed - before) / 3000 }));
  `;
  const r = spawnSync(process.execPath, ['--expose-gc', ...TS_NODE_ARGS, '--input-type=module', '-e', script], {
    encoding: 'utf8',
  });
  t.equal(r.status, 0, r.stderr);
  const { perService } = JSON.parse(r.stdout.trim().split('\n').pop() ?? '{}') as { perService: number };
  t.ok(perService < 2500, `${perService.toFixed(0)} bytes a service (under 2,500)`);
});

t.test('IPAM configs merge as compose-go merges them (an index instead of scans)', async (t) => {
  // compose-go's mergeIPAMConfig, transcribed with its scans, as the oracle
  const naive = (base: TreeObject[], over: TreeObject[]): TreeObject[] => {
    const out: TreeObject[] = [];
    const subnet = (m: TreeObject) => m.subnet ?? null;
    for (const original of base) {
      const right = original;
      for (const left of over) {
        if (subnet(left) !== subnet(right) && !out.some((a) => subnet(a) === subnet(left))) {
          out.push(left);
          continue;
        }
        Object.assign(right, left);
        const i = out.findIndex((a) => subnet(a) === subnet(right));
        if (i >= 0) out[i] = right;
        else out.push(right);
      }
    }
    return out;
  };
  let seed = 11;
  const rnd = (n: number) => (seed = (seed * 1103515245 + 12345) % 2147483648) % n;
  const mk = (n: number) =>
    range(n).map(() => {
      const o: TreeObject = {};
      if (rnd(5) < 4) o.subnet = `s${rnd(4)}`;
      if (rnd(2)) o.gateway = `g${rnd(3)}`;
      return o;
    });
  for (let k = 0; k < 500; k++) {
    const b = mk(rnd(6));
    const o = mk(rnd(6));
    const want = naive(structuredClone(b), structuredClone(o));
    const got = mergeModels({ networks: { n: { ipam: { config: b } } } }, { networks: { n: { ipam: { config: o } } } });
    const config = (((got.networks as TreeObject).n as TreeObject).ipam as TreeObject).config;
    if (JSON.stringify(config) !== JSON.stringify(want)) {
      t.same(config, want, JSON.stringify({ b, o }));
      return;
    }
  }
  t.pass('500 random merges as compose-go');
  const big = range(1001).map((i) => ({ subnet: `s${i}` }));
  t.throws(
    () => mergeModels({ networks: { n: { ipam: { config: big } } } }, { networks: { n: { ipam: { config: big } } } }),
    {
      code: 'merge-limit',
    },
  );
});

t.test('dev-only-service finds the host names the regex of each name found', async (t) => {
  const rule = ruleById('dev-only-service')!;
  const values = [
    'postgres://u@db:5432/x',
    'http://cache/',
    'db2',
    'x=db',
    'mydb:1',
    'db',
    'a,db,b',
    'redis.local',
    '@redis',
  ];
  const development = {
    environment: 'development',
    model: { services: { api: { image: 'x' }, db: { image: 'p' }, redis: { image: 'r' }, cache: { image: 'c' } } },
  };
  const model = {
    services: { api: { image: 'x', environment: Object.fromEntries(values.map((v, i) => [`V${i}`, v])) } },
  };
  const found = auditModel(
    {
      environment: 'production',
      role: 'production',
      model: model as unknown as TreeObject,
      development: development as never,
    },
    { rules: [rule] },
  ).findings.map((f) => f.path);
  t.same(found, [
    'services.api.environment.V0',
    'services.api.environment.V1',
    'services.api.environment.V3',
    'services.api.environment.V5',
    'services.api.environment.V6',
    'services.api.environment.V8',
  ]);
});

t.test('budgets in every face: library, CLI flag and variables, service variables', async (t) => {
  t.equal(budgetFlag('yamlNodes'), 'yaml-nodes');
  t.equal(budgetVariable('copiedNodes'), 'COMPOSE_REVIEW_MAX_COPIED_NODES');
  t.same(budgetsFromEnv({ COMPOSE_REVIEW_MAX_PORTS: '1_000', COMPOSE_REVIEW_MAX_YAML_DEPTH: ' ' }), { ports: 1000 });
  t.same(budgetsFromFlags(['yaml-nodes=5', 'findings=7']), { yamlNodes: 5, findings: 7 });
  t.throws(() => budgetsFromFlags(['nodes=5']), /--budget takes NAME=N/);
  t.throws(() => budgetsFromEnv({ COMPOSE_REVIEW_MAX_PORTS: '0' }), /whole number from 1/);
  t.throws(() => loadConfig({ COMPOSE_REVIEW_MAX_FINDINGS: 'lots' }), {
    name: 'ConfigError',
    message: /COMPOSE_REVIEW_MAX_FINDINGS/,
  });
  t.same(loadConfig({ COMPOSE_REVIEW_MAX_FINDINGS: '10' }).budgets, { findings: 10 });
  for (const name of Object.keys(DEFAULT_BUDGETS))
    t.ok(DEFAULT_BUDGETS[name as keyof typeof DEFAULT_BUDGETS] > 0, name);

  const text = `services:\n  web:\n    image: nginx\n    ports: [${range(20)
    .map((i) => `"${9000 + i}:80"`)
    .join(', ')}]\n`;
  t.match(loadProject(one(text), { files: ['compose.yaml'] }, { budgets: { ports: 5 } }).diagnostics, [
    { code: 'port-limit' },
  ]);

  const dir = mkdtempSync(join(tmpdir(), 'compose-review-limits-'));
  writeFileSync(join(dir, 'compose.yaml'), text);
  const run = async (argv: string[], env: Record<string, string> = {}) => {
    let stdout = '';
    let stderr = '';
    const code = await main(argv, { stdout: (s) => (stdout += s), stderr: (s) => (stderr += s), env, cwd: dir });
    return { code, stdout, stderr };
  };
  t.match(await run(['validate', '--budget', 'ports=5']), { code: 1, stdout: /port-limit/ });
  t.match(await run(['validate'], { COMPOSE_REVIEW_MAX_PORTS: '5' }), { code: 1, stdout: /port-limit/ });
  t.match(await run(['validate']), { code: 0 });
  t.match(await run(['validate', '--budget', 'portz=5']), { code: 2, stderr: /--budget takes NAME=N/ });

  const app = buildApp({ rateLimitPerMinute: 0, workers: 1, budgets: { ports: 5 } });
  t.teardown(() => app.close());
  const res = await app.inject({ method: 'POST', url: '/v1/validate', payload: one(text) });
  t.equal(res.statusCode, 200);
  t.match(res.json().diagnostics, [{ code: 'port-limit', hint: /ports budget/ }]);
});

t.test("uniqueItems: the pair ajv's pairwise loop reports, found by hashing", async (t) => {
  const pairwise = (list: unknown[]): [number, number] | undefined => {
    for (let i = list.length; i--;) for (let j = i; j--;) if (jsonEqual(list[i], list[j])) return [i, j];
    return undefined;
  };
  const atoms: unknown[] = [
    '80',
    80,
    -0,
    0,
    NaN,
    null,
    true,
    'true',
    [1],
    ['1'],
    { a: 1, b: [2] },
    { b: [2], a: 1 },
    { a: 1 },
  ];
  let seed = 5;
  const rnd = (n: number) => (seed = (seed * 1103515245 + 12345) % 2147483648) % n;
  const differ: unknown[][] = [];
  for (let k = 0; k < 2000; k++) {
    const list = range(rnd(7)).map(() => atoms[rnd(atoms.length)]);
    if (JSON.stringify(duplicatePair(list)) !== JSON.stringify(pairwise(list))) differ.push(list);
  }
  t.same(differ, [], '2,000 random lists');
  const ports = range(20_000).map((i) => `${10_000 + i}:80`);
  t.same(duplicatePair(ports), undefined);
  ports.push('10005:80');
  t.same(duplicatePair(ports), [20_000, 5]);
});

t.test('secretChars: every secret value is masked however many there are; past the budget, no answer', async (t) => {
  // 7,000 distinct values (the masker collected only the first 5,000 before), the last one echoed
  const last = 'canary-value-6999-q';
  const lines = ['services:', '  app:', '    image: nginx:1.27', '    environment:'];
  for (let i = 0; i < 7000; i++) lines.push(`      DB_PASSWORD_${i}: canary-value-${i}-q`);
  lines.push(`    command: ["--x", "${last}"]`);
  const many = one(lines.join('\n') + '\n');
  for (const question of ['validate', 'config', 'audit', 'review'] as const) {
    const r = runTask({ question, input: many, options: {} } as Task);
    t.equal(r.status, 200, question);
    t.notOk(r.body.includes(last), `${question}: the 7,000th value is masked`);
  }

  // past the budget: a 422 problem in the service, exit 2 in the CLI, and no value printed
  const few = one(`services:\n  app:\n    image: nginx\n    environment:\n      API_TOKEN: ${last}\n`);
  const refused = runTask({ question: 'config', input: few, options: { budgets: { secretChars: 10 } } } as Task);
  t.equal(refused.status, 422);
  t.match(JSON.parse(refused.body), {
    status: 422,
    detail: /^secret-limit: .*secretChars budget.*--budget secret-chars=N/,
  });
  t.notOk(refused.body.includes(last));
  // the value's 19 characters and its base64 forms' 74 (25 + 24 + 25: src/redact/encodings.ts base64Forms)
  t.equal(runTask({ question: 'config', input: few, options: { budgets: { secretChars: 93 } } } as Task).status, 200);
  t.equal(runTask({ question: 'config', input: few, options: { budgets: { secretChars: 92 } } } as Task).status, 422);

  const app = buildApp({ rateLimitPerMinute: 0, workers: 1, budgets: { secretChars: 10 } });
  t.teardown(() => app.close());
  const res = await app.inject({ method: 'POST', url: '/v1/review', payload: few });
  t.equal(res.statusCode, 422);
  t.equal(res.headers['content-type'], 'application/problem+json; charset=utf-8');
  t.notOk(res.body.includes(last));

  const dir = mkdtempSync(join(tmpdir(), 'compose-review-secrets-'));
  writeFileSync(join(dir, 'compose.yaml'), few.files['compose.yaml']);
  for (const command of ['validate', 'config', 'audit']) {
    let stdout = '';
    let stderr = '';
    const code = await main([command, '--budget', 'secret-chars=10'], {
      stdout: (s) => (stdout += s),
      stderr: (s) => (stderr += s),
      env: {},
      cwd: dir,
    });
    t.equal(code, 2, `${command}: exit 2`);
    t.match(stderr, /secret-limit/);
    t.notOk(stdout.includes(last) || stderr.includes(last), `${command}: the value is not printed`);
  }
});
