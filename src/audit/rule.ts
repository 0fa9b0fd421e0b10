/**
 * How a rule is written, in ESLint's shape: `meta` with the rule's message templates, and a check
 * that reports a model path, a message id and the data of the message's `{{placeholders}}`. The
 * runner turns the path into a location and the message id into text (`formatMessage`), so every
 * finding of a rule says things the same way and carries its `messageId`.
 *
 * `serviceRule` is the common case, one service at a time: it owns the loop over the model's
 * services, prefixes paths with `services.<name>` and gives every message `{{service}}`.
 * `defineRule` is for the rules that look at the whole model (across services, top-level keys,
 * the raw files). Both keep the rule's id as a literal type, which the registry checks.
 *
 * A report stays data (path, message id, data) until the runner formats it: merging the findings of
 * one rule at one source location, or a rule over the whole project, is the runner's business, not
 * each rule's.
 */
import type { TreeObject } from '../yaml/located.js';
import type { AuditContext, Report, Rule, RuleMeta } from './types.js';
import { services } from './model.js';
import { bundleText, isOwnText } from './vocabulary.js';

type Messages = Readonly<Record<string, string>>;

/** The `{{name}}` placeholders of a message template (nothing is known of a template built at run time). */
type Placeholders<S extends string> = S extends `${string}{{${infer K}}}${infer Rest}` ? K | Placeholders<Rest> : never;

type DataOf<P extends string> = [P] extends [never]
  ? { data?: undefined }
  : { data: { readonly [K in P]: string | number } };

/** One of the rule's messages with the data its placeholders name (`Given`: what the helper fills in). */
export type MessageReport<M extends Messages, Given extends string = never> = {
  [K in keyof M & string]: { messageId: K } & DataOf<Exclude<Placeholders<M[K]>, Given>>;
}[keyof M & string];

/** What a whole-model rule reports: a path from the model's root. */
export type RuleReport<M extends Messages> = MessageReport<M> & Report;

/** What a service rule reports: a path below the service (`['ports', 0]`; `[]` for the service itself). */
export type ServiceReport<M extends Messages> = MessageReport<M, 'service'> & Report;

export type RuleDefinition<Id extends string, M extends Messages> = RuleMeta<Id> & { messages: M };

/** A rule over the whole model of one environment. */
export function defineRule<const Id extends string, const M extends Messages>(
  meta: RuleDefinition<Id, M>,
  check: (ctx: AuditContext, report: (r: RuleReport<M>) => void) => void,
): Rule<Id> {
  return { meta, check };
}

/** A rule that looks at one service at a time. */
export function serviceRule<const Id extends string, const M extends Messages>(
  meta: RuleDefinition<Id, M>,
  check: (svc: TreeObject, name: string, report: (r: ServiceReport<M>) => void, ctx: AuditContext) => void,
): Rule<Id> {
  return {
    meta,
    check(ctx, report) {
      for (const [name, svc] of services(ctx.model))
        check(
          svc,
          name,
          // the path below the service and the service beside it: the runner makes the whole path,
          // and `{{service}}`, only for what it keeps (no copy of each report made here)
          (r) => report(r, name),
          ctx,
        );
    },
  };
}

const PLACEHOLDER = /\{\{(\w+)\}\}/;

/**
 * `value` as JSON writes a string's inside: `"`, `\` and control characters escaped, any other
 * character as it is (a byte that is not UTF-8 is then written as each output writes one: U+FFFD in
 * text, `\ufffd` in JSON, as the value is anywhere else).
 */
const quotedInside = (value: string): string =>
  // eslint-disable-next-line no-control-regex -- the control characters JSON escapes
  value.replace(/["\\\u0000-\u001f]/g, (c) => JSON.stringify(c).slice(1, -1));

/** A message template split at its placeholders: text, name, text, ..., name, text (a template without any is itself). */
export function templateParts(template: string): readonly string[] {
  return template.split(PLACEHOLDER);
}

/**
 * The text of a message from its template's parts: each `{{name}}` replaced by `data.name` (data is
 * never re-read as a template). The runner splits each template of a rule once per audit: a
 * `replace` with a callback for each of 100,000 findings was a sixth of the runner's time.
 */
export function fillMessage(parts: readonly string[], data: Readonly<Record<string, string | number>> = {}): string {
  let s = parts[0];
  for (let i = 1; i < parts.length; i += 2) {
    const name = parts[i];
    // a value is the bundle's: a secret in it is masked whatever words of ours it holds
    if (!Object.hasOwn(data, name)) {
      s += `{{${name}}}${parts[i + 1]}`;
      continue;
    }
    const value = data[name];
    // a value the template quotes (`"{{image}}"`) is written as JSON writes a string's inside, as the
    // messages that quote a value with jsonQuote escape it: a `"` in it cannot end the quote early and
    // make the rest read as our words (`image "x" (and 1 more) has no tag ..."`)
    // (a value of ours, an ownText such as override-drops-safety's `a restart policy`, is as written)
    const text =
      typeof value !== 'string'
        ? String(value)
        : isOwnText(value)
          ? value
          : bundleText(parts[i - 1].endsWith('"') && parts[i + 1].startsWith('"') ? quotedInside(value) : value);
    s += text + parts[i + 1];
  }
  return s;
}

/** The text of a message: each `{{name}}` replaced by `data.name` (one pass: data is never re-read as a template). */
export function formatMessage(template: string, data: Readonly<Record<string, string | number>> = {}): string {
  return fillMessage(templateParts(template), data);
}
