/**
 * A finding as the audit runner keeps it until an answer keeps it. A review counts, judges and
 * groups every finding, but its answer lists at most the `findings` budget of them (5,000 by
 * default): a 10,000-service project has some 100,000 findings, and their messages (and the
 * objects around them) were most of a worker's heap. A pending finding holds what the rule reported
 * (the message's values, the model path as text, the shared location) and makes the message and
 * the second locations when they are read; `materialize` makes the Finding itself, once, exactly as the
 * runner made it before (its keys in the same order), for the findings an answer keeps.
 */
import type { Location, Severity } from '../diagnostics.js';
import { diagnostic, parsePath } from '../diagnostics.js';
import type { AuditContext, Finding, Fix, RuleMeta } from './types.js';
import { formatMessage } from './rule.js';
import { relatedLocations } from './related.js';

/** What the findings of one rule in one environment share. */
export interface RuleRun {
  ctx: AuditContext;
  meta: RuleMeta;
}

/** Where a report without a location is (diagnostic()'s place for `undefined`). */
const NOWHERE: Location = { file: '', line: 1, column: 1 };

/** `(and 1,234 more like it here)`: the reports of one place a finding stands for. */
export const moreText = (more: number): string => ` (and ${more.toLocaleString('en-US')} more like it here)`;

export class PendingFinding {
  readonly run: RuleRun;
  /** the location the rule's path (or `at`) gave, or NOWHERE */
  readonly loc: Location;
  severity: Severity;
  messageId: string;
  /** the report's message values and model path (a more severe report at the place replaces them) */
  data: Readonly<Record<string, string | number>> | undefined;
  /**
   * formatPath of the report's path: as text, not the rule's array (an array a rule built by pushing
   * keeps room for 17 segments; 100,000 of them were 16 MB), read back by parsePath when needed
   */
  path: string;
  /** the first report's path, when a more severe report replaced it: second locations are found from the first */
  firstPath: string | undefined;
  fix: Fix | undefined;
  hint: string;
  suppressed: Finding['suppressed'];
  /** further reports this finding stands for ("(and N more like it here)"), set once the rule has run */
  more = 0;
  /** a fix that a more severe report brought after the finding was made: its key comes last */
  lateFix = false;
  #made?: Finding;

  constructor(
    run: RuleRun,
    loc: Location | undefined,
    severity: Severity,
    messageId: string,
    data: Readonly<Record<string, string | number>> | undefined,
    path: string,
    fix: Fix | undefined,
  ) {
    this.run = run;
    this.loc = loc ?? NOWHERE;
    this.severity = severity;
    this.messageId = messageId;
    this.data = data;
    this.path = path;
    this.firstPath = undefined;
    this.fix = fix;
    this.hint = fix?.description ?? run.meta.fix;
    this.suppressed = undefined;
  }

  get code(): string {
    return this.run.meta.id;
  }
  get rule(): string {
    return this.run.meta.id;
  }
  get environment(): string {
    return this.run.ctx.environment;
  }
  get file(): string {
    return this.loc.file;
  }
  get line(): number {
    return this.loc.line;
  }
  get column(): number {
    return this.loc.column;
  }
  get endLine(): number | undefined {
    return this.loc.endLine;
  }
  get endColumn(): number | undefined {
    return this.loc.endColumn;
  }
  get message(): string {
    const text = formatMessage(this.run.meta.messages[this.messageId], this.data);
    return this.more > 0 ? text + moreText(this.more) : text;
  }
  /** whether the report had a location (NOWHERE stands for none) */
  get located(): boolean {
    return this.loc !== NOWHERE;
  }
  get related(): Finding['related'] {
    const segments = parsePath(this.firstPath ?? this.path);
    const related = relatedLocations(this.run.ctx, segments, this.located ? this.loc : undefined);
    return related.length ? related : undefined;
  }

  /** The Finding, made once: its keys in the order the runner always gave them. */
  materialize(): Finding {
    return (this.#made ??= this.make());
  }

  /** The Finding as `materialize` makes it, made again unless it was: for a reader that copies it and lets it go. */
  made(): Finding {
    return this.#made ?? this.make();
  }

  private make(): Finding {
    const { severity, message, path, hint, rule, messageId, environment } = this;
    const fix = this.lateFix ? undefined : this.fix;
    const { file, line, column, endLine, endColumn } = this.loc;
    let f: Finding;
    // One object literal with diagnostic()'s fields in its order, then the finding's: every field in
    // the object itself (built from a spread of diagnostic(), every finding had a hidden class of its
    // own, 500 bytes each; extended field by field, a property array beside it). Two literals, with
    // and without `fix`, on purpose: a later `f.fix = fix` would bring the property array back.
    if (endLine !== undefined && endColumn !== undefined) {
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
      f = {
        ...diagnostic(rule, severity, message, this.located ? this.loc : undefined, path, hint),
        rule,
        messageId,
        environment,
      };
      if (fix) f.fix = fix;
    }
    const related = this.related;
    if (related) f.related = related;
    if (this.suppressed) f.suppressed = this.suppressed;
    if (this.lateFix && this.fix) f.fix = this.fix;
    return f;
  }
}

/** An audit's finding: pending (the runner's), or made (a crashed rule's, a partial audit's, a baseline's). */
export type AuditItem = PendingFinding | Finding;

export const toFinding = (item: AuditItem): Finding => (item instanceof PendingFinding ? item.materialize() : item);

/**
 * The Finding of an item for a reader that copies it and lets it go (the merge of several
 * environments' findings before grouping): not kept on the pending finding, which the audit keeps.
 */
export const findingCopy = (item: AuditItem): Finding => (item instanceof PendingFinding ? item.made() : item);
