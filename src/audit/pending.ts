/**
 * Findings as the audit keeps them until an answer shows them. A large project has far more
 * findings than an answer lists (10,000 services: 100,000 findings, an answer keeps the `findings`
 * budget of them and one per group), and every reader of all of them (counts, grouping, the cap,
 * the verdict, baselines, a change's new and fixed lists) reads a few fields. A PendingFinding keeps
 * what its message, path and fix are made from: the rule's run (rule, environment, templates), the
 * report's shape (message id, data, path below the service, fix), shared by the reports of one
 * rule that differ only by service, and the service's name, which the model holds already. Its
 * message, path and fix are made when read; `plainFinding` makes the Finding an answer or a library
 * user gets, the same object the runner made before. As plain Findings, 100,000 findings held 39 MB
 * (message, path, a ServiceFix and a fourteen-field object each); pending, about 10 MB.
 */
import type { Location, Severity } from '../diagnostics.js';
import { diagnostic, formatPath } from '../diagnostics.js';
import type { TreeObject } from '../yaml/located.js';
import type { Finding, Fix, Report, RuleMeta } from './types.js';
import { fillMessage, templateParts } from './rule.js';
import { ServiceFix } from './model.js';

/**
 * Each rule's templates split once (by its messages object, then message id): the rule's own text,
 * the same for every request (a RuleRun of each rule and environment split them again each audit).
 */
const splitTemplates = new WeakMap<object, Map<string, readonly string[]>>();

/** What the findings of one rule in one environment share. */
export class RuleRun {
  readonly rule: string;
  readonly environment: string;
  readonly meta: RuleMeta;
  /** the rule's templates, split (splitTemplates) */
  #templates: Map<string, readonly string[]>;
  /** the last shape of each message id: the reports of a rule come service by service, most alike */
  #last = new Map<string, Shape>();
  constructor(meta: RuleMeta, environment: string) {
    this.meta = meta;
    this.rule = meta.id;
    this.environment = environment;
    let templates = splitTemplates.get(meta.messages);
    if (!templates) splitTemplates.set(meta.messages, (templates = new Map<string, readonly string[]>()));
    this.#templates = templates;
  }

  partsOf(messageId: string): readonly string[] {
    let parts = this.#templates.get(messageId);
    if (parts) return parts;
    const template = Object.hasOwn(this.meta.messages, messageId) ? this.meta.messages[messageId] : undefined;
    if (template === undefined) throw new Error(`no message "${messageId}"`);
    this.#templates.set(messageId, (parts = templateParts(template)));
    return parts;
  }

  /** The shape of a report (its path below `services.<service>` when it has a service), the last one when alike. */
  shapeOf(r: Report, service: string | undefined): Shape {
    const { fix } = r;
    const hint = fix?.description ?? this.meta.fix;
    const fragment = service === undefined ? undefined : ServiceFix.fragmentOf(fix, service);
    const last = this.#last.get(r.messageId);
    if (
      last &&
      last.hint === hint &&
      samePath(last.path, r.path) &&
      sameData(last.data, r.data) &&
      (fix === undefined
        ? last.fix === undefined && last.serviceFix === undefined
        : fragment !== undefined &&
          last.serviceFix?.description === fix.description &&
          last.serviceFix.fragment === fragment)
    )
      return last;
    const shape: Shape = { run: this, messageId: r.messageId, path: r.path, data: r.data, hint };
    if (fix && fragment) shape.serviceFix = { description: fix.description, fragment };
    else if (fix) shape.fix = fix;
    this.#last.set(r.messageId, shape);
    return shape;
  }
}

/** What a message, a path and a fix are made from, shared by the findings that differ only by service. */
export interface Shape {
  run: RuleRun;
  messageId: string;
  /** below `services.<service>` for a finding of a service, else from the model's root */
  path: readonly (string | number)[];
  data?: Readonly<Record<string, string | number>>;
  hint: string;
  /** the fix as the rule made it */
  fix?: Fix;
  /** a service fix, made for the finding's service when read */
  serviceFix?: { description: string; fragment: TreeObject };
  /**
   * the fix came with a more severe report at the finding's place, after the finding was made
   * without one: the runner set it last, after `related` and `suppressed`, and its key stays there
   */
  late?: boolean;
}

const samePath = (a: readonly (string | number)[], b: readonly (string | number)[]): boolean => {
  if (a === b) return true;
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
};

type Data = Readonly<Record<string, string | number>> | undefined;

function sameData(a: Data, b: Data): boolean {
  if (a === b) return true;
  if (a === undefined || b === undefined) return false;
  let n = 0;
  for (const k in a) {
    if (!Object.hasOwn(b, k) || a[k] !== b[k]) return false;
    n++;
  }
  for (const _ in b) n--;
  return n === 0;
}

/** ` (and 3 more like it here)`: a finding standing for several reports at one place. */
export const moreText = (count: number): string =>
  count > 1 ? ` (and ${(count - 1).toLocaleString('en-US')} more like it here)` : '';

