import t from 'tap';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { rules, rulesTable, ruleCatalog, ruleById } from '../../src/audit/rules/index.js';

t.test('the rule list', async (t) => {
  const ids = rules.map((r) => r.meta.id);
  t.equal(new Set(ids).size, ids.length, 'ids are unique');
  t.equal(ids.length, 64);
  for (const id of ids) {
    t.match(id, /^[a-z0-9]+(-[a-z0-9]+)*$/, `${id} is kebab-case`);
    t.ok(
      existsSync(fileURLToPath(new URL(`../../src/audit/rules/${id}.ts`, import.meta.url))),
      `${id} has its own file`,
    );
    t.ok(existsSync(fileURLToPath(new URL(`./${id}.ts`, import.meta.url))), `${id} has its own test`);
  }
  t.equal(ruleById('privileged')?.meta.severity, 'error');
});

t.test('rulesTable and ruleCatalog', async (t) => {
  const table = rulesTable();
  const lines = table.trim().split('\n');
  t.equal(lines.length, rules.length + 2);
  t.match(lines[0], /^\| id \| title \| severity \| applies to/);
  t.ok(
    lines.some(
      (l) =>
        l.startsWith('| `docker-socket-mount` |') &&
        l.includes('CIS 5.31') &&
        l.includes('KICS docker_socket_mounted_in_container'),
    ),
  );
  t.ok(lines.some((l) => l.includes('`ports-order`') && l.includes('off by default')));
  const catalog = ruleCatalog();
  t.equal(catalog.length, rules.length);
  t.same(JSON.parse(JSON.stringify(catalog)), catalog, 'plain JSON');
});
