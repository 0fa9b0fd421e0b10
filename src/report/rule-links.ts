/**
 * Where a rule's page lives, for the outputs that link to it (SARIF `helpUri`, the rule headings of
 * the markdown report and PR comment, the text report's "For more information" footer). One
 * setting: a URL template where `{id}` stands for the rule id, e.g.
 * `https://github.com/OWNER/compose-review/blob/v1/docs/rules/{id}.md` (the committed pages) or
 * `https://review.example.com/docs/rules/{id}` (the pages the service serves itself); a URL without
 * `{id}` is a base the id is appended to.
 *
 * Given as an option, else `COMPOSE_REVIEW_RULE_DOCS_URL` from the environment (the GitHub Action
 * sets it to the action's own repository and ref), else none: this package has no public home to
 * guess a link from, and a report's text does not change with where it is installed.
 */
export const RULE_DOCS_ENV = 'COMPOSE_REVIEW_RULE_DOCS_URL';

/**
 * The template in force: the argument, else the environment's; `false` for none. A URL a report can
 * carry as it is (http or https, no space, quote, bracket or backslash to escape in any format), else none.
 */
export function ruleDocsTemplate(template?: string | false): string | undefined {
  if (template === false) return undefined;
  const t = template ?? process.env[RULE_DOCS_ENV];
  return t && /^https?:\/\/[^\s"'`()<>[\]\\]+$/.test(t) ? t : undefined;
}

/** The URL of a rule's page (the id percent-encoded), or undefined when no template is known. */
export function ruleDocUrl(id: string, template?: string | false): string | undefined {
  const t = ruleDocsTemplate(template);
  if (!t) return undefined;
  const encoded = encodeURIComponent(id);
  return t.includes('{id}') ? t.split('{id}').join(encoded) : `${t}${encoded}`;
}

/** The index of the pages: the template up to `{id}` (the directory holding them). */
export function ruleDocsIndex(template?: string | false): string | undefined {
  const t = ruleDocsTemplate(template);
  return t ? t.split('{id}')[0] : undefined;
}