/** A finding of the audit, its message, path and fix made when read (see the file's comment). */
export class PendingFinding implements Finding {
  shape: Shape;
  service: string | undefined;
  loc: Location | undefined;
  severity: Severity;
  /** how many reports it stands for (its message says so past one) */
  count: number;
  /** what few findings have, in one field (six fields: 72 bytes a finding) */
  #extra: { suppressed?: Finding['suppressed']; related?: Finding['related'] } | undefined;
  constructor(shape: Shape, service: string | undefined, loc: Location | undefined, severity: Severity) {
    this.shape = shape;
    this.service = service;
    this.loc = loc;
    this.severity = severity;
    this.count = 1;
    this.#extra = undefined;
  }

  get suppressed(): Finding['suppressed'] {
    return this.#extra?.suppressed;
  }
  set suppressed(suppressed: Finding['suppressed']) {
    if (suppressed || this.#extra) (this.#extra ??= {}).suppressed = suppressed;
  }
  get related(): Finding['related'] {
    return this.#extra?.related;
  }
  set related(related: Finding['related']) {
    if (related || this.#extra) (this.#extra ??= {}).related = related;
  }
  get code(): string {
    return this.shape.run.rule;
  }
  get rule(): string {
    return this.shape.run.rule;
  }
  get environment(): string {
    return this.shape.run.environment;
  }
  get messageId(): string {
    return this.shape.messageId;
  }
  get hint(): string {
    return this.shape.hint;
  }
  get file(): string {
    return this.loc?.file ?? '';
  }
  get line(): number {
    return this.loc?.line ?? 1;
  }
  get column(): number {
    return this.loc?.column ?? 1;
  }
  get endLine(): number | undefined {
    return this.loc?.endLine;
  }
  get endColumn(): number | undefined {
    return this.loc?.endColumn;
  }
  get message(): string {
    const { shape, service } = this;
    const data = service === undefined ? shape.data : { service, ...shape.data };
    return fillMessage(shape.run.partsOf(shape.messageId), data) + moreText(this.count);
  }
  get path(): string {
    return formatPath(this.segments());
  }
  get fix(): Fix | undefined {
    const { shape, service } = this;
    if (shape.fix || !shape.serviceFix || service === undefined) return shape.fix;
    return new ServiceFix(service, shape.serviceFix.description, shape.serviceFix.fragment);
  }

  /** The fix when the rule made it whole (not a service fix, made when read). */
  plainFix(): Fix | undefined {
    return this.shape.fix;
  }

  /** `fix?.description`, without the fix made. */
  fixDescription(): string | undefined {
    const { shape } = this;
    return shape.fix || this.service === undefined ? shape.fix?.description : shape.serviceFix?.description;
  }

  /** The model path's segments. */
  segments(): readonly (string | number)[] {
    const { path } = this.shape;
    return this.service === undefined ? path : ['services', this.service, ...path];
  }

  /** The same finding, suppressed. */
  suppressedBy(by: NonNullable<Finding['suppressed']>): PendingFinding {
    const p = new PendingFinding(this.shape, this.service, this.loc, this.severity);
    p.count = this.count;
    p.related = this.related;
    p.suppressed = by;
    return p;
  }

  /** The Finding as the runner made it: one object literal, diagnostic()'s fields in its order, then the finding's. */
  toFinding(): Finding {
    const { severity, message, path, hint, rule, messageId, environment, loc } = this;
    const fix = this.shape.late ? undefined : this.fix;
    let f: Finding;
    // Two literals, with and without `fix`, every field in the object itself: a later `f.fix = fix`
    // would bring a property array, a spread of diagnostic() a hidden class per finding.
    if (loc?.endLine !== undefined && loc.endColumn !== undefined) {
      const { file, line, column, endLine, endColumn } = loc;
      f = fix
        ? {
            code: rule,
            severity,
            message,
            file,
            line,
            column,
            path,
            endLine,
            endColumn,
            hint,
            rule,
            messageId,
            environment,
            fix,
          }
        : {
            code: rule,
            severity,
            message,
            file,
            line,
            column,
            path,
            endLine,
            endColumn,
            hint,
            rule,
            messageId,
            environment,
          };
    } else {
      f = { ...diagnostic(rule, severity, message, loc, path, hint), rule, messageId, environment };
      if (fix) f.fix = fix;
    }
    if (this.related) f.related = this.related;
    if (this.suppressed) f = { ...f, suppressed: this.suppressed };
    if (this.shape.late) f.fix = this.fix;
    return f;
  }
}

/** The Finding of a kept finding (a plain one as it is). */
export const plainFinding = (f: Finding): Finding => (f instanceof PendingFinding ? f.toFinding() : f);

/** `f` suppressed by `by` (a plain finding copied, as ever). */
export const suppressedFinding = (f: Finding, by: NonNullable<Finding['suppressed']>): Finding =>
  f instanceof PendingFinding ? f.suppressedBy(by) : { ...f, suppressed: by };

/**
 * A finding's fix snippet when its rule wrote it out (a service fix's is made when read, from a
 * fragment that is the same in every environment). Such a snippet may differ between environments
 * (port-all-interfaces lists the environment's ports): one entry for several environments shows it
 * only when they agree (snippetOf(a) === snippetOf(b)).
 */
export function snippetOf(f: { fix?: Fix }): string | undefined {
  const fix = f instanceof PendingFinding ? f.plainFix() : f.fix;
  return fix instanceof ServiceFix ? undefined : fix?.yaml;
}
