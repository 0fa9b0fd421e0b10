/**
 * Types of the audit stage. A rule is `meta` (data: enough for the README table and `GET /v1/rules`,
 * and the rule's message templates) plus `check`, which walks the merged canonical model of ONE
 * environment and reports findings by model path and message id; the runner turns paths into
 * locations and message ids into text, applies the policy and suppressions. Rules are written with
 * the helpers of `rule.ts`.
 */
import type { Diagnostic, Location, Severity } from '../diagnostics.js';
import type { Tree, TreeObject } from '../yaml/located.js';

import type { Role } from '../bundle/roles.js';

export type { Role };

/** Active findings by severity, and how many were suppressed. */
export type FindingCounts = Record<Severity, number> & { suppressed: number };

export interface AuditContext {
  environment: string;
  role: Role;
  /** merged, canonical model (`docker compose config` shape), with locations */
  model: TreeObject;
  /** raw file texts by bundle path: inline suppressions, quoting/order rules, `!reset` detection */
  files?: Record<string, string>;
  /** the development model beside a production one: enables the cross-environment rules */
  development?: { environment: string; model: TreeObject };
  /** the bundle files merged into this environment (when the loader says; else read from locations) */
  sources?: readonly string[];
  /** the environment's own Compose files (the -f list), without what they include or extend */
  composeFiles?: readonly string[];
  /** the parsed (uninterpolated) tree of a bundle file, from the request's parse cache */
  parsed?: (file: string) => Tree | undefined;
  /** project directory as resolved by normalize: bind sources below it are the project's own sources */
  workingDir?: string;
  /** where a variable of the environment was set (its env file line), for a finding's second location */
  variableOrigin?: (name: string) => Location | undefined;
}

export type Category =
  | 'privileges'
  | 'isolation'
  | 'filesystem'
  | 'resources'
  | 'network'
  | 'secrets'
  | 'images'
  | 'availability'
  | 'logging'
  | 'style'
  | 'environments';

export interface RuleMeta<Id extends string = string> {
  id: Id;
  title: string;
  /** default severity; a finding may carry another one (e.g. warning for a read-only mount) */
  severity: Severity;
  category: Category;
  /** 'production': runs only where the environment's role is production */
  environments: 'all' | 'production';
  /** off unless the policy turns it on: style rules, and rules true but rarely worth a line (see `note`) */
  defaultOff?: boolean;
  /**
   * `project`: a setting every service of a production setup should have (cap_drop, limits, log
   * rotation...): its findings fold into one project-level group, `summary` saying what the
   * services that pass do ("0 of 45 services drop capabilities"). The severity stays.
   */
  scope?: 'service' | 'project';
  /** for project-scope rules: what a passing service does, after "N of M services" */
  summary?: string;
  /**
   * judges the merged project (a setting no file sets, a reference across files): not run on a file
   * audited on its own because its environment does not load (partial audits)
   */
  wholeProject?: boolean;
  /** why the rule is off by default or at its severity, when real projects decided it (the rules table says it) */
  note?: string;
  references: { cis?: string; kics?: string[]; semgrep?: string; dclint?: string; cwe?: string };
  description: string;
  /** the fix hint, one line */
  fix: string;
  /** message templates by message id; `{{name}}` stands for the report's `data.name` (ESLint's meta.messages) */
  messages: Readonly<Record<string, string>>;
}

export interface Fix {
  description: string;
  /** the YAML snippet to add or change */
  yaml?: string;
  /** an override fragment (`services.<name>...`) that closes the finding when merged on top */
  patch?: TreeObject;
  /** why an answer shows no `yaml` or `patch`: they would show a secret (src/redact/mask.ts Masker.fix) */
  withheld?: string;
}

/** What a rule reports: the model path it is about (the runner finds the location) and which message. */
export interface Report {
  path: (string | number)[];
  /** a key of the rule's `meta.messages` */
  messageId: string;
  /** the values of the message's `{{placeholders}}` */
  data?: Readonly<Record<string, string | number>>;
  severity?: Severity;
  /** overrides the location found from `path` */
  at?: Location;
  fix?: Fix;
  /**
   * how many reports of this place this one stands for (default 1): a rule that judges the ports of
   * a range at once says so, and the finding reads "(and N more like it here)" as if each was reported
   */
  count?: number;
}

export interface Rule<Id extends string = string> {
  meta: RuleMeta<Id>;
  /**
   * `service`: the report is about that service, its `path` below `services.<service>` and its
   * message's `{{service}}` the name (what serviceRule reports)
   */
  check(ctx: AuditContext, report: (r: Report, service?: string) => void): void;
}

export interface Finding extends Diagnostic {
  rule: string;
  /** where the value came from when the location is not the whole story: an env file line, an alias */
  related?: (Location & { message?: string })[];
  /** which of the rule's messages `message` is (absent on the runner's own findings and on drift's) */
  messageId?: string;
  environment: string;
  fix?: Fix;
  suppressed?: { by: 'inline' | 'service' | 'config' | 'baseline'; reason?: string };
  /** found in a file audited on its own, because its environment does not load */
  partial?: boolean;
}

/** `.compose-review.yaml` */
export interface AuditPolicy {
  rules?: Record<string, 'off' | Severity>;
  environments?: Record<string, Role>;
  /** project-wide suppressions: by rule, optionally narrowed to services */
  ignore?: { rule: string; services?: string[]; reason?: string }[];
}
