/**
 * The project policy, `.compose-review.yaml` (or `--policy FILE`): what it says, and a positioned
 * `policy-invalid` warning for each member the audit would not honour as written.
 */
import type { Diagnostic, Severity } from '../diagnostics.js';
import { SEVERITY_RANK, diagnostic, formatPath } from '../diagnostics.js';
import { isObject, locate } from '../yaml/located.js';
import type { Tree, TreeObject } from '../yaml/located.js';
import { parseYaml } from '../yaml/parse.js';
import type { AuditPolicy, Role } from './types.js';
import { ruleById } from './rules/index.js';
import { obj, list, str } from './model.js';
import { emptyRecord } from '../records.js';
import { jsonQuote } from '../utf8.js';

const isSeverity = (v: string): v is Severity => Object.hasOwn(SEVERITY_RANK, v);

const POLICY_KEYS = new Set(['rules', 'environments', 'ignore']);
const ENTRY_KEYS = new Set(['rule', 'services', 'reason']);

/**
 * One entry of the policy's `ignore` list, or undefined when it is not one (each reason said through
 * `bad`, at the member it is about). An entry with a member it cannot honour is ignored whole: one
 * left service-less would silence its rule for every service (`services: legacy`, `service: [legacy]`,
 * `services: []`), one with `environments:` in every environment.
 */
function ignoreEntry(
  item: Tree,
  bad: (member: string[], message: string) => void,
): NonNullable<AuditPolicy['ignore']>[number] | undefined {
  const o: TreeObject | undefined = obj(item);
  const rule = o ? str(o.rule) : str(item);
  if (!rule) {
    bad([], 'an ignore entry needs a rule');
    return undefined;
  }
  if (rule !== '*' && !ruleById(rule)) bad([], `unknown rule "${rule}"`);
  if (!o) return { rule };
  const ignored = 'the entry is ignored (it would suppress more than it names)';
  let ok = true;
  for (const key of Object.keys(o))
    if (!ENTRY_KEYS.has(key)) {
      bad([key], `unknown member "${key}" of an ignore entry: expected rule, services or reason; ${ignored}`);
      ok = false;
    }
  let services: string[] | undefined;
  if (Object.hasOwn(o, 'services')) {
    const names = Array.isArray(o.services) ? o.services.map((s) => (isObject(s) ? '' : (str(s) ?? ''))) : [];
    if (!names.length || names.includes('')) {
      bad(['services'], `services must be a non-empty list of service names; ${ignored}`);
      ok = false;
    } else services = names;
  }
  const reason = o.reason === undefined || o.reason === null ? undefined : str(o.reason);
  if (o.reason !== undefined && o.reason !== null && reason === undefined) {
    bad(['reason'], `reason must be a text; ${ignored}`);
    ok = false;
  }
  if (!ok) return undefined;
  return { rule, ...(services ? { services } : {}), ...(reason ? { reason } : {}) };
}

/**
 * Reads `.compose-review.yaml` (already parsed): `rules: {id: off|error|warning|info}`,
 * `environments: {name: production|development|other | {role: ...}}`, `ignore: [{rule, services?, reason?}]`.
 * Unknown rule ids and bad values are reported, never fatal.
 */
export function parsePolicy(
  tree: Tree | undefined,
  file = '.compose-review.yaml',
): { policy: AuditPolicy; diagnostics: Diagnostic[] } {
  const policy: AuditPolicy = {};
  const diagnostics: Diagnostic[] = [];
  const bad = (path: (string | number)[], message: string): void => {
    diagnostics.push(
      diagnostic(
        'policy-invalid',
        'warning',
        message,
        locate(tree, path) ?? { file, line: 1, column: 1 },
        formatPath(path),
      ),
    );
  };
  if (tree === undefined || tree === null) return { policy, diagnostics };
  if (!isObject(tree)) {
    bad([], 'the policy must be a mapping');
    return { policy, diagnostics };
  }
  // a member of the wrong shape or name would be ignored, and the policy not be the one meant
  for (const key of Object.keys(tree))
    if (!POLICY_KEYS.has(key)) bad([key], `unknown member "${key}": expected rules, environments or ignore`);
  const shaped = (key: string, ok: boolean, shape: string): void => {
    if (tree[key] !== undefined && tree[key] !== null && !ok) bad([key], `${key} must be ${shape}`);
  };
  const rules = obj(tree.rules);
  shaped('rules', rules !== undefined, 'a mapping of rule ids to off, error, warning or info');
  shaped('environments', obj(tree.environments) !== undefined, 'a mapping of environment names to roles');
  shaped('ignore', Array.isArray(tree.ignore), 'a list of entries ({rule, services, reason})');
  if (rules) {
    policy.rules = emptyRecord<'off' | Severity>();
    for (const id of Object.keys(rules)) {
      const v = str(rules[id]) ?? (rules[id] === false ? 'off' : '');
      if (!ruleById(id)) bad(['rules', id], `unknown rule "${id}"`);
      else if (v !== 'off' && !isSeverity(v))
        bad(['rules', id], `rule "${id}": expected off, error, warning or info, got ${jsonQuote(rules[id])}`);
      else policy.rules[id] = v;
    }
  }
  const envs = obj(tree.environments);
  if (envs) {
    policy.environments = emptyRecord<Role>();
    for (const name of Object.keys(envs)) {
      // `staging: production`, or `staging: {role: production}`
      const v = str(envs[name]) ?? str(obj(envs[name])?.role) ?? '';
      if (v === 'production' || v === 'development' || v === 'other') policy.environments[name] = v;
      else bad(['environments', name], `environment "${name}": expected production, development or other`);
    }
  }
  const ignore = list(tree.ignore);
  if (ignore.length) {
    policy.ignore = [];
    ignore.forEach((item, i) => {
      const entry = ignoreEntry(item, (member, message) => bad(['ignore', i, ...member], message));
      if (entry) policy.ignore?.push(entry);
    });
  }
  return { policy, diagnostics };
}

/**
 * A policy file's text read: its first document is the policy. A later document that holds anything
 * is a `policy-invalid` warning at its start, not a second policy read silently past (compose-go merges
 * a Compose file's documents, loader.go; a policy is one mapping, and which document meant what is
 * not ours to guess).
 */
export function policyFromText(text: string, file: string): { policy: AuditPolicy; diagnostics: Diagnostic[] } {
  const parsed = parseYaml(text, file);
  const r = parsePolicy(parsed.documents[0]?.tree, file);
  const later = parsed.documents
    .slice(1)
    .filter((d) => d.tree !== undefined && d.tree !== null)
    .map((d) =>
      diagnostic(
        'policy-invalid',
        'warning',
        'a second YAML document in the policy file: only the first document is the policy, this one is ignored',
        d.start,
        '',
      ),
    );
  return { policy: r.policy, diagnostics: [...parsed.diagnostics, ...r.diagnostics, ...later] };
}
