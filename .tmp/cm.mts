import { readFileSync, readdirSync } from 'node:fs';
import { parseYaml } from '/work/wt/issue-19b/src/yaml/parse.js';
import { validateSchema } from '/work/wt/issue-19b/src/validate/schema.js';
import { validateSemantics } from '/work/wt/issue-19b/src/validate/semantic.js';
const dir = '/work/wt/issue-19b/fixtures/diagnostics/';
for (const f of readdirSync(dir).sort()) {
  const tree = parseYaml(readFileSync(dir + f, 'utf8'), f).documents[0].tree as any;
  const s = validateSchema(tree, f);
  const ds = s.length ? s : validateSemantics(tree);
  for (const d of ds) console.log(`${f}\t${d.code}\t${JSON.stringify(d.composeMessage)}`);
}
