/**
 * compose-go template.Substitute: `$VAR`, `${VAR}`, `${VAR:-d}`, `${VAR-d}`, `${VAR:?e}`, `${VAR?e}`,
 * `${VAR:+r}`, `${VAR+r}`, nesting and `$$`. A port of template/template.go, quirks included.
 *
 * compose-go matches `\$(?i:(\$)|([_a-z][_a-z0-9]*)|{(?:([_a-z][_a-z0-9]*(?::?[-+?](.*))?)}|()))`:
 * a braced expression with an operator runs greedily to the last `}` of its line, is cut at the first
 * balanced `}`, and the rest is substituted as a template of its own. A backtracking regex makes that
 * quadratic on long lines, so `Scanner` matches the same language by hand, and the rest is scanned in
 * place (same matches, since the rest ends at the line's last `}`) instead of by recursion.
 */
import { goQuote } from '../compat/go.js';

/** Returns the value of a variable, undefined when unset (set-but-empty is ''). */
export type Lookup = (name: string) => string | undefined;

export interface SubstituteOptions {
  /** receives compose-go's logrus warnings ("The "X" variable is not set. ...") */
  warn?: (message: string) => void;
  /**
   * characters substitution may add to its templates: `max`, of which `used` already were, shared by
   * every call given the same object (one environment's budget); without it, each call may add the
   * default budget's worth. A `${B}${B}...` .env, each line a hundred times the one before, would
   * otherwise build strings past what a process can hold.
   */
  growth?: Growth;
  /**
   * compose-go WithSubstitutionFunction (SubstituteWith's extra function): applied to the body of every
   * braced expression (`FOO`, `FOO:-x`) instead of its operator's function. A string when it applies
   * (what follows the expression's first balanced `}` is then substituted as its own template), undefined
   * when it does not (the variable named by the body is looked up); it may throw to fail.
   */
  substituteFunc?: (body: string, lookup: Lookup) => string | undefined;
  /**
   * compose-go WithReplacementFunction: what replaces each match of the pattern (`$$`, `$FOO`, `${FOO}`,
   * `${FOO:-x}` with what its line holds up to its last `}`), given `defaults`, compose-go's
   * DefaultReplacementAppliedFunc for the same options. An error it throws is the substitution's error
   * (the first one, the others still replaced).
   */
  replacement?: (match: string, lookup: Lookup, defaults: DefaultReplacement) => string;
}

/**
 * compose-go DefaultReplacementAppliedFunc: the replacement of one match, and whether it applied (a
 * set variable, an escape, an operator's function that applied). Throws an InterpolationError.
 */
export type DefaultReplacement = (match: string) => { value: string; applied: boolean };

export interface Growth {
  max: number;
  used: number;
}

const DEFAULT_GROWTH = 4 << 20;

export type Operator = ':?' | '?' | ':-' | '-' | ':+' | '+';

/** An interpolation failure; `variable` is set when a required variable is missing. */
export class InterpolationError extends Error {
  readonly variable?: string;
  constructor(message: string) {
    super(message);
    this.name = new.target.name;
  }
}

/** A `$` expression that is not a valid template (`${`, `${}`, `${ x}`); `template` is the text compose-go names. */
export class InvalidTemplateError extends InterpolationError {
  constructor(readonly template: string) {
    super(`Invalid template: ${goQuote(template)}`);
  }
}

/** Defaults nested deeper than MAX_NESTING (a guard of ours: compose-go has none, real files stay far below). */
export class TemplateLimitError extends InterpolationError {}

/** Substitution adding more characters than its budget (SubstituteOptions.growth). */
export class TemplateSizeError extends InterpolationError {
  constructor(readonly max: number) {
    super(`interpolation adds more than ${max.toLocaleString('en-US')} characters`);
  }
}

export const MAX_NESTING = 100;

/** `${VAR:?reason}` / `${VAR?reason}` whose variable is missing. */
export class MissingRequiredError extends InterpolationError {
  constructor(
    override readonly variable: string,
    readonly reason: string,
  ) {
    super(
      reason !== ''
        ? `required variable ${variable} is missing a value: ${reason}`
        : `required variable ${variable} is missing a value`,
    );
  }
}

const OPERATORS: readonly Operator[] = [':?', '?', ':-', '-', ':+', '+'];

/** The operator compose-go applies to a braced body: the one occurring first; `:?` when none does. */
export function substitutionOperator(body: string): Operator {
  let best: Operator = OPERATORS[0];
  let bestIdx = -1;
  for (const op of OPERATORS) {
    const i = body.indexOf(op);
    if (i >= 0 && (bestIdx < 0 || i < bestIdx)) [best, bestIdx] = [op, i];
  }
  return best;
}

