import t from 'tap';
import { parse } from 'yaml';
import { auditModel } from '../../src/audit/run.js';
import { fixOverride } from '../../src/audit/fix.js';
import { mergeModels } from '../../src/merge/merge.js';
import { rules } from '../../src/audit/rules/index.js';
import type { Tree, TreeObject } from '../../src/yaml/located.js';
import { context, y } from './helpers.js';

const compose = y`
  services:
    api:
      image: shop/api:1.4
      privileged: true
      restart: always
      depends_on:
        db:
          condition: service_started
      logging:
        driver: json-file
    db:
      image: postgres:16.4
      cap_drop: [NET_RAW]
      security_opt: ["label:type:x"]
      user: root
      healthcheck:
        test: ["CMD", "pg_isready"]
      deploy:
        restart_policy:
          condition: any
`;

/** A naive Compose-like merge: mappings merge, sequences union, scalars replace. */
function naive(base: Tree, over: Tree): Tree {
  if (Array.isArray(base) && Array.isArray(over))
    return [...base, ...over.filter((x) => !base.some((b) => JSON.stringify(b) === JSON.stringify(x)))];
  if (
    base &&
    over &&
    typeof base === 'object' &&
    typeof over === 'object' &&
    !Array.isArray(base) &&
    !Array.isArray(over)
  ) {
    const out: TreeObject = { ...base };
    for (const k of Object.keys(over)) out[k] = k in base ? naive(base[k], over[k]) : over[k];
    return out;
  }
  return over;
}

const key = (f: { rule: string; path: string }) => `${f.rule} ${f.path.split('.').slice(0, 2).join('.')}`;

t.test('every patched finding disappears once the override is merged on top', async (t) => {
  const ctx = context(compose);
  const before = auditModel(ctx).findings;
  const { yaml, patch, fixed } = fixOverride(before);
  t.ok(fixed.length >= 10, `${fixed.length} fixable findings`);
  t.same(parse(yaml), patch, 'the YAML is the patch');
  t.match(yaml, /^# compose\.hardening\.yaml/);
  t.match(yaml, /# cap-drop-missing\n\s+cap_drop:/);
  for (const merge of [naive, mergeModels as (a: Tree, b: Tree) => Tree]) {
    const merged = merge(ctx.model, patch) as TreeObject;
    const after = new Set(auditModel({ ...ctx, model: merged, files: {} }).findings.map(key));
    for (const f of fixed) t.notOk(after.has(key(f)), `${merge === naive ? 'naive' : 'mergeModels'}: ${key(f)} closed`);
  }
  // each rule's patch alone closes its own finding
  for (const f of fixed) {
    const rule = rules.find((r) => r.meta.id === f.rule);
    const merged = naive(ctx.model, f.fix?.patch ?? {}) as TreeObject;
    const again = auditModel({ ...ctx, model: merged, files: {} }, { rules: rule ? [rule] : [] }).findings.map(key);
    t.notOk(again.includes(key(f)), `${key(f)} closed by its own patch`);
  }
});

t.test('suppressed and unfixable findings are left out', async (t) => {
  const { findings, suppressed } = auditModel(
    context('services:\n  a:\n    image: x\n    privileged: true # compose-review-ignore privileged\n'),
  );
  const { patch } = fixOverride([...findings, ...suppressed]);
  t.notOk(JSON.stringify(patch).includes('privileged'));
  t.same(fixOverride([]), { yaml: '', patch: {}, fixed: [] });
});
