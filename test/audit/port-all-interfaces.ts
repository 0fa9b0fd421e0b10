import t from 'tap';
import rule, { FIX_MAX_CHARS, FIX_MAX_PORTS, FIX_MAX_VALUE } from '../../src/audit/rules/port-all-interfaces.js';
import { parseBundle } from '../../src/bundle/bundle.js';
import { loadBundle } from '../../src/load/bundle.js';
import { auditProject } from '../../src/audit/project.js';
import { reviewBundle } from '../../src/usecases/review.js';
import type { TreeObject } from '../../src/yaml/located.js';
import { ruleTester, y } from './helpers.js';

ruleTester(rule, {
  valid: [
    {
      name: "a host port the engine refuses is published-port-invalid's",
      code: 'services:\n  a:\n    image: nginx\n    ports:\n      - target: 80\n        published: "70000"\n',
    },
    'services:\n  db:\n    ports: ["127.0.0.1:5432:5432", "[::1]:6001:6001"]\n',
    'services:\n  db:\n    ports:\n      - target: 5432\n        published: "5432"\n        host_ip: 10.0.0.5\n',
    {
      name: 'ports are ignored with the host network',
      code: 'services:\n  a:\n    network_mode: host\n    ports: ["80:80"]\n',
    },
  ],
  invalid: [
    {
      name: 'short syntax',
      code: y`
        services:
          db:
            ports:
              - "5432:5432"
              - "0.0.0.0:8080:80"
              - 3000
              - "15432:5432/tcp"
      `,
      errors: [
        { line: 4, column: 9, severity: 'error', message: /5432 \(PostgreSQL\) on host port 5432/ },
        { line: 5, column: 9, severity: 'info' },
        { line: 6, column: 9, severity: 'info', message: /random host port/ },
        { line: 7, column: 9, severity: 'error' },
      ],
    },
    {
      name: 'long syntax (canonical)',
      code: y`
        services:
          cache:
            ports:
              - target: 6379
                published: "6379"
                protocol: tcp
                mode: ingress
              - target: 80
                published: "8080"
                host_ip: "::"
      `,
      errors: [
        { line: 4, column: 9, severity: 'error', message: /Redis/ },
        { line: 8, column: 9, severity: 'info' },
      ],
    },
    {
      name: "a stack's back end: cluster transport, broker, telemetry collector (docker-elk, saleor's jaeger)",
      code: 'services:\n  es:\n    ports: ["9200:9200", "9300:9300"]\n  jaeger:\n    ports: ["16686:16686", "4317:4317", "4318:4318"]\n  kafka:\n    ports: ["9092:9092"]\n',
      errors: [
        { line: 3, column: 13, severity: 'error', message: /Elasticsearch\)/ },
        { line: 3, column: 26, severity: 'error', message: /Elasticsearch transport/ },
        { line: 5, column: 13, severity: 'info' },
        { line: 5, column: 28, severity: 'error', message: /OTLP gRPC/ },
        { line: 5, column: 41, severity: 'error', message: /OTLP HTTP/ },
        { line: 7, column: 13, severity: 'error', message: /Kafka/ },
      ],
    },
  ],
});

/** The audit of a bundle as Compose loads it (compose.yaml, then compose.override.yaml merged on it). */
function loaded(files: Record<string, string>) {
  const result = loadBundle(parseBundle({ files }));
  const env = Object.values(result.environments)[0];
  const findings = auditProject(result).environments[Object.keys(result.environments)[0]].findings;
  return { env, wide: findings.filter((f) => f.rule === rule.meta.id), errors: result.diagnostics };
}
const portsOf = (model: unknown): unknown =>
  (((model as TreeObject).services as TreeObject).web as TreeObject).ports as unknown[];

t.test('the fix lists every port of the service, and merged as an override it closes them all', async (t) => {
  const base = y`
    services:
      web:
        image: nginx
        ports:
          - "5432:5432"
          - "127.0.0.1:8080:80"
          - "[::]:9000:9000"
          - 3000
          - "7000-7002:8000-8002/udp"
          - target: 443
            published: "8443"
            name: https
            app_protocol: https
          - target: 53
            published: "53"
            protocol: udp
            mode: host
            host_ip: 0.0.0.0
  `;
  const before = loaded({ 'compose.yaml': base });
  t.same(before.errors, [], 'the base loads');
  t.equal(before.wide.length, 6, 'every port but the localhost one');
  const fixes = new Set(before.wide.map((f) => f.fix?.yaml));
  t.equal(fixes.size, 1, 'one snippet for the service');
  const fix = [...fixes][0] ?? '';
  t.equal(
    fix,
    y`
      services:
        web:
          ports: !override # every port of the service: an override's list adds to the base's
            - "127.0.0.1:5432:5432"
            - "127.0.0.1:8080:80"
            - "[::1]:9000:9000"
            - "127.0.0.1::3000"
            - "127.0.0.1:7000-7002:8000-8002/udp"
            - {"target":443,"published":"8443","host_ip":"127.0.0.1","name":"https","app_protocol":"https"}
            - {"target":53,"published":"53","host_ip":"127.0.0.1","protocol":"udp","mode":"host"}
    `,
  );
  const after = loaded({ 'compose.yaml': base, 'compose.override.yaml': fix });
  t.same(after.errors, [], 'the fix loads as an override');
  t.same(after.wide, [], 'no port is left on every interface');
  const key = (p: TreeObject) =>
    JSON.stringify(Object.entries({ ...p, host_ip: undefined }).sort(([a], [b]) => (a < b ? -1 : 1)));
  const ports = (m: unknown) => (portsOf(m) as TreeObject[]).map(key).sort();
  t.same(ports(after.env.model), ports(before.env.model), 'the same ports, only their host addresses changed');
});

