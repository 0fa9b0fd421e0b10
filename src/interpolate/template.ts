/**
 * compose-go template.Substitute: `$VAR`, `${VAR}`, `${VAR:-d}`, `${VAR-d}`, `${VAR:?e}`, `${VAR?e}`,
 * `${VAR:+r}`, `${VAR+r}`, nesting and `$$`. A port of template/template.go, quirks included: the
 * braced group is greedy to the last `}` of the line and then cut at the first balanced `}`, the
 * rest being substituted on its own.
 */

/** Returns the value of a variable, undefined when unset (set-but-empty is ''). */
export type Lookup = (name: string) => string | undefined;

export interface SubstituteOptions {
  /** receives compose-go's logrus warnings ("The "X" variable is not set. ...") */
  warn?: (message: string) => void;
}

export type Operator = ':?' | '?' | ':-' | '-' | ':+' | '+';

/**
 * compose-go's DefaultPattern. Groups: 1 escaped, 2 named, 3 braced, 4 after the operator,
 * 5 invalid. `u` makes `i` fold like Go's (?i) (k matches U+212A, s matches U+017F); `[^\n]` is Go's `.`.
 */
export const TEMPLATE_SOURCE = String.raw`\$(?:(\$)|([_a-z][_a-z0-9]*)|\{(?:([_a-z][_a-z0-9]*(?::?[-+?]([^\n]*))?)\}|()))`;
const ALL = new RegExp(TEMPLATE_SOURCE, 'giu');
const FIRST = new RegExp(TEMPLATE_SOURCE, 'iu');

/** An interpolation failure; `variable` is set when a required variable is missing. */
export class InterpolationError extends Error {
  readonly variable?: string;
}

/** A `$` expression that is not a valid template (`${`, `${}`, `${ x}`). */
export class InvalidTemplateError extends InterpolationError {
  constructor(readonly template: string) {
    super(`Invalid template: ${goQuote(template)}`);
  }
}

/** `${VAR:?reason}` / `${VAR?reason}` whose variable is missing. */
export class MissingRequiredError extends InterpolationError {
  constructor(override readonly variable: string, readonly reason: string) {
    super(reason !== '' ? `required variable ${variable} is missing a value: ${reason}` : `required variable ${variable} is missing a value`);
  }
}

/** Go's strconv.Quote, as printed by %q and %#v. */
export function goQuote(s: string): string {
  let out = '"';
  for (const ch of s) {
    const c = ch.codePointAt(0)!;
    if (ch === '"' || ch === '\\') out += '\\' + ch;
    else if (c >= 0x20 && c < 0x7f) out += ch;
    else if (c === 7) out += '\\a';
    else if (c === 8) out += '\\b';
    else if (c === 12) out += '\\f';
    else if (c === 10) out += '\\n';
    else if (c === 13) out += '\\r';
    else if (c === 9) out += '\\t';
    else if (c === 11) out += '\\v';
    else if (c < 0x20 || c === 0x7f) out += '\\x' + c.toString(16).padStart(2, '0');
    else if (/^[\p{L}\p{M}\p{N}\p{P}\p{S}\u0020]$/u.test(ch)) out += ch;
    else if (c === 0xfffd || (c >= 0xd800 && c <= 0xdfff)) out += '\\ufffd';
    else out += c > 0xffff ? '\\U' + c.toString(16).padStart(8, '0') : '\\u' + c.toString(16).padStart(4, '0');
  }
  return out + '"';
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

/** Index of the `}` closing the first `{`, -1 if none (template.go getFirstBraceClosingIndex). */
export function firstBraceClosingIndex(s: string): number {
  let open = 0;
  for (let i = 0; i < s.length; i++) {
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

function partition(s: string, sep: string): [string, string] {
  const i = s.indexOf(sep);
  return i < 0 ? [s, ''] : [s.slice(0, i), s.slice(i + sep.length)];
}

interface Applied {
  value: string;
  applied: boolean;
}

/** One braced expression with its operator; not applied when the body lacks the operator. */
function applyOperator(op: Operator, body: string, lookup: Lookup, warn: SubstituteOptions['warn']): Applied {
  if (!body.includes(op)) return { value: '', applied: false };
  const [name, arg] = partition(body, op);
  const value = lookup(name);
  const colon = op.length === 2;
  switch (op[op.length - 1]) {
    case '-':
      if (value === undefined || (colon && value === '')) return { value: substituteOrThrow(arg, lookup, warn), applied: true };
      return { value, applied: true };
    case '+':
      if (value !== undefined && (!colon || value !== '')) return { value: substituteOrThrow(arg, lookup, warn), applied: true };
      return { value: value ?? '', applied: true };
    default:
      // the reason is substituted only when it is needed (no warning for an unused `${A?${B}}`)
      if (value === undefined || (colon && value === '')) throw new MissingRequiredError(name, substituteOrThrow(arg, lookup, warn));
      return { value, applied: true };
  }
}

function replacement(substring: string, lookup: Lookup, warn: SubstituteOptions['warn']): string {
  const op = substitutionOperator(substring);
  const closing = firstBraceClosingIndex(substring);
  let rest = '';
  if (closing > -1) {
    rest = substring.slice(closing + 1);
    substring = substring.slice(0, closing + 1);
  }
  const m = FIRST.exec(substring);
  if (!m) throw new InvalidTemplateError('');
  if (m[1]) return m[1];
  const braced = !m[2];
  const substitution = m[2] || m[3] || '';
  if (substitution === '') throw new InvalidTemplateError('');
  if (braced) {
    const r = applyOperator(op, substitution, lookup, warn);
    if (r.applied) return r.value + substituteOrThrow(rest, lookup, warn);
  }
  const value = lookup(substitution);
  if (value === undefined) warn?.(`The ${goQuote(substitution)} variable is not set. Defaulting to a blank string.`);
  return value ?? '';
}

interface Outcome {
  result: string;
  error?: InterpolationError;
}

/** compose-go SubstituteWithOptions: every match is replaced; the first error is kept. */
function substituteAll(template: string, lookup: Lookup, warn: SubstituteOptions['warn']): Outcome {
  let error: InterpolationError | undefined;
  // replace() runs every match before calling back, so nested calls cannot disturb ALL.lastIndex
  const result = template.replace(ALL, (substring: string) => {
    try {
      return replacement(substring, lookup, warn);
    } catch (e) {
      if (!(e instanceof InterpolationError)) throw e;
      // the innermost substitute call names the template (compose-go fills an empty Template)
      error ??= e instanceof InvalidTemplateError && e.template === '' ? new InvalidTemplateError(template) : e;
      return '';
    }
  });
  return { result, error };
}

function substituteOrThrow(template: string, lookup: Lookup, warn: SubstituteOptions['warn']): string {
  const { result, error } = substituteAll(template, lookup, warn);
  if (error) throw error;
  return result;
}

/** Substitutes variables; throws InvalidTemplateError or MissingRequiredError (both InterpolationError). */
export function substitute(template: string, lookup: Lookup, options: SubstituteOptions = {}): string {
  return substituteOrThrow(template, lookup, options.warn);
}

/** Like substitute, but returns the (partial) result with the first error, as compose-go does. */
export function trySubstitute(template: string, lookup: Lookup, options: SubstituteOptions = {}): { result: string; error?: InterpolationError } {
  return substituteAll(template, lookup, options.warn);
}
