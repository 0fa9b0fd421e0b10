/**
 * The `x-compose-review` blocks of a loaded model (the project's and each service's), checked as the
 * policy file is (src/audit/policy.ts): a member the audit does not read, an `ignore` that is not a
 * list, an entry without a rule or naming no rule is a positioned `policy-invalid` warning, where
 * before it was passed over without a word and the finding it was meant to silence stayed for no
 * reason anyone could see. What the audit honours does not change (src/audit/run.ts ignoreList).
 */
import { diagnostic, formatPath, type Diagnostic } from '../diagnostics.js';
import { isObject, locate, type Tree, type TreeObject } from '../yaml/located.js';
import { ruleById } from './rules/index.js';
import { obj, services, str } from './model.js';

const BLOCK = 'x-compose-review';
const ENTRY_KEYS = new Set(['rule', 'reason']);

/** The warnings of the model's `x-compose-review` blocks, each once by place and text (`seen`, shared across environments). */
export function xBlockDiagnostics(model: TreeObject, seen: Set<string>): Diagnostic[] {
  const out: Diagnostic[] = [];
  const check = (path: (string | number)[], block: Tree | undefined): void => {
    if (block === undefined) return;
    const bad = (at: (string | number)[], message: string): void => {
      const where = [...path, ...at];
      const loc = locate(model, where);
      const key = `${loc?.file}:${loc?.line}:${loc?.column}\0${message}`;
      if (seen.has(key)) return;
      seen.add(key);
      out.push(diagnostic('policy-invalid', 'warning', message, loc, formatPath(where)));
    };
    const o = obj(block);
    if (!o) {
      if (block !== null) bad([], `${BLOCK} must be a mapping with an ignore list: it is ignored`);
      return;
    }
    for (const key of Object.keys(o))
      if (key !== 'ignore') bad([key], `unknown member "${key}" of ${BLOCK}: expected ignore`);
    if (o.ignore === undefined || o.ignore === null) return;
    if (!Array.isArray(o.ignore)) {
      bad(['ignore'], 'ignore must be a list of rule ids ("<rule-id> <reason>" or {rule, reason}): it is ignored');
      return;
    }
    o.ignore.forEach((item, i) => {
      const entry = obj(item);
      const rule = entry ? str(entry.rule) : str(item)?.trim().split(/\s+/)[0];
      if (!rule) bad(['ignore', i], 'an ignore entry needs a rule id');
      else if (rule !== '*' && !ruleById(rule)) bad(['ignore', i], `unknown rule "${rule}"`);
      if (entry)
        for (const key of Object.keys(entry))
          if (!ENTRY_KEYS.has(key))
            bad(['ignore', i, key], `unknown member "${key}" of an ignore entry: expected rule or reason`);
    });
  };
  check([BLOCK], model[BLOCK]);
  for (const [name, svc] of services(model)) if (isObject(svc)) check(['services', name, BLOCK], svc[BLOCK]);
  return out;
}
