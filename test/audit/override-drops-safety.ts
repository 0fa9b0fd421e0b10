import t from 'tap';
import rule from '../../src/audit/rules/override-drops-safety.js';
import { auditModel } from '../../src/audit/run.js';
import { mergeModels } from '../../src/merge/merge.js';
import { applyResets } from '../../src/merge/reset.js';
import { parseYaml } from '../../src/yaml/parse.js';
import type { TreeObject } from '../../src/yaml/located.js';
import { ruleTester, y } from './helpers.js';

const base = y`
  services:
    api:
      image: shop/api:1
      read_only: true
      cap_drop: [ALL]
      healthcheck:
        test: ["CMD", "true"]
      mem_limit: 512m
`;

ruleTester(rule, {
  valid: [
    { name: 'one file', code: base },
    {
      name: 'file not part of this environment',
      code: base,
      files: { 'compose.yaml': base, 'compose.other.yaml': 'services:\n  api:\n    user: app\n' },
    },
  ],
  invalid: [],
});

t.test('a later file resets or weakens what the base set', async (t) => {
  const override = y`
    services:
      api:
        read_only: false
        healthcheck: !reset null
        mem_limit: !reset null
        ports: ["8080:80"]
  `;
  const load = (text: string, file: string) => parseYaml(text, file).documents[0];
  const b = load(base, 'compose.yaml');
  const o = load(override, 'compose.prod.yaml');
  // as the loader does: the override's `!reset` paths leave the base, then the override merges on top
  const merged = mergeModels(applyResets(b.tree as TreeObject, o.marks), o.tree as TreeObject);
  const { findings } = auditModel(
    {
      environment: 'prod',
      role: 'production',
      model: merged,
      files: { 'compose.yaml': base, 'compose.prod.yaml': override },
    },
    { rules: [rule] },
  );
  const msgs = findings.map((f) => `${f.file}:${f.line} ${f.message}`);
  t.ok(
    msgs.some((m) => /^compose\.prod\.yaml:3 read_only: true that compose\.yaml sets/.test(m)),
    msgs.join('\n'),
  );
  t.ok(
    msgs.some((m) => /a healthcheck that compose\.yaml sets/.test(m)),
    msgs.join('\n'),
  );
  t.ok(
    msgs.some((m) => /a memory limit that compose\.yaml sets/.test(m)),
    msgs.join('\n'),
  );
  t.notOk(
    msgs.some((m) => /cap_drop/.test(m)),
    'cap_drop kept',
  );
});
