/**
 * The audit of a whole bundle: every loaded environment audited with the rules its role calls for,
 * production-like environments beside the development one (for the cross-environment rules), the
 * project policy read from `.compose-review.yaml` when the bundle has one.
 */
import { diagnostic, type Diagnostic } from '../diagnostics.js';
import type { BundleResult, LoadedEnvironment } from '../load/bundle.js';
import { deriveEnvironments, dirname, resolveInBundle, type Bundle, type EnvironmentSpec } from '../bundle/bundle.js';
import type { RoleChoice } from '../bundle/roles.js';
import { emptyRecord } from '../records.js';
import type { AuditPolicy, Finding, FindingCounts } from './types.js';
import { budgets, capFindings } from '../limits.js';
import { auditPending, own } from './run.js';
import { policyFromText } from './policy.js';
import { xBlockDiagnostics } from './x-block.js';
import { fixOverride } from './fix.js';
import { variableOrigins } from './related.js';
import { auditFilesAlone } from './partial.js';
import { plainFixes } from './model.js';
import { plainFinding } from './pending.js';

export interface EnvironmentAudit extends RoleChoice {
  loaded: boolean;
  /** it did not load: its files were audited on their own (see partial.ts) */
  partial?: boolean;
  findings: Finding[];
  suppressed: Finding[];
  /** `compose.hardening.yaml`: the override that closes the fixable findings (when asked for) */
  fix?: { yaml: string; fixed: number };
}

export interface ProjectAudit {
  /** each environment's findings, all of them */
  environments: Record<string, EnvironmentAudit>;
  /**
   * findings of every environment (one entry per environment and finding), capped to the `findings`
   * budget: the most severe kept, a `finding-limit` diagnostic says how many were left out
   */
  findings: Finding[];
  /** suppressed findings, capped the same way */
  suppressed: Finding[];
  /** every finding and suppressed finding counted, before capping */
  counts: FindingCounts;
  /** problems of the policy file, and the `finding-limit` entries of the capped lists */
  diagnostics: Diagnostic[];
  policy: AuditPolicy;
}

export const POLICY_FILE = '.compose-review.yaml';
/** Also read, when no `.compose-review.yaml` stands beside it (docker compose prefers compose.yaml too). */
export const POLICY_FILE_YML = '.compose-review.yml';
/** Both names a policy file may have, the `.yaml` one first (readPolicy, the CLI's lookups). */
export const POLICY_NAMES: readonly string[] = [POLICY_FILE, POLICY_FILE_YML];

export interface AuditProjectOptions {
  policy?: AuditPolicy;
  fix?: boolean;
  /** findings per list of the answer (default: the bundle's budgets, else the default budget) */
  maxFindings?: number;
  /**
   * an environment's name as the findings' messages write it (default: as it is): the masker's
   * `name` (src/redact/mask.ts), which shows two names that mask alike apart by their ordinal
   */
  label?: (name: string) => string;
}

/**
 * The nearest policy file: beside the first Compose file of the first environment, else in the
 * nearest directory above it up to the bundle root that has one (as eslint and hadolint find their
 * configuration: the nearest wins, none is merged): `.compose-review.yaml`, else
 * `.compose-review.yml`; with both in one directory the `.yaml` one is read and a
 * `policy-file-ignored` warning at the other says so.
 */
export function readPolicy(
  bundle: Bundle,
  specs: Record<string, EnvironmentSpec> = deriveEnvironments(bundle).environments,
): { policy: AuditPolicy; diagnostics: Diagnostic[] } {
  const files = bundle.files;
  const first = Object.values(specs)[0]?.files[0];
  const dirs = [first === undefined ? '' : dirname(first)];
  while (dirs[dirs.length - 1] !== '') dirs.push(dirname(dirs[dirs.length - 1]));
  for (const dir of dirs) {
    const yaml = resolveInBundle(dir, POLICY_FILE);
    const yml = resolveInBundle(dir, POLICY_FILE_YML);
    const has = (p: string | undefined): p is string => p !== undefined && Object.hasOwn(files, p);
    const path = has(yaml) ? yaml : has(yml) ? yml : undefined;
    if (!path) continue;
    const r = policyFromText(files[path], path);
    const ignored =
      path === yaml && has(yml)
        ? [
            diagnostic(
              'policy-file-ignored',
              'warning',
              `${yml} is not read: ${yaml} beside it is the policy (the .yaml name wins, as compose.yaml does for docker compose)`,
              { file: yml, line: 1, column: 1 },
              '',
            ),
          ]
        : [];
    return { policy: r.policy, diagnostics: [...ignored, ...r.diagnostics] };
  }
  return { policy: {}, diagnostics: [] };
}

