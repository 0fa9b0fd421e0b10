/**
 * The one error of the normalize stage. compose-go stops at the first error of Canonical /
 * SetDefaultValues / Normalize, so do we: the stage throws a NormalizeError whose message is
 * compose-go's own, and which knows where the offending value sits (`diagnostic`). The low-level
 * parsers (ports, volumes, units) throw it without a location; the tree walkers add one.
 */
import type { Diagnostic, Location } from '../diagnostics.js';
import { diagnostic, formatPath, quotedParts, quoting } from '../diagnostics.js';

export class NormalizeError extends Error {
  constructor(
    message: string,
    readonly code = 'normalize-invalid',
    readonly path: readonly (string | number)[] = [],
    readonly location?: Location,
    /** how to fix it (a `*-limit` error: how to raise the budget) */
    readonly hint?: string,
    /** compose-go's message when ours is not it (see Diagnostic.composeMessage) */
    readonly composeMessage?: string,
    /** the other errors of the same pass, where compose-go reports them together (mapstructure) */
    readonly more: readonly NormalizeError[] = [],
  ) {
    super(message);
    this.name = 'NormalizeError';
  }

  /** The same error placed at `path` / `location` (when it has none yet). */
  at(path: readonly (string | number)[], location: Location | undefined): NormalizeError {
    if (this.location) return this;
    const placed = new NormalizeError(
      this.message,
      this.code,
      path,
      location,
      this.hint,
      this.composeMessage,
      this.more,
    );
    return quoting(placed, quotedParts(this));
  }

  /** (quoting the pieces of values this error's message quotes: src/diagnostics.ts quoting) */
  get diagnostic(): Diagnostic {
    return quoting(this.made(), quotedParts(this));
  }

  private made(): Diagnostic {
    return diagnostic(
      this.code,
      'error',
      this.message,
      this.location,
      formatPath(this.path),
      this.hint,
      // the stage's messages are compose-go's own, but for the budgets (ours) and decode errors (both)
      this.composeMessage ?? (this.code.endsWith('-limit') ? undefined : this.message),
    );
  }

  /** This error and the others reported with it, as Diagnostics. */
  get diagnostics(): Diagnostic[] {
    return [this, ...this.more].map((e) => e.diagnostic);
  }
}
