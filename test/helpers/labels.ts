/** The frozen labelled findings of fixtures/audit-labels, and their file sets audited again in the labelled role. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { FIXTURES } from './fixtures.js';
import { corpusSets } from './corpus.js';
import { loadBundle } from '../../src/load/bundle.js';
import { auditProject } from '../../src/audit/project.js';
import type { Finding, Role } from '../../src/audit/types.js';

export interface AuditLabel {
  id: string;
  set: string;
  files: string[];
  role: Role;
  rule: string;
  file: string;
  path: string;
  label: 'TP' | 'FP' | 'noise';
  reason: string;
  then: { severity: string; line: number; message: string };
}

export function auditLabels(): AuditLabel[] {
  return JSON.parse(readFileSync(join(FIXTURES, 'audit-labels', 'labels.json'), 'utf8')) as AuditLabel[];
}

export interface LabelledGroup {
  key: string;
  labels: AuditLabel[];
  findings: Finding[];
  /** whether today's audit reports the labelled finding (rule, file, model path) */
  reported: (l: AuditLabel) => boolean;
  /** the severity today's audit reports it at (undefined when it does not) */
  severity: (l: AuditLabel) => string | undefined;
}

/** One audit per labelled file set and role, with the default rules. */
export function labelledAudit(labels: readonly AuditLabel[]): LabelledGroup[] {
  const sets = corpusSets();
  const groups = new Map<string, AuditLabel[]>();
  for (const l of labels) {
    const key = `${l.set} :: ${l.files.join(',')} as ${l.role}`;
    groups.set(key, [...(groups.get(key) ?? []), l]);
  }
  return [...groups].map(([key, group]) => {
    const { set: id, files, role } = group[0];
    const set = sets.find((s) => s.id === id && s.spec.files.join(',') === files.join(','));
    if (!set) throw new Error(`no corpus set ${key}`);
    const result = loadBundle({ files: set.bundle.files, environments: { labelled: set.spec } });
    const findings = auditProject(result, { policy: { environments: { labelled: role } } }).findings;
    const at = new Map(findings.map((f) => [`${f.rule}\0${f.file}\0${f.path}`, f.severity]));
    const where = (l: AuditLabel): string => `${l.rule}\0${l.file}\0${l.path}`;
    return { key, labels: group, findings, reported: (l) => at.has(where(l)), severity: (l) => at.get(where(l)) };
  });
}