/** The policy's role for an environment wins over its name and files, not over --role or the bundle's `role`. */
export function roleWithPolicy(env: LoadedEnvironment, policy: AuditPolicy): RoleChoice {
  const { role, roleSource, roleReason } = env;
  const fromPolicy = own(policy.environments, env.environment_name);
  if (fromPolicy === undefined || roleSource === 'flag' || roleSource === 'bundle' || roleSource === 'policy')
    return { role, roleSource, roleReason };
  return { role: fromPolicy, roleSource: 'policy', roleReason: `environments.${env.environment_name} in the policy` };
}

export function auditProject(result: BundleResult, options: AuditProjectOptions = {}): ProjectAudit {
  const fromFile = options.policy
    ? { policy: options.policy, diagnostics: [] }
    : readPolicy(result.cache.bundle, result.specs);
  const policy = fromFile.policy;
  const out: ProjectAudit = {
    environments: emptyRecord(),
    findings: [],
    suppressed: [],
    counts: { error: 0, warning: 0, info: 0, suppressed: 0 },
    diagnostics: fromFile.diagnostics,
    policy,
  };
  // each environment with the role it gets
  const envs = Object.entries(result.environments).map(([name, e]) => ({
    name,
    env: e,
    choice: roleWithPolicy(e, policy),
  }));
  // the x-compose-review blocks' warnings, once for the environments sharing a block
  const blocksSeen = new Set<string>();
  for (const { env } of envs) {
    const warnings = env.model ? xBlockDiagnostics(env.model, blocksSeen) : [];
    // a new list: the policy's may be shared with its reader
    if (warnings.length) out.diagnostics = [...out.diagnostics, ...warnings];
  }
  const development = envs.find((e) => e.choice.role === 'development' && e.env.model);
  const lists: Lists[] = [];
  const developmentModel = development?.env.model;
  for (const { name, env, choice } of envs) {
    const role = choice.role;
    let fix: EnvironmentAudit['fix'];
    let r: { findings: Finding[]; suppressed: Finding[] };
    if (env.model) {
      r = auditPending(
        {
          environment: name,
          role,
          model: env.model,
          files: result.cache.bundle.files,
          parsed: (file) => env.documents[file],
          sources: env.sources,
          composeFiles: env.files,
          workingDir: dirname(env.files[0]),
          variableOrigin: variableOrigins(result.cache.bundle.files, env),
          ...(role === 'production' && development && developmentModel && development.name !== name
            ? // its name as the answers name an environment (options.label): the messages say it
              { development: { environment: (options.label ?? String)(development.name), model: developmentModel } }
            : {}),
        },
        { policy },
      );
      if (options.fix) {
        const f = fixOverride(r.findings);
        fix = { yaml: f.yaml, fixed: f.fixed.length };
      }
    } else {
      // it does not load: each of its files that parses, on its own, with the rules about values present
      r = auditFilesAlone(name, role, env, result.cache, policy);
    }
    const audit = pendingAudit(choice, env.model !== undefined, r);
    if (fix) audit.fix = fix;
    if (!env.model) audit.partial = true;
    out.environments[name] = audit;
    lists.push(r);
  }
  // one array of each, made at its size: pushed to, 100,000 findings made a growing array in the large
  // object space a dozen times over (the old generation: 2.4 MB where 0.8 is made here)
  out.findings = out.findings.concat(...lists.map((l) => l.findings));
  out.suppressed = out.suppressed.concat(...lists.map((l) => l.suppressed));
  for (const f of out.findings) out.counts[f.severity]++;
  out.counts.suppressed = out.suppressed.length;
  const max = options.maxFindings ?? result.budgets?.findings ?? budgets().findings;
  capLists(out, out.findings, out.suppressed, max);
  return out;
}

/**
 * The answer's lists of `audit` from every finding and suppressed finding: each capped to `max`
 * (a `finding-limit` diagnostic saying how many more), made plain Findings, their fixes plain.
 */