/** Index of the `}` closing the first `{` in s[from, to), -1 if none (template.go getFirstBraceClosingIndex). */
export function firstBraceClosingIndex(s: string, from = 0, to = s.length): number {
  let open = 0;
  for (let i = from; i < to; i++) {
    if (s[i] === '}') {
      open--;
      if (open === 0) return i;
    }
    if (s[i] === '{') {
      open++;
      i++;
    }
  }
  return -1;
}

/** One match of compose-go's pattern; none of escaped/named/braced set means the invalid `${`. */
export interface TemplateMatch {
  start: number;
  end: number;
  escaped: boolean;
  named: string;
  braced: string;
  /** operator of a braced expression, '' for `${VAR}` */
  op: Operator | '';
}

// (?i) folds k with U+212A (Kelvin) and s with U+017F (long s), so Go accepts both as letters
const isNameStart = (c: string | undefined) => c !== undefined && /^[_a-zA-Z\u017F\u212A]$/.test(c);
const isNameChar = (c: string | undefined) => c !== undefined && /^[_a-zA-Z0-9\u017F\u212A]$/.test(c);

/** Finds compose-go pattern matches left to right in linear time (the line's last `}` is cached). */
export class Scanner {
  private lineStart = 0;
  private lineEnd = -1;
  private lastBrace = -1;

  constructor(readonly text: string) {}

  next(from: number): TemplateMatch | undefined {
    for (let i = this.text.indexOf('$', from); i >= 0; i = this.text.indexOf('$', i + 1)) {
      const m = this.at(i);
      if (m) return m;
    }
    return undefined;
  }

  at(i: number): TemplateMatch | undefined {
    const s = this.text;
    const m: TemplateMatch = { start: i, end: i + 2, escaped: false, named: '', braced: '', op: '' };
    const c = s[i + 1];
    if (c === '$') return { ...m, escaped: true };
    let k = i + 2;
    if (isNameStart(c)) {
      while (isNameChar(s[k])) k++;
      return { ...m, end: k, named: s.slice(i + 1, k) };
    }
    if (c !== '{') return undefined;
    if (!isNameStart(s[k])) return m;
    k++;
    while (isNameChar(s[k])) k++;
    const colon = s[k] === ':' ? 1 : 0;
    const opChar = s[k + colon];
    if (opChar === '-' || opChar === '+' || opChar === '?') {
      const brace = this.lastBraceOfLine(k + colon + 1);
      if (brace >= 0)
        return { ...m, end: brace + 1, braced: s.slice(i + 2, brace), op: colon ? (`:${opChar}` as const) : opChar };
    }
    return s[k] === '}' ? { ...m, end: k + 1, braced: s.slice(i + 2, k) } : m;
  }

  /** The last `}` in [from, end of line), -1 if none (Go's `.` stops at a line break). */
  private lastBraceOfLine(from: number): number {
    if (from < this.lineStart || from > this.lineEnd) {
      const s = this.text;
      this.lineStart = s.lastIndexOf('\n', from - 1) + 1;
      const nl = s.indexOf('\n', from);
      this.lineEnd = nl < 0 ? s.length : nl;
      this.lastBrace = this.lineEnd > 0 ? s.lastIndexOf('}', this.lineEnd - 1) : -1;
      if (this.lastBrace < this.lineStart) this.lastBrace = -1;
    }
    return this.lastBrace >= from ? this.lastBrace : -1;
  }
}

function partition(s: string, sep: string): [string, string] {
  const i = s.indexOf(sep);
  return i < 0 ? [s, ''] : [s.slice(0, i), s.slice(i + sep.length)];
}

/** The value of one braced expression with an operator (template.go's substitution functions). */
function applyOperator(
  op: Operator,
  body: string,
  lookup: Lookup,
  warn: SubstituteOptions['warn'],
  depth: number,
  growth: Growth,
): string {
  const [name, arg] = partition(body, op);
  const value = lookup(name);
  const colon = op.length === 2;
  switch (op[op.length - 1]) {
    case '-':
      return value === undefined || (colon && value === '')
        ? substituteAt(arg, lookup, warn, depth + 1, growth)
        : value;
    case '+':
      return value !== undefined && (!colon || value !== '')
        ? substituteAt(arg, lookup, warn, depth + 1, growth)
        : (value ?? '');
    default:
      // the reason is substituted only when needed: no warning for an unused `${A?${B}}`
      if (value === undefined || (colon && value === ''))
        throw new MissingRequiredError(name, substituteAt(arg, lookup, warn, depth + 1, growth));
      return value;
  }
}

/** Substitutes variables; throws the first InterpolationError (InvalidTemplateError, MissingRequiredError, TemplateLimitError). */
export function substitute(template: string, lookup: Lookup, options: SubstituteOptions = {}): string {
  const growth = options.growth ?? { max: DEFAULT_GROWTH, used: 0 };
  const out =
    options.substituteFunc || options.replacement
      ? substituteWithHooks(template, lookup, options, growth)
      : substituteAt(template, lookup, options.warn, 0, growth);
  if (out.length > template.length) growth.used += out.length - template.length;
  return out;
}

