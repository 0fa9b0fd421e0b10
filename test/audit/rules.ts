import t from 'tap';
import { existsSync, readdirSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { join } from 'node:path';
import { registry, rules, ruleCatalog, ruleById } from '../../src/audit/rules/index.js';
import { formatMessage } from '../../src/audit/rule.js';
import { rulesTable } from '../../scripts/rules-table.js';

t.test('the rule list', async (t) => {
  const ids = rules.map((r) => r.meta.id);
  t.equal(new Set(ids).size, ids.length, 'ids are unique');
  t.equal(ids.length, 69);
  for (const id of ids) {
    t.match(id, /^[a-z0-9]+(-[a-z0-9]+)*$/, `${id} is kebab-case`);
    t.ok(
      existsSync(fileURLToPath(new URL(`../../src/audit/rules/${id}.ts`, import.meta.url))),
      `${id} has its own file`,
    );
    t.ok(existsSync(fileURLToPath(new URL(`./${id}.ts`, import.meta.url))), `${id} has its own test`);
  }
  t.equal(ruleById('privileged')?.meta.severity, 'error');
  t.equal(ruleById('constructor'), undefined, 'a lookup of own keys only');
  t.equal(ruleById('no-such-rule'), undefined);
});

t.test('every file of src/audit/rules/ is registered, under its own id', async (t) => {
  const dir = fileURLToPath(new URL('../../src/audit/rules/', import.meta.url));
  const files = readdirSync(dir).filter((f) => f.endsWith('.ts') && f !== 'index.ts');
  t.same(files.map((f) => f.slice(0, -3)).sort(), Object.keys(registry).sort());
  for (const f of files) {
    const mod = (await import(pathToFileURL(join(dir, f)).href)) as { default: unknown };
    t.equal(mod.default, ruleById(f.slice(0, -3)), `${f} is the registered rule`);
  }
  for (const [id, rule] of Object.entries(registry)) t.equal(rule.meta.id, id, `${id}: key and meta.id agree`);
});

t.test('messages: ids and templates', async (t) => {
  for (const { meta } of rules) {
    const ids = Object.keys(meta.messages);
    t.ok(ids.length > 0, `${meta.id} has messages`);
    for (const id of ids) {
      t.match(id, /^[a-z][A-Za-z]*$/, `${meta.id}: message id ${id} is camelCase`);
      t.notMatch(
        meta.messages[id].replace(/\{\{\w+\}\}/g, ''),
        /[{}]{2}/,
        `${meta.id}.${id}: placeholders are {{name}}`,
      );
    }
  }
});

t.test('formatMessage', async (t) => {
  t.equal(
    formatMessage('service "{{service}}" publishes {{port}}', { service: 'web', port: 80 }),
    'service "web" publishes 80',
  );
  t.equal(formatMessage('{{a}} and {{b}}', { a: 'x' }), 'x and {{b}}', 'a missing value stays visible');
  t.equal(formatMessage('{{a}}', { a: '{{b}}', b: 'no' }), '{{b}}', 'data is not read as a template');
  t.equal(formatMessage('{{constructor}}', {}), '{{constructor}}', 'own data only');
  t.equal(formatMessage('plain'), 'plain');
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
  t.notOk(
    catalog.some((m) => 'messages' in m),
    'the message templates stay out of the catalog',
  );
});
