/**
 * Partial audits: an environment that does not load (an undeclared secret, a required variable the
 * example env leaves unset, a file meant only as an `extends` source) still has files that parse.
 * Each is audited on its own, as written (uninterpolated, anchors resolved), with the rules about
 * values that are present: a file alone cannot say what another file of the environment would add,
 * so the rules about a missing setting or about the whole project (`wholeProject`) do not run.
 * Its findings are marked `partial`.
 */
import type { LoadedEnvironment } from '../load/bundle.js';
import type { ParseCache } from '../load/project.js';
import { isObject } from '../yaml/located.js';
import { dirname } from '../bundle/bundle.js';
import type { AuditPolicy, Finding, Role } from './types.js';
import { auditModel, type AuditResult } from './run.js';
import { rules } from './rules/index.js';
import { variableOrigins } from './related.js';

const ruleSet = rules.filter((r) => !r.meta.wholeProject);

/** The findings of each file of `env` that parses, audited on its own. */
export function auditFilesAlone(
  name: string,
  role: Role,
  env: LoadedEnvironment,
  cache: ParseCache,
  policy: AuditPolicy,
): AuditResult {
  const out: AuditResult = { findings: [], suppressed: [] };
  for (const file of env.files) {
    const parsed = cache.get(file);
    const tree = parsed?.documents[0]?.tree;
    if (!parsed || parsed.diagnostics.some((d) => d.severity === 'error') || !isObject(tree)) continue;
    const r = auditModel(
      {
        environment: name,
        role,
        model: tree,
        files: cache.bundle.files,
        parsed: (f) => cache.get(f)?.documents[0]?.tree,
        sources: [file],
        composeFiles: [file],
        workingDir: dirname(env.files[0]),
        variableOrigin: variableOrigins(cache.bundle.files, env),
      },
      { policy, rules: ruleSet },
    );
    const mark = (f: Finding): Finding => ((f.partial = true), f);
    out.findings.push(...r.findings.map(mark));
    out.suppressed.push(...r.suppressed.map(mark));
  }
  return out;
}
