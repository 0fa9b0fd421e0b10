/** The JSON the page reads from the public API (README "HTTP API"; the route schemas in src/api/routes). */
import type { Diagnostic, Location, Severity } from '../../src/diagnostics.js';

export type { Diagnostic, Location, Severity };

export type Json = string | number | boolean | null | Json[] | { [key: string]: Json };
export type JsonObject = { [key: string]: Json };

/** An environment of the bundle: `docker compose -f ... --env-file ... --profile ...`. */
export interface EnvironmentSpec {
  files: string[];
  envFiles?: string[];
  profiles?: string[];
  env?: Record<string, string>;
  /** only where the API accepts it (the page looks in /openapi.json) */
  role?: string;
}

export interface Bundle {
  files: Record<string, string>;
  environments?: Record<string, EnvironmentSpec>;
  projectName?: string;
}

export interface EnvironmentSummary {
  files: string[];
  envFiles?: string[];
  profiles?: string[];
  role: string;
  loaded: boolean;
  projectName?: string;
  services?: string[];
  disabledServices?: string[];
}

export interface ValidateAnswer {
  valid: boolean;
  environments: Record<string, EnvironmentSummary>;
  diagnostics: Diagnostic[];
}

export interface ConfigEnvironment {
  files: string[];
  projectName: string;
  model: JsonObject;
  provenance?: Record<string, Location>;
}

export interface ConfigAnswer {
  environments: Record<string, ConfigEnvironment>;
  diagnostics: Diagnostic[];
}

export interface Finding extends Diagnostic {
  rule?: string;
  environment?: string;
  environments?: string[];
  fix?: { description?: string; yaml?: string };
  suppressed?: { by?: string; reason?: string };
  development?: Location;
  related?: Location[];
}

export interface Counts {
  error: number;
  warning: number;
  info: number;
  suppressed?: number;
}

/** `groups[]` of the audit, where the service has it: one per rule and source location. */
export interface FindingGroupAnswer {
  rule?: string;
  code?: string;
  severity?: Severity;
  message?: string;
  file?: string;
  line?: number;
  column?: number;
  services?: string[];
  environments?: string[];
  fix?: { description?: string; yaml?: string };
  hint?: string;
  findings?: Finding[];
  [more: string]: unknown;
}

export interface AuditAnswer {
  failed: boolean;
  failOn: string;
  counts: Counts;
  environments: Record<string, { role: string; loaded: boolean; counts: Counts }>;
  findings: Finding[];
  suppressed: Finding[];
  diagnostics: Diagnostic[];
  groups?: FindingGroupAnswer[];
}

export interface DiffEntry {
  path: string;
  section: string;
  name: string;
  field: string;
  kind: 'added' | 'removed' | 'changed';
  from?: Json;
  to?: Json;
  fromLocation?: Location;
  toLocation?: Location;
}

export interface DiffAnswer {
  from: string;
  to: string;
  complete: boolean;
  summary: { added: number; removed: number; changed: number };
  entries: DiffEntry[];
  drift?: Finding[];
  diagnostics?: Diagnostic[];
}

export interface ReviewAnswer {
  verdict: { status: 'pass' | 'fail'; cause?: string; reason: string };
  failOn: string;
  counts: Counts;
  environments: Record<string, EnvironmentSummary & { counts?: Counts }>;
}

export interface RuleMeta {
  id: string;
  title: string;
  severity: Severity;
  category: string;
  description: string;
  fix: string;
  environments?: string;
  references?: Record<string, unknown>;
  /** the path of the rule's page on the service (`/docs/rules/<id>`) */
  docs?: string;
}

export interface Problem {
  status: number;
  title?: string;
  detail?: string;
  pointer?: string;
  diagnostics?: Diagnostic[];
}