t.test('past FIX_MAX_PORTS ports the fix says what to do without a snippet', async (t) => {
  const list = Array.from({ length: FIX_MAX_PORTS + 1 }, (_, i) => `"${10000 + i}:80"`).join(', ');
  const { wide } = loaded({ 'compose.yaml': `services:\n  web:\n    image: nginx\n    ports: [${list}]\n` });
  t.equal(wide.length, FIX_MAX_PORTS + 1);
  t.ok(wide.every((f) => f.fix && !f.fix.yaml && /ports: !override/.test(f.fix.description)));
});

t.test('a snippet past FIX_MAX_CHARS, or copying a value past FIX_MAX_VALUE, is left out', async (t) => {
  // every finding of the service carries the snippet: 16 ports named with 60 KB each made a 0.96 MB
  // file's audit JSON 30.8 MB
  const long = (n: number, name: string) =>
    `services:\n  web:\n    image: nginx\n    ports:\n${Array.from(
      { length: n },
      (_, i) =>
        `      - target: ${80 + i}\n        published: "${8000 + i}"\n        name: ${name}${i}\n        app_protocol: ${name}\n`,
    ).join('')}`;
  const fixes = (text: string) => loaded({ 'compose.yaml': text }).wide.map((f) => f.fix?.yaml);
  t.match(fixes(long(2, 'p'.repeat(FIX_MAX_VALUE - 2))), [/name/, /name/], 'values up to the limit are copied');
  t.same(fixes(long(2, 'p'.repeat(FIX_MAX_VALUE))), [undefined, undefined], 'a name past it: no snippet');
  const each = FIX_MAX_VALUE - 2;
  const text = long(FIX_MAX_PORTS, 'p'.repeat(each));
  t.same(fixes(text), Array(FIX_MAX_PORTS).fill(undefined), `a list past FIX_MAX_CHARS (${FIX_MAX_CHARS}): no snippet`);
  const big = long(FIX_MAX_PORTS, 'p'.repeat(60_000));
  const answer = reviewBundle(parseBundle({ files: { 'compose.yaml': big } }));
  const bytes = JSON.stringify(answer.json).length;
  t.ok(bytes < 2 * big.length, `the review of a ${big.length}-byte file is ${bytes} bytes`);
});

t.test('one finding of two environments whose port lists differ shows no snippet of either', async (t) => {
  const files = {
    'compose.yaml': 'services:\n  web:\n    image: nginx\n    ports: ["8080:80"]\n',
    'compose.override.yaml': 'services:\n  web:\n    ports: ["9229:9229"]\n',
    'compose.prod.yaml': 'services:\n  web:\n    restart: always\n',
  };
  const { json } = reviewBundle(parseBundle({ files }));
  const base = (list: { rule?: string; file: string; environments: string[]; fix?: { yaml?: string } }[]) =>
    list.filter((f) => f.rule === rule.meta.id && f.file === 'compose.yaml');
  t.match(base(json.findings), [{ environments: ['development', 'production'], fix: { description: /localhost/ } }]);
  t.equal(base(json.findings)[0]?.fix?.yaml, undefined, 'development lists 9229 too: no snippet fits both');
  t.match(base(json.groups), [{ environments: ['development', 'production'] }]);
  t.equal(base(json.groups)[0]?.fix?.yaml, undefined, 'the group neither');
  const dev = json.findings.filter((f) => f.rule === rule.meta.id && f.file === 'compose.override.yaml');
  t.match(
    dev,
    [{ environments: ['development'], fix: { yaml: /8080:80"\n.*9229:9229/s } }],
    'one environment: its snippet',
  );
  t.notMatch(json.markdown, /ports: !override[^`]*"127\.0\.0\.1:8080:80"\n```/, 'no snippet with 8080 alone');
});