function substituteAt(
  template: string,
  lookup: Lookup,
  warn: SubstituteOptions['warn'],
  depth: number,
  growth: Growth,
): string {
  if (depth > MAX_NESTING) throw new TemplateLimitError(`template nested deeper than ${MAX_NESTING} levels`);
  const scanner = new Scanner(template);
  let out = '';
  let pos = 0;
  let error: InterpolationError | undefined;
  // the rest after a cut, which compose-go substitutes as its own template (named in InvalidTemplateError)
  let rest = { start: 0, end: 0 };
  for (let m = scanner.next(pos); m; m = scanner.next(pos)) {
    out += template.slice(pos, m.start);
    pos = m.end;
    if (m.escaped) out += '$';
    else if (m.op !== '') {
      const closing = firstBraceClosingIndex(template, m.start, m.end);
      const cut = closing < 0 ? m.end : closing + 1;
      try {
        out += applyOperator(m.op, template.slice(m.start + 2, cut - 1), lookup, warn, depth, growth);
        // on success the rest is scanned in place; on error compose-go drops it unscanned
        [pos, rest] = [cut, { start: cut, end: m.end }];
      } catch (e) {
        if (!(e instanceof InterpolationError) || e instanceof TemplateSizeError) throw e;
        error ??= e;
      }
    } else if (m.named || m.braced) {
      const name = m.named || m.braced;
      const value = lookup(name);
      if (value === undefined) warn?.(`The ${goQuote(name)} variable is not set. Defaulting to a blank string.`);
      out += value ?? '';
    } else
      error ??= new InvalidTemplateError(
        m.start >= rest.start && m.start < rest.end ? template.slice(rest.start, rest.end) : template,
      );
    // what this template has added so far, before it grows further
    if (growth.used + out.length - pos > growth.max) throw new TemplateSizeError(growth.max);
  }
  if (error) throw error;
  return out + template.slice(pos);
}

/**
 * SubstituteWithOptions with a substitution or replacement function of the caller: template.go's own
 * structure (each match replaced whole by the replacement function, whose default cuts it at its first
 * balanced `}` and substitutes the rest as a template of its own, with the default functions), since
 * the caller's functions see the matches as compose-go hands them. Linear like `substituteAt`: each
 * rest is a part of its match, substituted once.
 */
function substituteWithHooks(template: string, lookup: Lookup, options: SubstituteOptions, growth: Growth): string {
  const { warn, substituteFunc, replacement } = options;
  // the rest after a cut: what substituteAt scans in place, at the same depth
  const nested = (rest: string): string => substituteAt(rest, lookup, warn, 0, growth);
  // compose-go names the whole template in an InvalidTemplateError that has none of its own: made
  // once (its message quotes the template), however many invalid matches the template holds
  let invalid: InvalidTemplateError | undefined;
  const defaults: DefaultReplacement = (match) => {
    const closing = firstBraceClosingIndex(match);
    const rest = closing < 0 ? '' : match.slice(closing + 1);
    const cut = closing < 0 ? match : match.slice(0, closing + 1);
    // FindStringSubmatch: the first match in what it is given (a caller may hand it any string)
    const m = new Scanner(cut).next(0);
    if (m?.escaped) return { value: '$', applied: true };
    const name = m ? m.named || m.braced : '';
    if (!m || name === '') throw (invalid ??= new InvalidTemplateError(template));
    if (!m.named) {
      let value: string | undefined;
      if (substituteFunc) value = substituteFunc(name, lookup);
      else {
        // the operator occurring first in the match; its function applies only when the body holds it
        const op = substitutionOperator(cut);
        if (name.includes(op)) value = applyOperator(op, name, lookup, warn, 0, growth);
      }
      if (value !== undefined) return { value: value + nested(rest), applied: true };
    }
    const value = lookup(name);
    if (value === undefined) warn?.(`The ${goQuote(name)} variable is not set. Defaulting to a blank string.`);
    return { value: value ?? '', applied: value !== undefined };
  };
  const replace = replacement ?? ((match: string) => defaults(match).value);
  const scanner = new Scanner(template);
  let out = '';
  let pos = 0;
  let error: Error | undefined;
  for (let m = scanner.next(pos); m; m = scanner.next(pos)) {
    out += template.slice(pos, m.start);
    pos = m.end;
    try {
      out += replace(template.slice(m.start, m.end), lookup, defaults);
    } catch (e) {
      if (e instanceof TemplateSizeError || !(e instanceof Error)) throw e;
      error ??= e;
    }
    if (growth.used + out.length - pos > growth.max) throw new TemplateSizeError(growth.max);
  }
  if (error) throw error;
  return out + template.slice(pos);
}