export function capLists(audit: ProjectAudit, findings: Finding[], suppressed: Finding[], max: number): void {
  const shown = capFindings(findings, max);
  const silenced = capFindings(suppressed, max, 'suppressed findings');
  audit.findings = shown.kept.map(plainFinding);
  audit.suppressed = silenced.kept.map(plainFinding);
  plainFixes(audit.findings);
  plainFixes(audit.suppressed);
  for (const limit of [shown.limit, silenced.limit]) if (limit) audit.diagnostics.push(limit);
}

/** An environment's findings as the audit keeps them (pending.ts), or as a reader set them. */
interface Lists {
  findings: Finding[];
  suppressed: Finding[];
}

const listsOf = new WeakMap<EnvironmentAudit, Lists & { plain: Set<keyof Lists> }>();

/** An environment's list: its findings made Findings when first read (see pendingAudit). */
function readList(audit: EnvironmentAudit, key: keyof Lists): Finding[] {
  const lists = listsOf.get(audit);
  if (!lists) return [];
  if (!lists.plain.has(key)) {
    const plain = lists[key].map(plainFinding);
    // fixes as plain data, `yaml` and `patch` fields of their own: a copy, structuredClone or
    // postMessage of a library user's finding keeps them (a ServiceFix makes them in getters)
    plainFixes(plain);
    lists[key] = plain;
    lists.plain.add(key);
  }
  return lists[key];
}

/** An environment's list assigned: the list from then on, as it is (what is pushed to it stays). */
function writeList(audit: EnvironmentAudit, key: keyof Lists, v: Finding[]): void {
  const lists = listsOf.get(audit);
  if (!lists) return;
  lists[key] = v;
  lists.plain.add(key);
}

/**
 * An environment's audit with its `findings` and `suppressed` made Findings when first read (by a
 * library user, a test): until then they stay pending, as the readers below read them. A list read
 * is the list from then on (what is pushed to it stays), and one assigned replaces it. One literal,
 * its accessors in it (enumerable, configurable, in the place of the lists among the keys): made
 * with data properties that Object.defineProperties then turned into accessors, each environment's
 * audit became an object in dictionary mode, and the defining cost more than the audit of a rule.
 */
function pendingAudit(choice: RoleChoice, loaded: boolean, lists: Lists): EnvironmentAudit {
  const audit: EnvironmentAudit = {
    // RoleChoice's three keys (roleWithPolicy makes each choice with all three)
    role: choice.role,
    roleSource: choice.roleSource,
    roleReason: choice.roleReason,
    loaded,
    get findings(): Finding[] {
      return readList(this, 'findings');
    },
    set findings(v: Finding[]) {
      writeList(this, 'findings', v);
    },
    get suppressed(): Finding[] {
      return readList(this, 'suppressed');
    },
    set suppressed(v: Finding[]) {
      writeList(this, 'suppressed', v);
    },
  };
  listsOf.set(audit, { findings: lists.findings, suppressed: lists.suppressed, plain: new Set() });
  return audit;
}

/**
 * An environment's findings and suppressed findings as the audit keeps them, unlike
 * `audit.environments[name].findings` never made plain Findings: for the readers of every finding
 * (counts, grouping, baselines, the verdict), which read them and keep the few an answer shows
 * (`plainFinding`). Assigning to a list of it assigns the environment's.
 */
export function environmentFindings(e: EnvironmentAudit): Lists {
  return listsOf.get(e) ?? e;
}

/** An environment's findings, then its suppressed ones, as the audit keeps them (for counting them). */
export function everyFinding(e: EnvironmentAudit): Finding[] {
  const lists = environmentFindings(e);
  return lists.findings.concat(lists.suppressed);
}

/**
 * Every finding of every environment, before capping (what verdicts and change reviews compare):
 * as the audit keeps them (see environmentFindings).
 */
export function allFindings(audit: ProjectAudit): { findings: Finding[]; suppressed: Finding[] } {
  // arrays made at their size (see auditProject)
  const lists = Object.values(audit.environments).map(environmentFindings);
  const none: Finding[] = [];
  return {
    findings: none.concat(...lists.map((l) => l.findings)),
    suppressed: none.concat(...lists.map((l) => l.suppressed)),
  };
}
