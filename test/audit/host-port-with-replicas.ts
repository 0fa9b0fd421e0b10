import t, { type Test } from 'tap';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import rule from '../../src/audit/rules/host-port-with-replicas.js';
import { parseBundle } from '../../src/bundle/bundle.js';
import { loadBundle } from '../../src/load/bundle.js';
import { auditProject } from '../../src/audit/project.js';
import { ruleTester, y } from './helpers.js';

ruleTester(rule, {
  valid: [
    { name: 'one replica', code: 'services:\n  a:\n    ports: ["8080:80"]\n    deploy:\n      replicas: 1\n' },
    { name: 'no replicas', code: 'services:\n  a:\n    ports: ["127.0.0.1:8080:80"]\n' },
    { name: 'ephemeral host port', code: 'services:\n  a:\n    ports: ["80", "127.0.0.1::81"]\n    scale: 3\n' },
    {
      name: 'a host range as wide as the replicas',
      code: 'services:\n  a:\n    ports: ["127.0.0.1:8080-8082:80"]\n    deploy:\n      replicas: 3\n',
    },
    {
      name: 'long syntax, a wider range',
      code: y`
        services:
          a:
            ports:
              - target: 80
                published: "9000-9009"
            scale: 4
      `,
    },
  ],
  invalid: [
    {
      name: 'fixed port, deploy.replicas',
      code: y`
        services:
          a:
            ports:
              - "127.0.0.1:8080:8080"
              - "9090"
            deploy:
              replicas: 3
      `,
      errors: [
        {
          line: 4,
          column: 9,
          message: /3 replicas .* fixed host port 8080\/tcp/,
          path: 'services.a.ports[0].published',
        },
      ],
    },
    {
      name: 'long syntax, scale',
      code: y`
        services:
          a:
            scale: 2
            ports:
              - target: 53
                published: "5353"
                protocol: udp
      `,
      errors: [{ line: 6, column: 9, message: /2 replicas .* 5353\/udp/ }],
    },
    {
      name: 'a range narrower than the replicas',
      code: 'services:\n  a:\n    ports: ["8080-8081:80"]\n    deploy:\n      replicas: 3\n',
      errors: [{ line: 3, column: 13, message: /range 8080-8081 has 2 ports/ }],
    },
    {
      name: 'a range mapped to a range: each replica binds all of it',
      code: 'services:\n  a:\n    ports: ["8080-8082:80-82"]\n    deploy:\n      replicas: 3\n',
      errors: [{ line: 3, column: 13, message: /fixed host port 8080-8082/ }],
    },
  ],
});

function audit(t: Test, files: Record<string, string>) {
  const result = loadBundle(parseBundle({ files }));
  t.same(
    result.diagnostics.filter((d) => d.severity === 'error'),
    [],
    'the bundle loads',
  );
  return auditProject(result).findings.filter((f) => f.rule === rule.meta.id);
}

t.test('host-port-with-replicas on the merged model', async (t) => {
  // the canonical model expands "8080-8082:80-82" into three ports set at one place: one finding
  const found = audit(t, {
    'compose.yaml':
      'services:\n  a:\n    image: nginx:1.27\n    ports:\n      - "8080-8082:80-82"\n      - "9000-9002:90"\n',
    'compose.prod.yaml': 'services:\n  a:\n    deploy:\n      replicas: 3\n',
  });
  t.same(
    found.map((f) => `${f.environment} ${f.file}:${f.line}:${f.column}`),
    ['production compose.yaml:5:9'],
  );
});

t.test("the project's own docker-compose.yml with replicas: 3 fails its own audit", async (t) => {
  const own = readFileSync(join(import.meta.dirname, '..', '..', 'docker-compose.yml'), 'utf8');
  t.same(audit(t, { 'docker-compose.yml': own }), [], 'one replica: no finding');
  const found = audit(t, {
    'docker-compose.yml': own,
    'docker-compose.prod.yml': 'services:\n  compose-review:\n    deploy:\n      replicas: 3\n',
  });
  t.equal(found.length, 1);
  t.equal(found[0].environment, 'production');
  t.equal(found[0].file, 'docker-compose.yml');
  t.equal(own.split('\n')[found[0].line - 1].trim(), '- "127.0.0.1:8080:8080"');
  t.equal(found[0].severity, 'error');
});
